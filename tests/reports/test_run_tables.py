"""The tables of a run's page list phases and stages in the order of the process, not of
their codes, so a reader sees intake before coaching and market choice before acceleration."""

from __future__ import annotations

from django.utils import translation

from reports.charts.runs import tables_of


def test_phases_and_stages_read_in_the_order_of_the_process():
    figures = {
        "dropouts_by_phase": {"after_workshops": 2, "coaching": 0, "intake": 1, "trip": 1},
        "export_lab_stage_counts": {"acceleration": 1, "incubation": 1, "market_choice": 0},
        "by_region": [],
    }
    with translation.override("en"):
        tables = {
            table.title: table.rows for table in tables_of("participation", figures).breakdowns
        }
    assert [row[0] for row in tables["Dropouts by phase"]] == [
        "During intake",
        "During coaching",
        "After the workshops",
        "Around the trip",
    ]
    assert [row[0] for row in tables["Firms per export-lab stage"]] == [
        "Market choice",
        "International incubation",
        "International acceleration",
    ]

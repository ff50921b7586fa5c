"""The tables of a run's page list phases and stages in the order of the process, not of
their codes, so a reader sees intake before coaching and market choice before acceleration."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

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


def test_a_country_list_reads_as_a_table_of_countries_the_others_last():
    figures = {
        "firms_supported": 9,
        "markets_entered": {"US": 4, "DE": 3, "other": {"value": None, "suppressed": True}},
    }
    with translation.override("en"):
        tables = tables_of("outcomes", figures)
    assert [(table.title, table.headers) for table in tables.breakdowns] == [
        ("Markets entered", ["Country", "Firms"])
    ]
    assert tables.breakdowns[0].rows == [
        ["Germany (DE)", "3"],
        ["United States of America (US)", "4"],
        ["Other countries", "suppressed"],
    ]
    assert "Markets entered" not in [label for label, _value in tables.headline]


def test_countries_visited_get_their_table_among_the_participation_breakdowns():
    figures = {"trips_done": 5, "countries_visited": {"NO": 5}, "by_region": []}
    with translation.override("en"):
        tables = tables_of("participation", figures)
    breakdowns = {table.title: table.rows for table in tables.breakdowns}
    assert breakdowns["Countries visited (firms per country)"] == [["Norway (NO)", "5"]]
    assert [label for label, _value in tables.headline] == ["Trips done"]


def test_a_country_list_of_codes_or_hidden_whole_is_one_line():
    with translation.override("en"):
        listed = tables_of("outcomes", {"markets_entered": ["DE", "NO"]})
        hidden = tables_of("outcomes", {"markets_entered": {"value": None, "suppressed": True}})
        absent = tables_of("outcomes", {})
    assert ("Markets entered", "Germany (DE), Norway (NO)") in listed.headline
    assert ("Markets entered", "suppressed") in hidden.headline
    assert ("Markets entered", "—") in absent.headline
    assert not listed.breakdowns and not hidden.breakdowns


def test_labels_of_the_page_are_in_the_readers_language():
    figures = {"firms_applied": 8, "dropouts_by_phase": {"trip": 1}, "by_region": []}
    with translation.override("sv"):
        tables = tables_of("participation", figures)
        applied, trip = gettext("Firms applied"), gettext("Around the trip")
        title = gettext("Dropouts by phase")
        (phases,) = [b.rows for b in tables.breakdowns if str(b.title) == title]
    assert applied != "Firms applied"
    assert (applied, "8") in tables.headline
    assert phases == [[trip, "1"]]

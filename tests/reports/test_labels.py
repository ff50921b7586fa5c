"""The label catalogue (reports.labels): every code a report run holds has words, in the
reader's language, and an unknown code stands for itself rather than breaking a download.

The walk over real runs is the guard against a figure added without its label: it computes
every report kind on the hand-built dataset (tests/reports/conftest.py) and looks up every
section and key the downloads carry, whole and as a funder sees them.
"""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from reports import exports, labels
from reports.models import ReportKind, ReportRun
from reports.services import canonical_json, checksum_of, report_body
from reports.suppression import RunView, suppress
from tests.factories.common import AS_OF


def views_of(body: dict) -> list[RunView]:
    """The run as cluster staff and as a funder read it."""
    views = []
    for shown, suppressed in ((body, False), (suppress(body), True)):
        text = canonical_json(shown)
        views.append(RunView(shown, text, checksum_of(text), suppressed))
    return views


def unlabelled(body: dict) -> list[tuple[str, object]]:
    """The (section, key) pairs of the body's downloads that the catalogue has no label for."""
    run = ReportRun(pk=1, kind=body["kind"])
    missing = []
    for view in views_of(body):
        for section, _section_label, key, *_rest in list(exports.rows(run, view))[1:]:
            if labels.known_section_label(section) is None:
                missing.append((section, None))
            if labels.known_key_label(section, key) is None:
                missing.append((section, key))
    return missing


def body_with(kind: str, **figures) -> dict:
    return {
        "kind": kind,
        "scope": {"type": "programme", "programme": "EU-TEST"},
        "as_of": "2026-06-30",
        "projects": ["alpha-abroad"],
        "figures": figures,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ReportKind.values)
def test_every_section_and_key_of_todays_reports_has_a_label(dataset, kind):
    bodies = [
        report_body(kind=kind, project=dataset.project, programme=None, as_of=AS_OF),
        report_body(kind=kind, project=None, programme=dataset.programme, as_of=AS_OF),
    ]
    assert all(body["figures"] for body in bodies)
    for body in bodies:
        assert unlabelled(body) == []
        assert all(labels.known_section_label(name) for name in body["figures"])


def test_the_country_lists_and_the_entry_for_the_others_have_labels():
    body = body_with(
        "outcomes",
        markets_entered={"DE": 3, "NO": 1},
        countries_visited={"US": 4, "CN": 2},
    )
    assert unlabelled(body) == []
    with translation.override("en"):
        assert labels.key_label("markets_entered", "DE") == "Germany"
        assert labels.key_label("countries_visited", "other") == "Other countries"
        assert labels.section_label("countries_visited") == "Countries visited (firms per country)"


def test_the_walk_finds_a_figure_without_a_label():
    body = body_with("participation", firms_teleported=2, dropouts_by_phase={"on_the_moon": 3})
    assert (
        unlabelled(body)
        == [
            ("figures", "firms_teleported"),
            ("dropouts_by_phase", "on_the_moon"),
        ]
        * 2
    )


def test_an_unknown_code_stands_for_itself():
    assert labels.figure_label("firms_teleported") == "firms_teleported"
    assert labels.section_label("by_town.firms_supported") == "by_town.firms_supported"
    assert labels.key_label("dropouts_by_phase", "on_the_moon") == "on_the_moon"
    assert labels.key_label("markets_entered", "XX") == "XX"
    assert labels.key_label("by_town", 3) == "3"
    assert labels.report_kind_label("forecast") == "forecast"
    assert labels.outcome_kind_label("award") == "award"


def test_breakdown_keys_take_the_labels_of_their_choices():
    with translation.override("en"):
        assert labels.key_label("dropouts_by_phase", "after_workshops") == "After the workshops"
        assert labels.key_label("dropouts_by_phase", "unknown") == "Phase not recorded"
        assert labels.key_label("export_lab_stage_counts", "incubation") == (
            "International incubation"
        )
        assert labels.key_label("RCO01", "micro") == "Micro"
        assert labels.key_label("RCO01", "total") == "Total"
        assert labels.key_label("by_region.firms_supported", "") == "no region"
        assert labels.key_label("by_region.firms_supported", "Dalarna") == "Dalarna"
        assert labels.report_kind_label("outcomes") == "Outcomes"
        assert labels.outcome_kind_label("market_entered") == "Market entered"


def test_labels_are_in_the_active_language():
    with translation.override("sv"):
        swedish = labels.figure_label("firms_applied")
        assert swedish == gettext("Firms applied")
        assert labels.key_label("dropouts_by_phase", "trip") == gettext("Around the trip")
        assert labels.key_label("markets_entered", "DE") == "Tyskland"
        assert labels.report_kind_label("participation") == gettext("Participation")
    with translation.override("en"):
        assert labels.figure_label("firms_applied") == "Firms applied"
    # Swedish has this word: the test would see a label stuck in English.
    assert swedish != "Firms applied"

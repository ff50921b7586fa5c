"""Small-group suppression of a funder's view: which cells are hidden and how they are marked.

The bodies are written out by hand; the expected views too.
"""

from __future__ import annotations

import copy

import pytest

from reports.suppression import (
    Audience,
    cells_to_hide,
    marker,
    run_view,
    suppress,
    suppress_country_list,
)
from tests.factories.clusters import (
    ClusterRoleFactory,
    FunderUserFactory,
    ProgrammeFactory,
    ProgrammeParticipationFactory,
    UserFactory,
)

HIDDEN = {"value": None, "suppressed": True}


def participation_body(**figures) -> dict:
    return {
        "kind": "participation",
        "scope": {"type": "project", "project": "triip"},
        "as_of": "2018-12-31",
        "projects": ["triip"],
        "figures": {
            "firms_supported": 12,
            "firms_dropped": 5,
            "by_region": [],
            "dropouts_by_phase": {},
            "export_lab_stage_counts": {},
            **figures,
        },
    }


def test_counts_of_one_or_two_are_hidden_and_three_or_more_and_zero_are_shown():
    assert cells_to_hide({"a": 1, "b": 2, "c": 3, "d": 0, "e": 40}) == {"a", "b"}
    assert cells_to_hide({"a": 0, "b": 3}) == set()


def test_a_lone_small_cell_takes_the_smallest_other_cell_with_it():
    # 1 hidden beside a published total: total − visible cells would give it back.
    assert cells_to_hide({"a": 1, "b": 7, "c": 4, "d": 0}) == {"a", "c"}
    # Hidden cells together already hold 3 firms: nothing more to hide.
    assert cells_to_hide({"a": 1, "b": 2, "c": 9}) == {"a", "b"}
    # Ties go to the first cell of the breakdown.
    assert cells_to_hide({"a": 2, "b": 5, "c": 5}) == {"a", "b"}


def test_zero_is_never_taken_as_a_complementary_cell():
    assert cells_to_hide({"a": 1, "b": 0, "c": 0}) == {"a"}


def test_funder_view_of_the_triip_participation_report():
    body = participation_body(
        by_region=[
            {"region": "Dalarna", "firms_supported": 3, "firms_completed": 1},
            {"region": "Gävleborg", "firms_supported": 4, "firms_completed": 3},
            {"region": "Värmland", "firms_supported": 5, "firms_completed": 0},
        ],
        dropouts_by_phase={"after_workshops": 2, "coaching": 3, "trip": 1},
        export_lab_stage_counts={"acceleration": 1, "incubation": 1},
    )
    original = copy.deepcopy(body)

    view = suppress(body)

    assert view["figures"]["by_region"] == [
        # Dalarna's 1 completed firm is hidden, and with it Gävleborg's 3 (the smallest other
        # non-zero count), else 4 − 3 − 0 would give Dalarna's back. Both rows leave the list
        # by name: one "other" row stands for them.
        {"region": "Värmland", "firms_supported": 5, "firms_completed": 0},
        {"region": "other", "firms_supported": HIDDEN, "firms_completed": HIDDEN},
    ]
    assert view["figures"]["dropouts_by_phase"] == {"coaching": 3, "other": HIDDEN}
    # Two firms in all: nothing larger to hide them behind, the whole breakdown is "other".
    assert view["figures"]["export_lab_stage_counts"] == {"other": HIDDEN}
    assert view["suppression"] == {"min_firms": 3, "suppressed_cells": 4}
    # Totals are not breakdowns; the stored body is left as it was.
    assert view["figures"]["firms_supported"] == 12
    assert view["figures"]["firms_dropped"] == 5
    assert body == original


def test_outcome_reports_have_no_breakdown_to_hide():
    body = {
        "kind": "outcomes",
        "scope": {"type": "programme", "programme": "ERDF-1"},
        "as_of": "2026-01-01",
        "projects": ["triip"],
        "figures": {"firms_supported": 2, "firms_with_new_customers": 1},
    }
    view = suppress(body)
    assert view["figures"] == body["figures"]
    assert view["suppression"] == {"min_firms": 3, "suppressed_cells": 0}


def test_an_indicator_report_hides_small_regions_but_not_totals_or_the_size_split():
    rco01 = {
        "code": "RCO01",
        "achieved": 6,
        "by_size": {"micro": 2, "small": 1, "medium": 3, "large": 0},
        "by_region": {"Dalarna": 4, "Gävleborg": 2, "Värmland": 0},
    }
    rco04 = {"code": "RCO04", "achieved": 5, "by_region": {"Dalarna": 5, "Gävleborg": 0}}
    body = {
        "kind": "indicators",
        "scope": {"type": "programme", "programme": "ERDF-1"},
        "as_of": "2026-01-01",
        "projects": ["triip"],
        "figures": {"programmes": [{"programme": "ERDF-1", "indicators": [rco01, rco04]}]},
    }
    view = suppress(body)
    rows = view["figures"]["programmes"][0]["indicators"]
    # Gävleborg's 2 is hidden, and Dalarna with it (6 - 4 would give it away); Värmland's 0
    # folds in too, else the regions left out would be named by elimination.
    assert rows[0]["by_region"] == {"other": marker()}
    assert rows[0]["achieved"] == 6
    # The split by size class is what EU reporting asks for, as it is.
    assert rows[0]["by_size"] == {"micro": 2, "small": 1, "medium": 3, "large": 0}
    assert rows[1]["by_region"] == {"Dalarna": 5, "Gävleborg": 0}
    assert view["suppression"] == {"min_firms": 3, "suppressed_cells": 1}


class FakeProject:
    def __init__(self, cluster_id: int):
        self.cluster_id = cluster_id


class FakeRun:
    """What run_view reads of a run: scope ids, the stored result, canonical text, checksum,
    and the stored funder's view (empty here, as for a run finished before it was stored:
    run_view derives it)."""

    def __init__(self, *, project=None, programme_id=None, result=None):
        self.project = project
        self.project_id = 1 if project else None
        self.programme_id = programme_id
        self.result = result
        self.canonical = "stored canonical text"
        self.checksum = "stored checksum"
        self.suppressed_canonical = ""
        self.suppressed_checksum = ""


@pytest.mark.django_db
def test_office_staff_read_their_clusters_runs_whole_and_a_funder_the_derived_view(
    cluster_a, manager_a, coach_a
):
    body = participation_body(dropouts_by_phase={"trip": 1})
    run = FakeRun(project=FakeProject(cluster_a.pk), result=body)
    funder = FunderUserFactory(user=UserFactory()).user

    staff_view = run_view(run, Audience.of(manager_a))
    funder_view = run_view(run, Audience.of(funder))
    coach_view = run_view(run, Audience.of(coach_a))

    assert staff_view.body is body
    assert (staff_view.canonical, staff_view.checksum) == (
        "stored canonical text",
        "stored checksum",
    )
    assert funder_view.body["figures"]["dropouts_by_phase"] == {"other": HIDDEN}
    # Never the stored checksum: it would let a funder test guesses of the hidden cells.
    assert funder_view.checksum != "stored checksum"
    assert len(funder_view.checksum) == 64
    # A coach is staff but not office staff: it gets the derived view too.
    assert coach_view.suppressed


@pytest.mark.django_db
def test_a_programme_run_is_whole_only_for_staff_of_every_cluster_taking_part(
    cluster_a, cluster_b, manager_a
):
    from clusters.models import Programme
    from tests.factories.clusters import FunderFactory

    def programme(code: str, *clusters) -> Programme:
        made = ProgrammeFactory(
            funder=FunderFactory(),
            name=code,
            code=code,
            budget=1,
            start="2024-01-01",
            end="2025-01-01",
            cofinancing_rate=50,
            hourly_value=90,
        )
        for cluster in clusters:
            ProgrammeParticipationFactory(programme=made, cluster=cluster)
        return made

    own = programme("OWN", cluster_a)
    shared = programme("SHARED", cluster_a, cluster_b)
    audience = Audience.of(manager_a)
    assert audience.sees_unsuppressed(FakeRun(programme_id=own.pk))
    # The shared programme's report counts cluster B's firms too.
    assert not audience.sees_unsuppressed(FakeRun(programme_id=shared.pk))
    both = ClusterRoleFactory(cluster=cluster_b, user=manager_a, role="viewer").user
    assert Audience.of(both).sees_unsuppressed(FakeRun(programme_id=shared.pk))


# Country lists -------------------------------------------------------------------------------


def outcomes_body(**figures) -> dict:
    return {
        "kind": "outcomes",
        "scope": {"type": "project", "project": "triip"},
        "as_of": "2018-12-31",
        "projects": ["triip"],
        "figures": {"firms_supported": 12, "units_sold": 40, **figures},
    }


def test_a_country_of_one_or_two_firms_is_not_named_and_one_other_entry_stands_for_them():
    body = outcomes_body(markets_entered={"CN": 2, "DE": 3, "NO": 1, "US": 7})
    original = copy.deepcopy(body)

    view = suppress(body)

    assert view["figures"]["markets_entered"] == {"DE": 3, "US": 7, "other": HIDDEN}
    assert view["suppression"] == {"min_firms": 3, "suppressed_cells": 1}
    # The other figures and the stored body are left as they were.
    assert view["figures"]["units_sold"] == 40
    assert body == original


def test_the_other_entry_is_the_marker_even_when_the_countries_left_out_add_up_to_three():
    # One firm could have entered all three: their sum is not a number of firms.
    body = outcomes_body(markets_entered={"DE": 1, "NO": 1, "US": 1})
    assert suppress(body)["figures"]["markets_entered"] == {"other": HIDDEN}


def test_a_country_list_with_nothing_to_hide_has_no_other_entry_and_zero_is_shown():
    body = outcomes_body(markets_entered={"DE": 3, "NO": 0}, countries_visited={})
    view = suppress(body)
    assert view["figures"]["markets_entered"] == {"DE": 3, "NO": 0}
    assert view["figures"]["countries_visited"] == {}
    assert view["suppression"]["suppressed_cells"] == 0


def test_countries_visited_follow_the_same_rule_beside_the_other_breakdowns():
    body = participation_body(
        dropouts_by_phase={"trip": 1, "coaching": 4},
        countries_visited={"CN": 1, "DE": 5},
    )
    view = suppress(body)
    assert view["figures"]["countries_visited"] == {"DE": 5, "other": HIDDEN}
    # The phases: trip (1) and coaching (4) behind it, one other entry; the countries: one.
    assert view["figures"]["dropouts_by_phase"] == {"other": HIDDEN}
    assert view["suppression"]["suppressed_cells"] == 2


def test_a_country_list_of_the_older_shape_has_no_counts_so_a_funder_gets_the_marker():
    view = suppress(outcomes_body(markets_entered=["DE", "NO", "US"]))
    assert view["figures"]["markets_entered"] == HIDDEN
    assert view["suppression"]["suppressed_cells"] == 1
    # An empty list names no firm.
    assert suppress(outcomes_body(markets_entered=[]))["figures"]["markets_entered"] == []


def test_suppressing_a_funders_view_again_changes_nothing():
    view = suppress(outcomes_body(markets_entered={"DE": 3, "NO": 1}, countries_visited=["US"]))
    again = suppress(view)
    assert again["figures"] == view["figures"]
    assert again["figures"]["markets_entered"] == {"DE": 3, "other": HIDDEN}
    assert again["figures"]["countries_visited"] == HIDDEN


@pytest.mark.parametrize(
    ("countries", "expected"),
    [
        ({"DE": True, "NO": 4}, ({"NO": 4, "other": HIDDEN}, 1)),
        ({"DE": None, "NO": "7"}, ({"other": HIDDEN}, 1)),
        (None, (None, 0)),
        (HIDDEN, (HIDDEN, 0)),
    ],
)
def test_a_country_count_that_is_not_a_number_is_not_shown(countries, expected):
    assert suppress_country_list(countries) == expected


# Suppression that cannot be reversed (issue 11) ---------------------------------------------


def test_one_non_zero_phase_beside_the_published_total_hides_the_whole_breakdown():
    # 2 dropped, all in one phase: hiding the cell alone, firms_dropped (2) and the zeros of
    # the other phases would give it back.
    body = participation_body(
        firms_dropped=2,
        dropouts_by_phase={"after_workshops": 0, "coaching": 0, "trip": 2, "unknown": 0},
    )
    view = suppress(body)
    assert view["figures"]["dropouts_by_phase"] == {"other": HIDDEN}
    assert view["figures"]["firms_dropped"] == 2


def test_hidden_cells_do_not_keep_their_keys_so_successive_runs_do_not_show_where_a_firm_went():
    before = suppress(participation_body(dropouts_by_phase={"coaching": 4, "trip": 3, "intake": 0}))
    after = suppress(participation_body(dropouts_by_phase={"coaching": 4, "trip": 3, "intake": 1}))
    assert before["figures"]["dropouts_by_phase"] == {"coaching": 4, "intake": 0, "trip": 3}
    # The new firm dropped at intake: neither "intake" nor the cell hidden with it is named.
    assert after["figures"]["dropouts_by_phase"] == {"coaching": 4, "other": HIDDEN}


def test_a_region_row_with_a_hidden_measure_leaves_the_list_and_zero_rows_fold_with_it():
    body = participation_body(
        by_region=[
            {"region": "Dalarna", "firms_supported": 1, "firms_completed": 0},
            {"region": "Gävleborg", "firms_supported": 6, "firms_completed": 4},
            {"region": "Värmland", "firms_supported": 3, "firms_completed": 0},
            {"region": "Örebro", "firms_supported": 0, "firms_completed": 0},
        ]
    )
    rows = suppress(body)["figures"]["by_region"]
    assert rows == [
        {"region": "Gävleborg", "firms_supported": 6, "firms_completed": 4},
        {"region": "other", "firms_supported": HIDDEN, "firms_completed": HIDDEN},
    ]
    assert "Dalarna" not in str(rows) and "Örebro" not in str(rows)


def test_rows_whose_small_cells_cannot_reach_three_firms_become_one_other_row():
    body = participation_body(
        by_cohort=[
            {"cohort": "Spring", "firms_supported": 2, "firms_completed": 1},
            {"cohort": "Autumn", "firms_supported": 0, "firms_completed": 0},
        ]
    )
    assert suppress(body)["figures"]["by_cohort"] == [
        {"cohort": "other", "firms_supported": HIDDEN, "firms_completed": HIDDEN}
    ]


@pytest.mark.django_db
def test_a_funder_cannot_tell_the_phase_of_the_one_firm_that_dropped_out(
    client_for, funder_user, project_x
):
    """The small world of project_x: four active firms in Gävleborg, one that dropped out
    after the workshops in Dalarna. The funder sees firms_dropped = 1."""
    from django.urls import reverse

    from reports.services import report_run_compute, report_run_request

    run = report_run_request(kind="participation", project=project_x, requested_by=None, as_of=None)
    report_run_compute(run_id=run.pk)
    body = client_for(funder_user).get(reverse("api:report-run-detail", args=[run.pk])).json()
    figures = body["result"]["figures"]
    assert figures["firms_dropped"] == 1
    assert figures["dropouts_by_phase"] == {"other": HIDDEN}
    assert "after_workshops" not in str(figures["dropouts_by_phase"])
    assert "Dalarna" not in str(figures["by_region"])

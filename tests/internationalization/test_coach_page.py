"""The coach's page: the coach's firms only, with hours used, allotted and left, the export-lab
stage, the last activity and the links to act; in a flat number of queries."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from internationalization.choices import ExportLabStage, OutcomeKind, OutcomeSource
from internationalization.services.coaching import coaching_allotment_change
from internationalization.services.export_lab import export_lab_advance, export_lab_start
from internationalization.services.outcomes import outcome_record
from tests.factories.activities import log_session
from tests.factories.clusters import UserFactory
from tests.factories.common import TODAY
from tests.factories.members import firm_with_rep
from tests.factories.projects import enrolment_through_intake, running_project

pytestmark = pytest.mark.django_db

URL = "/activities/coach/"


@pytest.fixture
def project(cluster_a):
    return running_project(cluster_a)


@pytest.fixture
def other_coach():
    return UserFactory(email="other.coach@example.org")


def enrol(project, cluster, name, *, manager, coach):
    firm, _rep = firm_with_rep(cluster, name)
    return enrolment_through_intake(project, firm, manager=manager, coach=coach)


def test_the_url_is_fixed():
    assert reverse("internationalization:coach-home") == URL


def test_coach_sees_only_the_firms_assigned_to_them(
    client_for, project, cluster_a, manager_a, coach_a, other_coach
):
    enrol(project, cluster_a, "Mine AB", manager=manager_a, coach=coach_a)
    enrol(project, cluster_a, "Theirs AB", manager=manager_a, coach=other_coach)
    response = client_for(coach_a).get(URL)
    assert [str(f.enrolment.organization) for f in response.context["firms"]] == ["Mine AB"]
    assert "Theirs AB" not in response.content.decode()


def test_each_row_shows_hours_stage_and_last_activity(
    client_for, project, cluster_a, manager_a, coach_a
):
    enrolment = enrol(project, cluster_a, "Mine AB", manager=manager_a, coach=coach_a)
    coaching_allotment_change(enrolment=enrolment, hours=Decimal("12"), actor=manager_a)
    log_session(enrolment, coach_a, "2.5", day=TODAY - timedelta(days=40))
    log_session(enrolment, coach_a, "1", day=TODAY - timedelta(days=30))
    track = export_lab_start(
        enrolment=enrolment, target_market="CN", entered_on=TODAY - timedelta(days=35)
    )
    export_lab_advance(
        track=track, to_stage=ExportLabStage.MARKET_ANALYSIS, entered_on=TODAY - timedelta(days=20)
    )
    outcome_record(
        enrolment=enrolment,
        kind=OutcomeKind.INTERNATIONAL_CONTACT,
        date=TODAY - timedelta(days=25),
        source=OutcomeSource.COACH,
        recorded_by=coach_a,
    )
    response = client_for(coach_a).get(URL)
    (firm,) = response.context["firms"]
    assert (firm.hours_used, firm.hours_allotted, firm.hours_left) == (
        Decimal("3.5"),
        Decimal("12"),
        Decimal("8.5"),
    )
    assert firm.track.stage == ExportLabStage.MARKET_ANALYSIS
    assert firm.last_activity == TODAY - timedelta(days=20)  # the export-lab step, the latest
    page = response.content.decode()
    assert "8.50 left (3.50 of 12 used)" in page
    assert "Market analysis" in page and "China" in page
    for name in ("session-create", "outcome-create", "session-list"):
        assert reverse(f"internationalization:{name}", args=[enrolment.pk]) in page
    assert reverse("internationalization:export-lab-track", args=[track.pk]) in page


def test_a_firm_without_activity_or_track(client_for, project, cluster_a, manager_a, coach_a):
    enrolment = enrol(project, cluster_a, "Quiet AB", manager=manager_a, coach=coach_a)
    response = client_for(coach_a).get(URL)
    (firm,) = response.context["firms"]
    assert firm.last_activity is None
    assert firm.track is None
    assert firm.hours_left == Decimal("20")
    page = response.content.decode()
    assert "none yet" in page
    assert reverse("internationalization:export-lab-start", args=[enrolment.pk]) in page


def test_a_manager_without_firms_sees_the_empty_state(client_for, manager_a):
    response = client_for(manager_a).get(URL)
    assert response.status_code == 200
    assert "No firm is assigned to you" in response.content.decode()


def test_query_count_stays_flat_with_ten_firms(
    client_for, project, cluster_a, manager_a, coach_a, django_assert_num_queries
):
    def busy_firm(n):
        enrolment = enrol(project, cluster_a, f"Firm {n:02d} AB", manager=manager_a, coach=coach_a)
        log_session(enrolment, coach_a, "1", day=TODAY - timedelta(days=n + 1))
        export_lab_start(
            enrolment=enrolment, target_market="DE", entered_on=TODAY - timedelta(days=n + 1)
        )
        outcome_record(
            enrolment=enrolment,
            kind=OutcomeKind.NEW_CUSTOMER,
            date=TODAY,
            source=OutcomeSource.COACH,
            recorded_by=coach_a,
        )

    busy_firm(0)
    client = client_for(coach_a)
    # session, user, paginator count, the page of enrolments with project, firm, track, hours
    # used and the latest session, outcome and export-lab step (subqueries), the current
    # cluster with the switcher's clusters, the user's staff roles for the navigation.
    with django_assert_num_queries(6):
        assert len(client.get(URL).context["firms"]) == 1
    for n in range(1, 10):
        busy_firm(n)
    with django_assert_num_queries(6):
        assert len(client.get(URL).context["firms"]) == 10

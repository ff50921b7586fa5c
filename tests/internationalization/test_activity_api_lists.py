"""The activity lists of the API at scale: the same queries for few rows as for many, the
timbank's hours used per request computed per row (not from a join of every timesheet row),
and cursor pages for coaching sessions and outcomes (no count of the whole table)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories.activities import (
    CoachingSessionFactory,
    OutcomeFactory,
    TimbankRequestFactory,
    TimesheetEntryFactory,
)
from tests.factories.members import OrganizationFactory
from tests.factories.projects import EnrolmentFactory

pytestmark = pytest.mark.django_db


def enrolments(project, cluster, count: int):
    return [
        EnrolmentFactory(project=project, organization=OrganizationFactory(cluster=cluster))
        for _ in range(count)
    ]


def timbank_requests(project, cluster, count: int):
    """``count`` requests, the n-th with n timesheet entries of one hour each."""
    made = []
    for number, enrolment in enumerate(enrolments(project, cluster, count), start=1):
        request = TimbankRequestFactory(enrolment=enrolment, status="approved")
        for _ in range(number):
            TimesheetEntryFactory(request=request, hours=Decimal("1"))
        made.append(request)
    return made


@pytest.mark.parametrize("count", [2, 6])
def test_the_timbank_request_list_reads_the_same_queries_for_few_and_many(
    client_for, manager_a, project, cluster_a, count, django_assert_max_num_queries
):
    timbank_requests(project, cluster_a, count)
    client = client_for(manager_a)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("api:timbank-request-list"))
    assert response.json()["count"] == count


def test_the_timbank_request_list_sums_each_requests_own_timesheet(
    client_for, manager_a, project, cluster_a
):
    made = timbank_requests(project, cluster_a, 3)
    TimbankRequestFactory(enrolment=made[0].enrolment)  # no timesheet: 0.00
    rows = client_for(manager_a).get(reverse("api:timbank-request-list")).json()["results"]
    used = {row["id"]: row["hours_used"] for row in rows}
    assert [used[request.pk] for request in made] == [1, 2, 3]
    assert sorted(used.values()) == [0, 1, 2, 3]


def sessions(project, cluster, count: int):
    first = date(2026, 1, 1)
    for number, enrolment in enumerate(enrolments(project, cluster, count)):
        CoachingSessionFactory(enrolment=enrolment, date=first + timedelta(days=number // 2))


def outcomes(project, cluster, count: int):
    first = date(2026, 1, 1)
    for number, enrolment in enumerate(enrolments(project, cluster, count)):
        OutcomeFactory(enrolment=enrolment, date=first + timedelta(days=number // 2))


LISTS = [("api:coaching-session-list", sessions), ("api:outcome-list", outcomes)]


@pytest.mark.parametrize(("route", "make"), LISTS)
@pytest.mark.parametrize("count", [2, 6])
def test_activity_lists_read_the_same_queries_for_few_and_many(
    client_for, manager_a, project, cluster_a, route, make, count, django_assert_max_num_queries
):
    make(project, cluster_a, count)
    client = client_for(manager_a)
    with django_assert_max_num_queries(4):
        response = client.get(reverse(route))
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize(("route", "make"), LISTS)
def test_activity_lists_page_by_cursor_newest_first_without_a_count(
    client_for, manager_a, project, cluster_a, route, make, settings
):
    """Pages of 50: 120 rows, two a day, come back newest first on three pages linked by
    ``next``, each row once, and no page counts the table."""
    make(project, cluster_a, 120)
    client = client_for(manager_a)
    page = client.get(reverse(route)).json()
    assert "count" not in page
    assert page["previous"] is None
    seen = []
    while True:
        seen += [(row["date"], row["id"]) for row in page["results"]]
        if not page["next"]:
            break
        page = client.get(page["next"]).json()
    assert len(seen) == 120
    assert seen == sorted(seen, reverse=True)


@pytest.mark.parametrize(("route", "make"), LISTS)
def test_activity_lists_keep_their_filters_on_the_next_page(
    client_for, manager_a, project, cluster_a, route, make
):
    make(project, cluster_a, 60)
    client = client_for(manager_a)
    page = client.get(reverse(route), {"project": project.slug}).json()
    assert f"project={project.slug}" in page["next"]
    rest = client.get(page["next"]).json()["results"]
    assert len(page["results"]) + len(rest) == 60

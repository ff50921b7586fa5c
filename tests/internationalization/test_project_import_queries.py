"""The project import's coaching sheet is written in bulk: a sheet of many sessions runs the
same queries as a sheet of few (issue 12: 100,000-row workbooks at thousands of rows a
second), while one bad session still writes nothing and is listed with its line."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from internationalization.models import CoachingSession
from members.models import Organization
from projects.models import Enrolment, EnrolmentStatusChange
from tests.internationalization.test_project_import import (  # noqa: F401 - fixtures
    ORSA,
    SILJAN,
    SLUG,
    coach,
    errors_of,
    fpx,
    manager,
    run,
    sample,
)

# The sample's firms have their coach: the sessions are the coach's.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("coach")]


def with_sessions(count: int) -> dict:
    """The sample with ``count`` more quarter-hour sessions of two active firms."""
    sheets = sample()
    for number in range(count):
        sheets["coaching"].append(
            {
                "registry_id": (SILJAN, ORSA)[number % 2],
                "date": (date(2025, 3, 10) + timedelta(days=number)).isoformat(),
                "hours": "0.25",
                "topic": f"Follow-up {number}",
            }
        )
    return sheets


def import_queries(run, sheets: dict) -> int:  # noqa: F811 - the fixture
    with CaptureQueriesContext(connection) as captured:
        report = run(sheets, dry_run=True)
    assert not report.errors, errors_of(report)
    return len(captured)


def test_many_coaching_sessions_take_the_queries_of_few(run):  # noqa: F811
    run(with_sessions(2), dry_run=True)  # what a first import caches is not the sheet's cost
    assert import_queries(run, with_sessions(2)) == import_queries(run, with_sessions(24))


def test_a_bad_session_among_many_writes_nothing_and_is_listed(run):  # noqa: F811
    sheets = with_sessions(24)
    sheets["coaching"][-1]["hours"] = "0.3"
    sheets["coaching"][-3]["date"] = "2030-01-01"
    report = run(sheets)
    lines = {line for sheet, line in errors_of(report) if sheet == "coaching"}
    assert lines == {len(sheets["coaching"]) + 1, len(sheets["coaching"]) - 1}
    assert not CoachingSession.objects.exists()


# The participants sheet --------------------------------------------------------------------


def with_firms(fpx, count: int, first: int = 0) -> dict:  # noqa: F811 - the fixture
    """The sample's project with ``count`` firms of the cluster, active with the sample's
    coach, and no activity sheets."""
    sheets = {sheet: [] for sheet in sample()}
    sheets["project"] = sample()["project"]
    for number in range(first, first + count):
        registry_id = f"556700-{number:04d}"
        Organization.objects.create(
            cluster=fpx,
            registry_id=registry_id,
            legal_name=f"Firm {number} AB",
            region="Dalarna",
            employees=5,
            turnover=Decimal("800000"),
        )
        sheets["participants"].append(
            {
                "registry_id": registry_id,
                "organization_name": f"Firm {number} AB",
                "applied_on": "2025-02-03",
                "status": "active",
                "interviewed_on": "2025-02-10",
                "decided_on": "2025-02-17",
                "activated_on": "2025-03-03",
                "coach_email": "coach.dalarna@example.com",
            }
        )
    return sheets


def test_many_firms_take_the_queries_of_few(run, fpx):  # noqa: F811
    """The sheet's firms are enrolled together (lookups made once, rows inserted together),
    not some fifty queries each. Seven firms: SQLite takes at most 999 parameters a
    statement, so the 28 history records of more firms would be inserted in two."""
    run(with_firms(fpx, 2, first=100), dry_run=True)  # what a first import caches
    assert import_queries(run, with_firms(fpx, 2)) == import_queries(run, with_firms(fpx, 7, 2))


def test_firms_enrolled_together_get_every_step_and_its_history(run, fpx):  # noqa: F811
    report = run(with_firms(fpx, 3))
    assert report.ok, errors_of(report)
    for enrolment in Enrolment.objects.filter(project__slug=SLUG):
        assert enrolment.status == "active"
        assert enrolment.coach.email == "coach.dalarna@example.com"
        steps = EnrolmentStatusChange.objects.filter(enrolment=enrolment)
        assert [(s.to_status, s.on.isoformat()) for s in steps.order_by("on", "pk")] == [
            ("applied", "2025-02-03"),
            ("interviewed", "2025-02-10"),
            ("accepted", "2025-02-17"),
            ("active", "2025-03-03"),
        ]
        history = enrolment.history.order_by("history_id")
        assert [(h.history_type, h.status) for h in history] == [
            ("+", "applied"),
            ("~", "interviewed"),
            ("~", "accepted"),
            ("~", "active"),
        ]


def test_a_bad_firm_among_many_writes_nothing_and_is_listed(run, fpx):  # noqa: F811
    sheets = with_firms(fpx, 12)
    sheets["participants"][3]["decided_on"] = "2025-02-01"  # before its interview
    sheets["participants"][7]["applied_on"] = "2024-01-01"  # outside the enrolment window
    report = run(sheets)
    assert set(errors_of(report)) == {("participants", 5), ("participants", 9)}
    assert "decided_on" in errors_of(report)[("participants", 5)]
    assert "applied_on" in errors_of(report)[("participants", 9)]
    assert not Enrolment.objects.exists()

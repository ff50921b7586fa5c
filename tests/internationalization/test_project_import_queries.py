"""The project import's coaching sheet is written in bulk: a sheet of many sessions runs the
same queries as a sheet of few (issue 12: 100,000-row workbooks at thousands of rows a
second), while one bad session still writes nothing and is listed with its line."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from internationalization.models import CoachingSession
from tests.internationalization.test_project_import import (  # noqa: F401 - fixtures
    ORSA,
    SILJAN,
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

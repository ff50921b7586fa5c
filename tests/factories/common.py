"""Constants and small helpers every factory module and test shares."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

TEST_PASSWORD = "a-long-test-password"

# The day the report tests count as of: tests/reports/conftest.py lays its dataset out around it.
AS_OF = date(2026, 6, 30)

TODAY = timezone.localdate()
# A project "running now" has its activities from half a year ago to a year from now, so tests
# can log sessions in the past and outcomes "today" whatever day they run.
RUNNING_START = TODAY - timedelta(days=180)
RUNNING_END = TODAY + timedelta(days=365)

# A firm's self-assessment when it applies (scores 1–5 and comments).
ASSESSMENT = {
    "score_market": 3,
    "comment_market": "We sell in Norway.",
    "score_customers": 2,
    "comment_customers": "",
    "score_situation": 1,
    "comment_situation": "",
}
READINESS = {"score_market": 3, "score_customers": 2, "score_situation": 2}


def utc_at(day: date, hour: int = 9) -> datetime:
    """An aware instant on ``day`` (UTC), for rows written by hand."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)

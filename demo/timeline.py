"""The days of an intake, counted from the day a firm applied: the interview two weeks later,
the decision a week after it, and the start (fee paid, coach at work) a week after that. Both
the enrolments' dated history (``demo.enrolments``) and the generated firms' activities
(``demo.crowd``) follow them, so no activity comes before the firm took part."""

from __future__ import annotations

from datetime import date, timedelta

INTERVIEW_AFTER = timedelta(days=14)
DECISION_AFTER = timedelta(days=21)
START_AFTER = timedelta(days=28)


def interviewed_on(applied_on: date) -> date:
    return applied_on + INTERVIEW_AFTER


def decided_on(applied_on: date) -> date:
    return applied_on + DECISION_AFTER


def started_on(applied_on: date) -> date:
    """The day an accepted firm paid its fee and became active."""
    return applied_on + START_AFTER

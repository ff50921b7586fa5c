"""Medians of lead times (days from asking to a decision) for the report selectors: found in
the database where it can (PostgreSQL's ``percentile_disc``), read as pairs where it cannot
(SQLite), rounded the same way either way."""

from __future__ import annotations

import statistics
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Aggregate, DecimalField, F, Func, Q, QuerySet


def hours_figure(value) -> float:
    """Hours as a JSON number rounded to two places: the same value on every database."""
    return float(Decimal(value or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


class PercentileDisc(Aggregate):
    """The middle value of a group on PostgreSQL (``percentile_disc(0.5)``): the lower of the
    two middle values, or the upper one with ``descending``. Both together give what
    ``statistics.median`` averages, computed in the database."""

    function = "PERCENTILE_DISC"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s%(direction)s)"
    allow_distinct = False

    def __init__(self, expression, *, descending: bool = False, **extra):
        super().__init__(expression, direction=" DESC" if descending else "", **extra)


def _epoch_seconds(start: str, end: str) -> Func:
    """Seconds from ``start`` to ``end`` (PostgreSQL, exact: a numeric)."""
    return Func(
        F(end) - F(start),
        template="EXTRACT(EPOCH FROM %(expressions)s)",
        output_field=DecimalField(),
    )


def median_aggregates(start: str, end: str, condition: Q) -> dict:
    """The two middle lead times (seconds) of the rows meeting ``condition``, as aggregates;
    none where the database has no percentile (SQLite reads the pairs instead)."""
    if connection.vendor != "postgresql":
        return {}
    seconds = _epoch_seconds(start, end)
    return {
        "median_low": PercentileDisc(seconds, filter=condition),
        "median_high": PercentileDisc(seconds, descending=True, filter=condition),
    }


def median_days(pairs) -> float | None:
    days = [(done - asked).total_seconds() / 86400 for asked, done in pairs]
    return hours_figure(statistics.median(days)) if days else None


def median_days_of(
    totals: dict, rows: QuerySet, condition: Q, start: str, end: str
) -> float | None:
    """The median lead time in days, rounded as ``median_days`` rounds it: from the two middle
    values the database found, or from every pair of ``rows`` meeting ``condition`` where it
    cannot find them (the filter is built only then: building it costs)."""
    if "median_low" not in totals:
        return median_days(rows.filter(condition).values_list(start, end))
    if totals["median_low"] is None:
        return None
    # float(Decimal) of the exact seconds is the float timedelta.total_seconds() gives.
    middle = [float(totals[key]) / 86400 for key in ("median_low", "median_high")]
    return hours_figure(statistics.median(middle))

"""The floors of the outcomes report (``reports.selectors.figures.outcomes``): the same figures
in hand-written PostgreSQL, and with pandas. The interface: ``config/bench/floors/__init__.py``.

A firm is a registry id; the supported enrolments are those of the projects with a change to
"accepted" dated on or before ``as_of``; what a firm reported counts once verified.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection

KINDS = {
    "firms_with_new_customers": "new_customer",
    "firms_with_new_retailers": "new_retailer",
    "firms_with_prototypes": "prototype",
    "firms_with_products_launched": "product_launched",
    "firms_in_follow_up_programmes": "follow_up_programme",
}
CONTACT_KINDS = ("international_contact", "international_partner")

# The supported enrolments with their firm: the start of every statement below.
SUPPORTED = """
    SELECT e.id, o.registry_id
    FROM projects_enrolment e
    JOIN members_organization o ON o.id = e.organization_id
    WHERE e.project_id = ANY(%(projects)s)
      AND EXISTS (
        SELECT 1 FROM projects_enrolmentstatuschange c
        WHERE c.enrolment_id = e.id AND c.to_status = 'accepted' AND c."on" <= %(as_of)s
      )
"""

COUNTS = f"""
WITH supported AS ({SUPPORTED}),
reported AS (
    SELECT s.registry_id, x.kind, x.quantity, x.verification
    FROM internationalization_outcome x JOIN supported s ON s.id = x.enrolment_id
    WHERE x.date <= %(as_of)s
)
SELECT
    (SELECT count(DISTINCT registry_id) FROM supported),
    count(DISTINCT registry_id) FILTER (
        WHERE verification = 'verified' AND kind IN ('international_contact',
                                                     'international_partner')),
    count(DISTINCT registry_id) FILTER (WHERE verification = 'verified' AND kind = 'new_customer'),
    count(DISTINCT registry_id) FILTER (WHERE verification = 'verified' AND kind = 'new_retailer'),
    count(DISTINCT registry_id) FILTER (WHERE verification = 'verified' AND kind = 'prototype'),
    count(DISTINCT registry_id) FILTER (
        WHERE verification = 'verified' AND kind = 'product_launched'),
    count(DISTINCT registry_id) FILTER (
        WHERE verification = 'verified' AND kind = 'follow_up_programme'),
    count(*) FILTER (WHERE verification = 'reported'),
    coalesce(sum(quantity) FILTER (WHERE verification = 'verified' AND kind = 'units_sold'), 0)
FROM reported
"""

MARKETS = f"""
WITH supported AS ({SUPPORTED})
SELECT x.country, count(DISTINCT s.registry_id)
FROM internationalization_outcome x JOIN supported s ON s.id = x.enrolment_id
WHERE x.date <= %(as_of)s AND x.verification = 'verified' AND x.kind = 'market_entered'
  AND x.country <> ''
GROUP BY x.country
"""

COUNT_NAMES = [
    "firms_with_international_contacts",
    "firms_with_new_customers",
    "firms_with_new_retailers",
    "firms_with_prototypes",
    "firms_with_products_launched",
    "firms_in_follow_up_programmes",
]


def _share(count: int, total: int) -> float:
    if not total:
        return 0.0
    return float(
        (Decimal(count) / Decimal(total)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    )


def _figures(total: int, counts: dict, awaiting: int, units: int, markets: dict) -> dict:
    result = {
        "firms_supported": total,
        **counts,
        "outcomes_awaiting_verification": awaiting,
        "units_sold": units,
        "markets_entered": markets,
    }
    result.update({f"share_{name}": _share(count, total) for name, count in counts.items()})
    return result


def sql(project_ids: list[int], as_of: date, programme_id: int | None = None) -> dict:
    """Two statements: every count, then the markets entered."""
    params = {"projects": list(project_ids), "as_of": as_of}
    with connection.cursor() as cursor:
        cursor.execute(COUNTS, params)
        total, *numbers, awaiting, units = cursor.fetchone()
        cursor.execute(MARKETS, params)
        markets = dict(cursor.fetchall())
    counts = dict(zip(COUNT_NAMES, numbers, strict=True))
    return _figures(total, counts, awaiting, int(units), markets)


def _frame(query: str, params: dict, columns: list[str]):
    import pandas as pd

    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return pd.DataFrame(cursor.fetchall(), columns=columns)


def pandas(project_ids: list[int], as_of: date, programme_id: int | None = None) -> dict:
    """The needed columns of the projects' enrolments, acceptances and outcomes, joined and
    counted in pandas."""
    params = {"projects": list(project_ids), "as_of": as_of}
    enrolments = _frame(
        "SELECT e.id, o.registry_id FROM projects_enrolment e"
        " JOIN members_organization o ON o.id = e.organization_id"
        " WHERE e.project_id = ANY(%(projects)s)",
        params,
        ["enrolment_id", "registry_id"],
    )
    changes = _frame(
        'SELECT c.enrolment_id, c.to_status, c."on" FROM projects_enrolmentstatuschange c'
        " JOIN projects_enrolment e ON e.id = c.enrolment_id"
        " WHERE e.project_id = ANY(%(projects)s)",
        params,
        ["enrolment_id", "to_status", "on"],
    )
    outcomes = _frame(
        "SELECT x.enrolment_id, x.kind, x.date, x.country, x.quantity, x.verification"
        " FROM internationalization_outcome x"
        " JOIN projects_enrolment e ON e.id = x.enrolment_id"
        " WHERE e.project_id = ANY(%(projects)s)",
        params,
        ["enrolment_id", "kind", "date", "country", "quantity", "verification"],
    )
    accepted = changes[(changes.to_status == "accepted") & (changes["on"] <= as_of)]
    supported = enrolments[enrolments.enrolment_id.isin(accepted.enrolment_id)]
    reported = outcomes[outcomes.date <= as_of].merge(supported, on="enrolment_id")
    records = reported[reported.verification == "verified"]

    def firms(rows) -> int:
        return int(rows.registry_id.nunique())

    counts = {"firms_with_international_contacts": firms(records[records.kind.isin(CONTACT_KINDS)])}
    counts.update({name: firms(records[records.kind == kind]) for name, kind in KINDS.items()})
    markets = records[(records.kind == "market_entered") & (records.country != "")]
    by_country = markets.groupby("country").registry_id.nunique()
    return _figures(
        firms(supported),
        counts,
        int((reported.verification == "reported").sum()),
        int(records.loc[records.kind == "units_sold", "quantity"].sum()),
        {country: int(n) for country, n in by_country.items()},
    )

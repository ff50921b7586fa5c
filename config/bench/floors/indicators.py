"""The floors of the indicator report (``reports.selectors.indicators.indicators``): the same
figures in hand-written PostgreSQL, and with pandas. The interface:
``config/bench/floors/__init__.py``.

The counting rules are restated here on purpose (as SQL, and as pandas), not imported: a floor
that borrowed the app's code would agree with it by construction. Only the NUTS names
(``members.nuts``, a lookup table, no computation) are shared.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection

from members.nuts import nuts_code

SIZES = ("micro", "small", "medium", "large")
SME_SIZES = ("micro", "small", "medium")
SME_RULES = ("product_or_process_innovation", "marketing_or_organisational_innovation")
# The outcome kinds each outcome rule counts.
RULE_KINDS = {
    "research_cooperation": ["research_cooperation"],
    "product_new_to_market": ["product_new_to_market"],
    "product_new_to_firm": ["product_new_to_firm", "product_new_to_market"],
    "product_or_process_innovation": [
        "product_new_to_market",
        "product_new_to_firm",
        "process_innovation",
    ],
    "marketing_or_organisational_innovation": [
        "marketing_innovation",
        "organisational_innovation",
    ],
}

# The programmes reported (the one asked for, or those funding the projects) and the
# indicators of their own period, in the report's order, with their targets.
CATALOGUE = """
SELECT pr.id, pr.code, pr.period, pr.min_support_hours, pi.id, i.code, i.name, i.unit,
       i.counting_rule, i.outcome_kind, i.programme_id IS NULL, pi.baseline,
       (SELECT coalesce(json_agg(json_build_array(t.year, t.milestone, t.target)
                                 ORDER BY t.year), '[]')
        FROM clusters_indicatortarget t WHERE t.programme_indicator_id = pi.id)
FROM clusters_programme pr
LEFT JOIN (clusters_programmeindicator pi JOIN clusters_indicator i ON i.id = pi.indicator_id)
       ON pi.programme_id = pr.id AND i.period = pr.period
WHERE CASE WHEN %(programme)s::bigint IS NULL
           THEN pr.id IN (SELECT f.programme_id FROM projects_projectfunding f
                          WHERE f.project_id = ANY(%(projects)s))
           ELSE pr.id = %(programme)s::bigint END
ORDER BY pr.code, i.programme_id IS NOT NULL, i.code
"""

# Each firm (registry id) of the supported enrolments with what the rules read, then the
# firms counted per indicator use, region and size; a firm no use counts still names its
# region (use NULL), and so does each region the projects name. Activities are summed per
# enrolment (integer keys) before per firm; the outcome kinds of a firm are a bit mask.
COUNTS = """
WITH supported AS MATERIALIZED (
    SELECT e.id, e.organization_id, min(c."on") AS supported_on
    FROM projects_enrolment e
    JOIN projects_enrolmentstatuschange c ON c.enrolment_id = e.id AND c.to_status = 'accepted'
    WHERE e.project_id = ANY(%(projects)s)
    GROUP BY e.id HAVING min(c."on") <= %(as_of)s
),
facts AS (
    SELECT x.enrolment_id AS id, x.hours, 0::bigint AS mask, false AS grant_
    FROM internationalization_coachingsession x
    WHERE x.date <= %(as_of)s AND x.enrolment_id IN (SELECT id FROM supported)
    UNION ALL
    SELECT r.enrolment_id, t.hours, 0, false FROM internationalization_timesheetentry t
    JOIN internationalization_timbankrequest r ON r.id = t.request_id
    WHERE t.date <= %(as_of)s AND r.enrolment_id IN (SELECT id FROM supported)
    UNION ALL
    SELECT k.enrolment_id, 0, 0, false FROM internationalization_exportlabstep x
    JOIN internationalization_exportlabtrack k ON k.id = x.track_id
    WHERE x.entered_on <= %(as_of)s AND k.enrolment_id IN (SELECT id FROM supported)
    UNION ALL
    SELECT t.enrolment_id, NULL, 0, true FROM internationalization_expenseclaim x
    JOIN internationalization_trip t ON t.id = x.trip_id
    WHERE x.status = 'reimbursed' AND x.reimbursed_on <= %(as_of)s
      AND t.enrolment_id IN (SELECT id FROM supported)
    UNION ALL
    SELECT x.enrolment_id, NULL,
           1::bigint << coalesce(array_position(%(kinds)s::text[], x.kind::text), 0), false
    FROM internationalization_outcome x
    WHERE x.date <= %(as_of)s AND x.verification = 'verified'
      AND x.enrolment_id IN (SELECT id FROM supported)
),
-- Per enrolment: hours (NULL for none), non-financial support (a session, consultant hours
-- or a step: a row with hours), a reimbursed claim, the kinds of its verified outcomes.
per_enrolment AS (
    SELECT id, sum(hours) AS hours, bool_or(hours IS NOT NULL) AS non_financial,
           bool_or(grant_) AS grant_, bit_or(mask) AS mask
    FROM facts GROUP BY id
),
firm AS (
    SELECT (array_agg(o.size_class ORDER BY s.id))[1] AS size_class,
           (array_agg(coalesce(o.region, '') ORDER BY s.id))[1] AS region,
           (array_agg(o.founded_on ORDER BY s.id))[1] AS founded_on,
           min(s.supported_on) AS supported_on,
           coalesce(sum(p.hours), 0) AS hours,
           coalesce(bool_or(p.non_financial), false) AS non_financial,
           coalesce(bool_or(p.grant_), false) AS grant_,
           coalesce(bit_or(p.mask), 0) AS mask
    FROM supported s JOIN members_organization o ON o.id = s.organization_id
    LEFT JOIN per_enrolment p ON p.id = s.id
    GROUP BY o.registry_id
),
uses AS (
    SELECT pi.id, i.counting_rule AS rule, pr.min_support_hours,
           CASE WHEN i.counting_rule <> 'firms_with_outcome' THEN coalesce(rk.mask, 0)
                WHEN i.outcome_kind = '' THEN 0
                ELSE 1::bigint << coalesce(array_position(%(kinds)s::text[], i.outcome_kind), 0)
           END AS rule_mask
    FROM clusters_programmeindicator pi
    JOIN clusters_indicator i ON i.id = pi.indicator_id
    JOIN clusters_programme pr ON pr.id = pi.programme_id AND pr.period = i.period
    LEFT JOIN json_to_recordset(%(rule_masks)s::json) AS rk(rule text, mask bigint)
           ON rk.rule = i.counting_rule
    WHERE pi.programme_id = ANY(%(programmes)s)
)
SELECT u.id, f.region, f.size_class, count(u.id)
FROM firm f LEFT JOIN uses u ON f.hours >= u.min_support_hours AND CASE u.rule
    WHEN 'enterprises_supported' THEN true
    WHEN 'grants' THEN f.grant_
    WHEN 'non_financial_support' THEN f.non_financial
    WHEN 'new_enterprises' THEN f.founded_on IS NOT NULL
                                AND f.founded_on + interval '3 years' > f.supported_on
    WHEN 'product_or_process_innovation' THEN f.size_class IN ('micro', 'small', 'medium')
                                              AND f.mask & u.rule_mask <> 0
    WHEN 'marketing_or_organisational_innovation' THEN f.size_class IN ('micro', 'small', 'medium')
                                                       AND f.mask & u.rule_mask <> 0
    ELSE f.mask & u.rule_mask <> 0
    END
GROUP BY 1, 2, 3
UNION ALL
SELECT DISTINCT NULL::bigint, r.region, NULL, 0
FROM projects_project p, jsonb_array_elements_text(p.regions) AS r(region)
WHERE p.id = ANY(%(projects)s)
"""


def _hours_figure(value) -> float:
    return float(Decimal(value or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# Every outcome kind, each a bit of a firm's mask (bit 0: a kind not listed).
KIND_BITS = [
    "international_contact",
    "international_partner",
    "new_customer",
    "new_retailer",
    "units_sold",
    "prototype",
    "product_launched",
    "market_entered",
    "follow_up_programme",
    "became_member",
    "product_new_to_market",
    "product_new_to_firm",
    "process_innovation",
    "marketing_innovation",
    "organisational_innovation",
    "research_cooperation",
]


def _bit(kind: str) -> int:
    return 1 << (KIND_BITS.index(kind) + 1 if kind in KIND_BITS else 0)


def _rule_masks_json() -> str:
    return json.dumps(
        [
            {"rule": rule, "mask": sum(_bit(kind) for kind in kinds)}
            for rule, kinds in RULE_KINDS.items()
        ]
    )


def _sections(catalogue: list[tuple], counts: dict, regions: set[str]) -> dict:
    """The report's programmes from the catalogue rows and {use: {(region, size): firms}}."""
    nuts = {region: code for region in sorted(regions) if (code := nuts_code(region))}
    sections: dict[int, dict] = {}
    for row in catalogue:
        programme_id, code, period, threshold, use_id, *indicator = row
        section = sections.setdefault(
            programme_id,
            {
                "programme": code,
                "period": period,
                "min_support_hours": _hours_figure(threshold),
                "nuts": nuts,
                "indicators": [],
            },
        )
        if use_id is None:
            continue
        icode, name, unit, rule, _outcome_kind, common, baseline, targets = indicator
        cells = counts.get(use_id, {})
        by_region = dict.fromkeys(regions, 0)
        for (region, _size), n in cells.items():
            by_region[region] += n
        entry = {
            "code": icode,
            "name": name,
            "unit": unit,
            "rule": rule,
            "common": common,
            "achieved": sum(cells.values()),
            "baseline": baseline,
            "targets": {str(y): {"milestone": m, "target": t} for y, m, t in targets},
            "by_region": dict(sorted(by_region.items())),
        }
        if rule == "enterprises_supported":
            entry["by_size"] = {
                size: sum(n for (_r, s), n in cells.items() if s == size) for size in SIZES
            }
        section["indicators"].append(entry)
    return {"programmes": list(sections.values())}


def _catalogue(cursor, project_ids: list[int], programme_id: int | None) -> list[tuple]:
    cursor.execute(CATALOGUE, {"projects": list(project_ids), "programme": programme_id})
    return cursor.fetchall()


def sql(project_ids: list[int], as_of: date, programme_id: int | None = None) -> dict:
    """Two statements: the programmes with their indicators and targets, then every count."""
    with connection.cursor() as cursor:
        catalogue = _catalogue(cursor, project_ids, programme_id)
        params = {
            "projects": list(project_ids),
            "as_of": as_of,
            "programmes": sorted({row[0] for row in catalogue}),
            "rule_masks": _rule_masks_json(),
            "kinds": KIND_BITS,
        }
        cursor.execute(COUNTS, params)
        rows = cursor.fetchall()
    counts: dict[int, dict] = {}
    regions: set[str] = set()
    for use_id, region, size, n in rows:
        regions.add(region)
        if use_id is not None:
            counts.setdefault(use_id, {})[(region, size)] = n
    return _sections(catalogue, counts, regions)


def _frame(cursor, query: str, params: dict, columns: list[str]):
    import pandas as pd

    cursor.execute(query, params)
    return pd.DataFrame(cursor.fetchall(), columns=columns)


ENROLMENTS = (
    "SELECT e.id, o.registry_id, o.size_class, o.region, o.founded_on"
    " FROM projects_enrolment e JOIN members_organization o ON o.id = e.organization_id"
    " WHERE e.project_id = ANY(%(projects)s)"
)
# Each activity table's rows of the projects: (its enrolment, its date, what the rules read).
ACTIVITIES = {
    "changes": (
        'SELECT c.enrolment_id, c."on", c.to_status FROM projects_enrolmentstatuschange c',
        "c.enrolment_id",
        ["enrolment_id", "day", "to_status"],
    ),
    "sessions": (
        "SELECT x.enrolment_id, x.date, x.hours FROM internationalization_coachingsession x",
        "x.enrolment_id",
        ["enrolment_id", "day", "hours"],
    ),
    "timesheets": (
        "SELECT r.enrolment_id, t.date, t.hours FROM internationalization_timesheetentry t"
        " JOIN internationalization_timbankrequest r ON r.id = t.request_id",
        "r.enrolment_id",
        ["enrolment_id", "day", "hours"],
    ),
    "steps": (
        "SELECT k.enrolment_id, x.entered_on FROM internationalization_exportlabstep x"
        " JOIN internationalization_exportlabtrack k ON k.id = x.track_id",
        "k.enrolment_id",
        ["enrolment_id", "day"],
    ),
    "claims": (
        "SELECT t.enrolment_id, x.reimbursed_on, x.status FROM internationalization_expenseclaim x"
        " JOIN internationalization_trip t ON t.id = x.trip_id",
        "t.enrolment_id",
        ["enrolment_id", "day", "status"],
    ),
    "outcomes": (
        "SELECT x.enrolment_id, x.date, x.kind, x.verification FROM internationalization_outcome x",
        "x.enrolment_id",
        ["enrolment_id", "day", "kind", "verification"],
    ),
}


def _firm_frame(cursor, project_ids: list[int], as_of: date):
    """One row per registry id, with what the rules read, computed with pandas."""
    params = {"projects": list(project_ids)}
    enrolments = _frame(
        cursor, ENROLMENTS, params, ["enrolment_id", "registry_id", "size", "region", "founded"]
    )
    frames = {}
    for name, (query, key, columns) in ACTIVITIES.items():
        scoped = (
            f"{query} JOIN projects_enrolment e ON e.id = {key}"
            " WHERE e.project_id = ANY(%(projects)s)"
        )
        frames[name] = _frame(cursor, scoped, params, columns)
    accepted = frames["changes"][frames["changes"].to_status == "accepted"]
    first_accepted = accepted.groupby("enrolment_id", as_index=False).day.min()
    supported = enrolments.merge(
        first_accepted.rename(columns={"day": "supported_on"}), on="enrolment_id"
    )
    supported = supported[supported.supported_on <= as_of]
    firm_of = supported.set_index("enrolment_id").registry_id

    def firms_of(frame, mask):
        return set(frame[mask & frame.enrolment_id.isin(firm_of.index)].enrolment_id.map(firm_of))

    firms = supported.sort_values(["registry_id", "enrolment_id"]).groupby("registry_id")
    firm = firms.first()[["size", "region", "founded"]]
    firm["region"] = firm.region.fillna("")
    firm["supported_on"] = firms.supported_on.min()
    hours = []
    for name in ("sessions", "timesheets"):
        frame = frames[name]
        dated = frame[(frame.day <= as_of) & frame.enrolment_id.isin(firm_of.index)]
        hours.append(dated.assign(registry_id=dated.enrolment_id.map(firm_of)))
    import pandas as pd

    hours = pd.concat(hours)
    firm["hours"] = hours.groupby("registry_id").hours.sum().reindex(firm.index)
    firm["hours"] = firm.hours.apply(lambda h: Decimal(0) if pd.isna(h) else h)
    steps = firms_of(frames["steps"], frames["steps"].day <= as_of)
    firm["non_financial"] = firm.index.isin(set(hours.registry_id) | steps)
    claims = frames["claims"]
    firm["grant"] = firm.index.isin(
        firms_of(claims, (claims.status == "reimbursed") & (claims.day <= as_of))
    )
    outcomes = frames["outcomes"]
    verified = outcomes[(outcomes.day <= as_of) & (outcomes.verification == "verified")]
    verified = verified[verified.enrolment_id.isin(firm_of.index)]
    kinds = verified.assign(registry_id=verified.enrolment_id.map(firm_of))
    kinds = kinds.groupby("registry_id").kind.agg(set)
    firm["kinds"] = [kinds.get(registry_id, set()) for registry_id in firm.index]
    firm["is_new"] = [
        founded is not None and not pd.isna(founded) and _plus_three_years(founded) > since
        for founded, since in zip(firm.founded, firm.supported_on, strict=True)
    ]
    return firm


def _plus_three_years(day: date) -> date:
    try:
        return day.replace(year=day.year + 3)
    except ValueError:
        return day.replace(year=day.year + 3, day=28)


def _counted(firm, rule: str, outcome_kind: str):
    """The mask of the firms an indicator of ``rule`` counts, before the threshold."""
    import numpy as np

    return np.asarray(_rule_mask(firm, rule, outcome_kind), dtype=bool)


def _rule_mask(firm, rule: str, outcome_kind: str):
    if rule == "enterprises_supported":
        return firm.index == firm.index
    if rule == "grants":
        return firm.grant.to_numpy()
    if rule == "non_financial_support":
        return firm.non_financial.to_numpy()
    if rule == "new_enterprises":
        return firm.is_new.to_numpy()
    wanted = {outcome_kind} if rule == "firms_with_outcome" else set(RULE_KINDS.get(rule, ()))
    wanted.discard("")
    mask = firm.kinds.apply(lambda kinds: bool(kinds & wanted)).to_numpy(bool)
    if rule in SME_RULES:
        mask &= firm["size"].isin(SME_SIZES).to_numpy(bool)
    return mask


def pandas(project_ids: list[int], as_of: date, programme_id: int | None = None) -> dict:
    """The catalogue read as the SQL floor reads it; the firms and every count in pandas."""
    with connection.cursor() as cursor:
        catalogue = _catalogue(cursor, project_ids, programme_id)
        firm = _firm_frame(cursor, project_ids, as_of)
        named = cursor.execute(
            "SELECT regions FROM projects_project WHERE id = ANY(%(projects)s)",
            {"projects": list(project_ids)},
        ).fetchall()
    # Django reads jsonb as text (it decodes JSON itself, in the field).
    regions = set(firm.region) | {region for (names,) in named for region in json.loads(names)}
    counts: dict[int, dict] = {}
    for row in catalogue:
        threshold, use_id, rule, outcome_kind = row[3], row[4], row[8], row[9]
        if use_id is None:
            continue
        mask = _counted(firm, rule, outcome_kind) & (firm.hours >= threshold).to_numpy(bool)
        cells = firm[mask].groupby(["region", "size"]).size()
        counts[use_id] = {key: int(n) for key, n in cells.items()}
    return _sections(catalogue, counts, regions)

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
# region (use NULL), and so does each region the projects name.
COUNTS = """
WITH supported AS (
    SELECT e.id, o.registry_id, o.size_class, coalesce(o.region, '') AS region, o.founded_on,
           (SELECT min(c."on") FROM projects_enrolmentstatuschange c
            WHERE c.enrolment_id = e.id AND c.to_status = 'accepted') AS supported_on
    FROM projects_enrolment e JOIN members_organization o ON o.id = e.organization_id
    WHERE e.project_id = ANY(%(projects)s)
      AND EXISTS (SELECT 1 FROM projects_enrolmentstatuschange c
                  WHERE c.enrolment_id = e.id AND c.to_status = 'accepted'
                    AND c."on" <= %(as_of)s)
),
first AS (
    SELECT DISTINCT ON (registry_id) registry_id, size_class, region, founded_on
    FROM supported ORDER BY registry_id, id
),
support AS (
    SELECT registry_id, min(supported_on) AS supported_on FROM supported GROUP BY registry_id
),
hours AS (
    SELECT s.registry_id, x.hours FROM internationalization_coachingsession x
    JOIN supported s ON s.id = x.enrolment_id WHERE x.date <= %(as_of)s
    UNION ALL
    SELECT s.registry_id, t.hours FROM internationalization_timesheetentry t
    JOIN internationalization_timbankrequest r ON r.id = t.request_id
    JOIN supported s ON s.id = r.enrolment_id WHERE t.date <= %(as_of)s
),
hours_by_firm AS (SELECT registry_id, sum(hours) AS hours FROM hours GROUP BY registry_id),
steps AS (
    SELECT DISTINCT s.registry_id FROM internationalization_exportlabstep x
    JOIN internationalization_exportlabtrack k ON k.id = x.track_id
    JOIN supported s ON s.id = k.enrolment_id WHERE x.entered_on <= %(as_of)s
),
grants AS (
    SELECT DISTINCT s.registry_id FROM internationalization_expenseclaim x
    JOIN internationalization_trip t ON t.id = x.trip_id
    JOIN supported s ON s.id = t.enrolment_id
    WHERE x.status = 'reimbursed' AND x.reimbursed_on <= %(as_of)s
),
kinds AS (
    SELECT s.registry_id, array_agg(DISTINCT x.kind::text) AS kinds
    FROM internationalization_outcome x JOIN supported s ON s.id = x.enrolment_id
    WHERE x.date <= %(as_of)s AND x.verification = 'verified'
    GROUP BY s.registry_id
),
firm AS (
    SELECT f.registry_id, f.size_class, f.region,
           coalesce(h.hours, 0) AS hours,
           h.registry_id IS NOT NULL OR st.registry_id IS NOT NULL AS non_financial,
           g.registry_id IS NOT NULL AS grant_,
           f.founded_on IS NOT NULL
               AND f.founded_on + interval '3 years' > su.supported_on AS is_new,
           coalesce(k.kinds, '{}') AS kinds
    FROM first f JOIN support su USING (registry_id)
    LEFT JOIN hours_by_firm h USING (registry_id)
    LEFT JOIN steps st USING (registry_id)
    LEFT JOIN grants g USING (registry_id)
    LEFT JOIN kinds k USING (registry_id)
),
uses AS (
    SELECT pi.id, i.counting_rule AS rule, i.outcome_kind, pr.min_support_hours,
           coalesce(rk.kinds, '{}') AS rule_kinds
    FROM clusters_programmeindicator pi
    JOIN clusters_indicator i ON i.id = pi.indicator_id
    JOIN clusters_programme pr ON pr.id = pi.programme_id AND pr.period = i.period
    LEFT JOIN (SELECT r.rule, r.kinds FROM json_to_recordset(%(rule_kinds)s::json)
               AS r(rule text, kinds text[])) rk ON rk.rule = i.counting_rule
    WHERE pi.programme_id = ANY(%(programmes)s)
)
SELECT u.id, f.region, f.size_class, count(u.id)
FROM firm f LEFT JOIN uses u ON f.hours >= u.min_support_hours AND CASE u.rule
    WHEN 'enterprises_supported' THEN true
    WHEN 'grants' THEN f.grant_
    WHEN 'non_financial_support' THEN f.non_financial
    WHEN 'new_enterprises' THEN f.is_new
    WHEN 'firms_with_outcome' THEN u.outcome_kind <> '' AND u.outcome_kind::text = ANY(f.kinds)
    ELSE (u.rule NOT IN ('product_or_process_innovation',
                         'marketing_or_organisational_innovation')
          OR f.size_class IN ('micro', 'small', 'medium'))
         AND f.kinds && u.rule_kinds
    END
GROUP BY 1, 2, 3
UNION ALL
SELECT DISTINCT NULL::bigint, r.region, NULL, 0
FROM projects_project p, jsonb_array_elements_text(p.regions) AS r(region)
WHERE p.id = ANY(%(projects)s)
"""


def _hours_figure(value) -> float:
    return float(Decimal(value or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _rule_kinds_json() -> str:
    return json.dumps([{"rule": rule, "kinds": kinds} for rule, kinds in RULE_KINDS.items()])


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
            "rule_kinds": _rule_kinds_json(),
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

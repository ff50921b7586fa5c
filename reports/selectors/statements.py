"""Hand-written, parameterised SQL of the report selectors where the ORM costs more to build a
statement than the database takes to run it (a project's report runs in a few milliseconds;
compiling nine filtered aggregates took as long). Each statement is held here, once, in SQL
that PostgreSQL and SQLite both run (no FILTER, no ``= ANY``), and reads the projects through
the caller's queryset compiled as a subquery, so a programme's projects stay one statement.
"""

from __future__ import annotations

from collections import namedtuple
from datetime import date
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from internationalization.choices import ClaimStatus, OutcomeKind, Verification
from members.choices import MembershipStatus
from projects.choices import EnrolmentStatus

# The enrolments of the projects accepted on or before the day (figures.supported_enrolments):
# the FROM and WHERE of every outcomes statement; e is the enrolment, o its firm, x its
# outcomes. Placeholders: the day (in the outcomes' join), the projects' subquery, "accepted",
# the day.
_SUPPORTED = """
FROM projects_enrolment e
JOIN members_organization o ON o.id = e.organization_id
{outcomes_join}
WHERE e.project_id IN ({projects})
  AND EXISTS (
    SELECT 1 FROM projects_enrolmentstatuschange c
    WHERE c.enrolment_id = e.id AND c.to_status = %s AND c."on" <= %s
  )
"""

# Firms supported, then for each group of kinds the firms with a verified outcome of one of
# them (outcomes dated by the day), the outcomes awaiting verification, the units sold.
_COUNTS = """
SELECT COUNT(DISTINCT o.registry_id),
       {firm_counts},
       COUNT(CASE WHEN x.verification = %s THEN 1 END),
       SUM(CASE WHEN x.verification = %s AND x.kind = %s THEN x.quantity END)
{supported}
"""
_FIRM_COUNT = (
    "COUNT(DISTINCT CASE WHEN x.verification = %s AND x.kind IN ({kinds}) THEN o.registry_id END)"
)

# {country: firms} of the verified outcomes "market entered" dated by the day.
_MARKETS = """
SELECT x.country, COUNT(DISTINCT o.registry_id)
{supported}
  AND x.verification = %s AND x.kind = %s AND x.country <> ''
GROUP BY x.country
"""


def _projects_subquery(projects: QuerySet) -> tuple[str, tuple]:
    """The projects' ids as a subquery and its parameters; none for an empty queryset
    (``.none()``), which the ORM cannot compile."""
    try:
        return projects.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return "SELECT p.id FROM projects_project p WHERE 1 = 0", ()


def outcome_counts(
    projects: QuerySet, as_of: date, firm_counts: list[tuple[str, ...]]
) -> tuple[int, list[int], int, int]:
    """(firms supported, firms per group of ``firm_counts`` kinds, outcomes awaiting
    verification, units sold (0 for none)) of the projects' supported enrolments on ``as_of``:
    one statement."""
    subquery, projects_params = _projects_subquery(projects)
    counts, count_params = [], []
    for kinds in firm_counts:
        counts.append(_FIRM_COUNT.format(kinds=", ".join(["%s"] * len(kinds))))
        count_params += [Verification.VERIFIED, *kinds]
    sql = _COUNTS.format(
        firm_counts=",\n       ".join(counts),
        supported=_SUPPORTED.format(
            outcomes_join="LEFT JOIN internationalization_outcome x "
            "ON x.enrolment_id = e.id AND x.date <= %s",
            projects=subquery,
        ),
    )
    params = [
        *count_params,
        Verification.REPORTED,
        Verification.VERIFIED,
        OutcomeKind.UNITS_SOLD,
        as_of,
        *projects_params,
        EnrolmentStatus.ACCEPTED,
        as_of,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        supported, *firms, awaiting, units = cursor.fetchone()
    return supported, firms, awaiting, int(units or 0)


def markets_entered(projects: QuerySet, as_of: date) -> dict[str, int]:
    """{country: firms} of the projects' supported enrolments' verified "market entered"
    outcomes dated by ``as_of``: one statement."""
    subquery, projects_params = _projects_subquery(projects)
    sql = _MARKETS.format(
        supported=_SUPPORTED.format(
            outcomes_join="JOIN internationalization_outcome x "
            "ON x.enrolment_id = e.id AND x.date <= %s",
            projects=subquery,
        )
    )
    params = [
        as_of,
        *projects_params,
        EnrolmentStatus.ACCEPTED,
        as_of,
        Verification.VERIFIED,
        OutcomeKind.MARKET_ENTERED,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


# The firms of the projects' enrolments active on the day (the last status change on or before
# it, figures.status_as_of), and those of them with an activity in the window before it.
# Placeholders: the window's first and last day for each of the five activities, the
# projects' subquery, the day, "active".
_RECENT = (
    "SELECT 1 FROM internationalization_coachingsession a WHERE a.enrolment_id = e.id"
    " AND a.date > %s AND a.date <= %s",
    "SELECT 1 FROM internationalization_outcome a WHERE a.enrolment_id = e.id"
    " AND a.date > %s AND a.date <= %s",
    "SELECT 1 FROM internationalization_exportlabstep a"
    " JOIN internationalization_exportlabtrack k ON k.id = a.track_id"
    " WHERE k.enrolment_id = e.id AND a.entered_on > %s AND a.entered_on <= %s",
    "SELECT 1 FROM internationalization_timesheetentry a"
    " JOIN internationalization_timbankrequest r ON r.id = a.request_id"
    " WHERE r.enrolment_id = e.id AND a.date > %s AND a.date <= %s",
    "SELECT 1 FROM internationalization_trip a WHERE a.enrolment_id = e.id"
    ' AND a."end" > %s AND a."end" <= %s',
)
_ACTIVE_AND_BUSY = """
SELECT COUNT(DISTINCT o.registry_id),
       COUNT(DISTINCT CASE WHEN {recent} THEN o.registry_id END)
FROM projects_enrolment e
JOIN members_organization o ON o.id = e.organization_id
WHERE e.project_id IN ({projects})
  AND (SELECT c.to_status FROM projects_enrolmentstatuschange c
       WHERE c.enrolment_id = e.id AND c."on" <= %s
       ORDER BY c."on" DESC, c.at DESC, c.id DESC LIMIT 1) = %s
"""


def active_and_busy_firms(projects: QuerySet, since: date, as_of: date) -> tuple[int, int]:
    """(firms active on ``as_of``, those of them with a coaching session, outcome, export-lab
    step, consultant hours or trip end after ``since`` and by ``as_of``): one statement."""
    subquery, projects_params = _projects_subquery(projects)
    recent = " OR ".join(f"EXISTS ({exists})" for exists in _RECENT)
    sql = _ACTIVE_AND_BUSY.format(recent=recent, projects=subquery)
    params = [*[since, as_of] * len(_RECENT), *projects_params, as_of, EnrolmentStatus.ACTIVE]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        active, busy = cursor.fetchone()
    return active, busy


# What a row of enrolment_activities says of its enrolment.
COACHED, CONSULTED, STEPPED, GRANTED, KINDS_MASK = range(5)

# Per enrolment of the projects, up to the day: its coaching hours, consultant hours,
# export-lab steps and reimbursed claims, one grouped select per table. Placeholders: the
# projects' subquery, then the day (and "reimbursed" before it for the claims).
_ACTIVITIES = (
    f"SELECT a.enrolment_id, {COACHED}, SUM(a.hours)"
    " FROM internationalization_coachingsession a"
    " JOIN projects_enrolment e ON e.id = a.enrolment_id"
    " WHERE e.project_id IN ({projects}) AND a.date <= %s GROUP BY a.enrolment_id",
    f"SELECT r.enrolment_id, {CONSULTED}, SUM(a.hours)"
    " FROM internationalization_timesheetentry a"
    " JOIN internationalization_timbankrequest r ON r.id = a.request_id"
    " JOIN projects_enrolment e ON e.id = r.enrolment_id"
    " WHERE e.project_id IN ({projects}) AND a.date <= %s GROUP BY r.enrolment_id",
    f"SELECT k.enrolment_id, {STEPPED}, COUNT(*)"
    " FROM internationalization_exportlabstep a"
    " JOIN internationalization_exportlabtrack k ON k.id = a.track_id"
    " JOIN projects_enrolment e ON e.id = k.enrolment_id"
    " WHERE e.project_id IN ({projects}) AND a.entered_on <= %s GROUP BY k.enrolment_id",
    f"SELECT t.enrolment_id, {GRANTED}, COUNT(*)"
    " FROM internationalization_expenseclaim a"
    " JOIN internationalization_trip t ON t.id = a.trip_id"
    " JOIN projects_enrolment e ON e.id = t.enrolment_id"
    " WHERE e.project_id IN ({projects}) AND a.status = %s AND a.reimbursed_on <= %s"
    " GROUP BY t.enrolment_id",
)
# The kinds of an enrolment's verified outcomes up to the day as a bit mask: a sum of
# distinct bits. Placeholders: (kind, bit) pairs, the projects' subquery, "verified", the
# kinds, the day.
_KINDS_MASK = (
    f"SELECT a.enrolment_id, {KINDS_MASK}, SUM(DISTINCT CASE {{whens}} ELSE 0 END)"
    " FROM internationalization_outcome a"
    " JOIN projects_enrolment e ON e.id = a.enrolment_id"
    " WHERE e.project_id IN ({projects}) AND a.verification = %s"
    " AND a.kind IN ({kinds}) AND a.date <= %s GROUP BY a.enrolment_id"
)


def _hours(value) -> Decimal:
    """Summed hours as the ORM reads them: exact from PostgreSQL, a float from SQLite made
    the Decimal of two places the field holds."""
    if isinstance(value, Decimal):
        return value
    return Decimal(repr(value)).quantize(Decimal("0.01"))


def enrolment_activities(
    projects: QuerySet, as_of: date, kind_bits: dict[str, int]
) -> list[tuple[int, int, Decimal | int]]:
    """(enrolment, what, value) rows of the projects' enrolments up to ``as_of``: coaching
    and consultant hours (Decimal), export-lab steps and reimbursed claims (counts), and the
    mask of the kinds of ``kind_bits`` ({kind: bit}) of their verified outcomes. One
    statement, a UNION ALL of grouped selects."""
    subquery, projects_params = _projects_subquery(projects)
    parts = [part.format(projects=subquery) for part in _ACTIVITIES]
    params = [*projects_params, as_of] * 3
    params += [*projects_params, ClaimStatus.REIMBURSED, as_of]
    if kind_bits:
        whens = " ".join(["WHEN a.kind = %s THEN %s"] * len(kind_bits))
        kinds = ", ".join(["%s"] * len(kind_bits))
        parts.append(_KINDS_MASK.format(whens=whens, projects=subquery, kinds=kinds))
        params += [value for pair in kind_bits.items() for value in pair]
        params += [*projects_params, Verification.VERIFIED, *kind_bits, as_of]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    return [
        (pk, what, _hours(value) if what in (COACHED, CONSULTED) else value)
        for pk, what, value in rows
    ]


# One row per enrolment of the projects (figures.participation reads every intake count and
# the export-lab stages from these). The steps reached by the day come from the enrolments'
# history grouped once (s), not from an EXISTS per step, which PostgreSQL runs as a scan of
# every history for a small project. Placeholders: the day, "active" and the day, the day
# (the select list), then "interviewed", "accepted", the projects' subquery and the day (the
# history), then the projects' subquery.
_ENROLMENTS = """
SELECT o.registry_id, o.region, h.name, e.dropout_phase,
       (SELECT c.to_status FROM projects_enrolmentstatuschange c
        WHERE c.enrolment_id = e.id AND c."on" <= %s
        ORDER BY c."on" DESC, c.at DESC, c.id DESC LIMIT 1),
       s.interviewed,
       s.accepted,
       EXISTS (SELECT 1 FROM members_membershiptransition t
               JOIN members_membership m ON m.id = t.membership_id
               WHERE m.organization_id = e.organization_id AND t.to_status = %s
                 AND t."on" >= e.applied_on AND t."on" <= %s),
       e.coaching_hours_allotted,
       (SELECT x.stage FROM internationalization_exportlabstep x
        JOIN internationalization_exportlabtrack k ON k.id = x.track_id
        WHERE k.enrolment_id = e.id AND x.entered_on <= %s
        ORDER BY x.entered_on DESC, x.id DESC LIMIT 1)
FROM projects_enrolment e
JOIN members_organization o ON o.id = e.organization_id
LEFT JOIN projects_cohort h ON h.id = e.cohort_id
LEFT JOIN (
    SELECT c.enrolment_id,
           MAX(CASE WHEN c.to_status = %s THEN 1 ELSE 0 END) AS interviewed,
           MAX(CASE WHEN c.to_status = %s THEN 1 ELSE 0 END) AS accepted
    FROM projects_enrolmentstatuschange c
    JOIN projects_enrolment ce ON ce.id = c.enrolment_id
    WHERE ce.project_id IN ({projects}) AND c."on" <= %s
    GROUP BY c.enrolment_id
) s ON s.enrolment_id = e.id
WHERE e.project_id IN ({projects})
"""
EnrolmentRow = namedtuple(
    "EnrolmentRow",
    [
        "organization__registry_id",
        "organization__region",
        "cohort__name",
        "dropout_phase",
        "status_then",
        "interviewed",
        "accepted",
        "became_member",
        "coaching_hours_allotted",
        "stage_then",
    ],
)


def enrolment_rows(projects: QuerySet, as_of: date) -> list[EnrolmentRow]:
    """One row per enrolment of the projects: its firm, region, cohort, dropout phase, status
    on ``as_of`` (None before it applied), whether it had been interviewed and accepted by
    then, whether its firm became a member since it applied, its hours allotted and its
    export-lab stage then. One statement."""
    subquery, projects_params = _projects_subquery(projects)
    params = [
        as_of,
        MembershipStatus.ACTIVE,
        as_of,
        as_of,
        EnrolmentStatus.INTERVIEWED,
        EnrolmentStatus.ACCEPTED,
        *projects_params,
        as_of,
        *projects_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(_ENROLMENTS.format(projects=subquery), params)
        rows = cursor.fetchall()
    return [
        EnrolmentRow(*row[:5], bool(row[5]), bool(row[6]), *row[7:8], _hours(row[8]), row[9])
        for row in rows
    ]

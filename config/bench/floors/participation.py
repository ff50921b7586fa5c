"""The floors of the participation report (``reports.selectors.figures.participation``).

``sql``: one hand-written PostgreSQL statement per figure group of the app (intake, coaching
and workshops, timbank and trips, firms at risk). ``pandas``: the same tables, only the needed
columns of the projects' rows, computed with pandas. See ``config.bench.floors`` for the
contract both follow.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import connection

from internationalization.choices import ExportLabStage
from projects.choices import DropoutPhase
from reports.selectors.figures import AT_RISK_DAYS, hours_figure

# Each enrolment of the projects that existed on the day, with its status then (the last step
# of its history on or before the day) and the steps it reached by then.
ENROLMENTS = """
en AS MATERIALIZED (
    SELECT e.id, e.organization_id, e.cohort_id, e.dropout_phase, e.applied_on,
           e.coaching_hours_allotted, o.registry_id, o.region,
           (array_agg(c.to_status ORDER BY c."on" DESC, c."at" DESC, c.id DESC))[1]
               AS status_then,
           bool_or(c.to_status = 'interviewed') AS interviewed,
           bool_or(c.to_status = 'accepted') AS accepted
    FROM projects_enrolment e
    JOIN projects_enrolmentstatuschange c ON c.enrolment_id = e.id AND c."on" <= %(as_of)s
    JOIN members_organization o ON o.id = e.organization_id
    WHERE e.project_id = ANY(%(projects)s)
    GROUP BY e.id, o.id
)"""

INTAKE = f"""
WITH {ENROLMENTS},
flagged AS (
    SELECT en.*, EXISTS (
        SELECT 1 FROM members_membershiptransition t
        JOIN members_membership m ON m.id = t.membership_id
        WHERE m.organization_id = en.organization_id AND t.to_status = 'active'
          AND t."on" >= en.applied_on AND t."on" <= %(as_of)s
    ) AS became_member
    FROM en
)
SELECT
    count(DISTINCT registry_id),
    count(DISTINCT registry_id) FILTER (WHERE interviewed),
    count(DISTINCT registry_id) FILTER (WHERE accepted),
    count(DISTINCT registry_id) FILTER (WHERE status_then = 'rejected'),
    count(DISTINCT registry_id) FILTER (WHERE status_then = 'active'),
    count(DISTINCT registry_id) FILTER (WHERE status_then = 'completed'),
    count(DISTINCT registry_id) FILTER (WHERE status_then = 'dropped'),
    count(DISTINCT registry_id) FILTER (WHERE became_member),
    sum(coaching_hours_allotted) FILTER (WHERE accepted),
    (SELECT json_build_array(sum(target_firms), sum(target_completed))
       FROM projects_project WHERE id = ANY(%(projects)s)),
    (SELECT json_object_agg(phase, n) FROM (
        SELECT coalesce(nullif(dropout_phase, ''), 'unknown') AS phase,
               count(DISTINCT registry_id) AS n
        FROM en WHERE status_then = 'dropped' GROUP BY 1) d),
    (SELECT json_agg(json_build_array(name, n, done)) FROM (
        SELECT coalesce(region, '') AS name, count(DISTINCT registry_id) AS n,
               count(DISTINCT registry_id) FILTER (WHERE status_then = 'completed') AS done
        FROM en WHERE accepted GROUP BY 1) r),
    (SELECT json_agg(json_build_array(name, n, done)) FROM (
        SELECT coalesce(k.name, '') AS name, count(DISTINCT registry_id) AS n,
               count(DISTINCT registry_id) FILTER (WHERE status_then = 'completed') AS done
        FROM en LEFT JOIN projects_cohort k ON k.id = en.cohort_id
        WHERE accepted GROUP BY 1) c),
    (SELECT json_agg(DISTINCT named.value) FROM projects_project p,
        jsonb_array_elements_text(p.regions) AS named(value) WHERE p.id = ANY(%(projects)s)),
    (SELECT json_agg(name) FROM projects_cohort WHERE project_id = ANY(%(projects)s))
FROM flagged
"""

COACHING_AND_WORKSHOPS = """
SELECT s.hours, s.confirmed, w.attended, t.stages FROM (
    SELECT sum(s.hours) AS hours, sum(s.hours) FILTER (
        WHERE s.logged_by_side = 'import' OR (s.status = 'confirmed'
            AND (s.confirmed_at AT TIME ZONE %(tz)s)::date <= %(as_of)s)) AS confirmed
    FROM internationalization_coachingsession s
    JOIN projects_enrolment e ON e.id = s.enrolment_id
    WHERE e.project_id = ANY(%(projects)s) AND s.date <= %(as_of)s
) s, (
    SELECT count(*) AS attended
    FROM internationalization_workshopparticipation p
    JOIN internationalization_workshop w ON w.id = p.workshop_id
    WHERE w.project_id = ANY(%(projects)s) AND w.date <= %(as_of)s AND p.attended
) w, (
    SELECT json_object_agg(stage, n) AS stages FROM (
        SELECT stage, count(DISTINCT registry_id) AS n FROM (
            SELECT DISTINCT ON (t.id) t.id, s.stage, o.registry_id
            FROM internationalization_exportlabtrack t
            JOIN projects_enrolment e ON e.id = t.enrolment_id
            JOIN members_organization o ON o.id = e.organization_id
            JOIN internationalization_exportlabstep s
                ON s.track_id = t.id AND s.entered_on <= %(as_of)s
            WHERE e.project_id = ANY(%(projects)s)
            ORDER BY t.id, s.entered_on DESC, s.id DESC
        ) latest GROUP BY stage
    ) counted
) t
"""

TIMBANK_AND_TRIPS = """
SELECT r.*, p.pool, u.used, t.* FROM (
    SELECT sum(hours_requested),
           sum(hours_approved) FILTER (WHERE decided AND status IN ('approved', 'closed')),
           percentile_cont(0.5) WITHIN GROUP (ORDER BY days)
               FILTER (WHERE decided AND status IN ('approved', 'rejected', 'closed')),
           count(*) FILTER (WHERE NOT (decided AND status IN ('approved', 'rejected', 'closed'))
               AND NOT (status = 'withdrawn' AND coalesce(closed, false)))
    FROM (
        SELECT r.hours_requested, r.hours_approved, r.status,
               coalesce((r.decided_at AT TIME ZONE %(tz)s)::date <= %(as_of)s, false)
                   AS decided,
               (r.closed_at AT TIME ZONE %(tz)s)::date <= %(as_of)s AS closed,
               extract(epoch FROM r.decided_at - r.requested_at)::float8 / 86400 AS days
        FROM internationalization_timbankrequest r
        JOIN projects_enrolment e ON e.id = r.enrolment_id
        WHERE e.project_id = ANY(%(projects)s)
          AND (r.requested_at AT TIME ZONE %(tz)s)::date <= %(as_of)s
    ) r
) r, (
    SELECT sum(hours_total) AS pool FROM internationalization_timbankpool
    WHERE project_id = ANY(%(projects)s)
) p, (
    SELECT sum(h.hours) AS used FROM internationalization_timesheetentry h
    JOIN internationalization_timbankrequest r ON r.id = h.request_id
    JOIN projects_enrolment e ON e.id = r.enrolment_id
    WHERE e.project_id = ANY(%(projects)s) AND h.date <= %(as_of)s
) u, (
    SELECT count(*),
           count(*) FILTER (WHERE decided AND status NOT IN ('applied', 'rejected')),
           count(*) FILTER (WHERE done),
           percentile_cont(0.5) WITHIN GROUP (ORDER BY days)
               FILTER (WHERE decided AND status <> 'applied'),
           (SELECT json_object_agg(country, n) FROM (
                SELECT country, count(DISTINCT registry_id) AS n FROM trips
                WHERE done GROUP BY country) c)
    FROM trips
) t
"""

TRIPS = """
trips AS MATERIALIZED (
    SELECT t.status, t.country, o.registry_id,
           coalesce((t.decided_at AT TIME ZONE %(tz)s)::date <= %(as_of)s, false) AS decided,
           t.status = 'done' AND t."end" <= %(as_of)s AS done,
           extract(epoch FROM t.decided_at - t.requested_at)::float8 / 86400 AS days
    FROM internationalization_trip t
    JOIN projects_enrolment e ON e.id = t.enrolment_id
    JOIN members_organization o ON o.id = e.organization_id
    WHERE e.project_id = ANY(%(projects)s)
      AND (t.requested_at AT TIME ZONE %(tz)s)::date <= %(as_of)s
)"""

AT_RISK = """
WITH active AS MATERIALIZED (
    SELECT e.id, o.registry_id
    FROM projects_enrolment e
    JOIN members_organization o ON o.id = e.organization_id
    WHERE e.project_id = ANY(%(projects)s) AND (
        SELECT c.to_status FROM projects_enrolmentstatuschange c
        WHERE c.enrolment_id = e.id AND c."on" <= %(as_of)s
        ORDER BY c."on" DESC, c."at" DESC, c.id DESC LIMIT 1
    ) = 'active'
)
SELECT count(*) FROM (
    SELECT registry_id FROM active a GROUP BY registry_id
    HAVING NOT bool_or(
        EXISTS (SELECT 1 FROM internationalization_coachingsession s WHERE s.enrolment_id = a.id
                AND s.date > %(since)s AND s.date <= %(as_of)s)
        OR EXISTS (SELECT 1 FROM internationalization_outcome x WHERE x.enrolment_id = a.id
                AND x.date > %(since)s AND x.date <= %(as_of)s)
        OR EXISTS (SELECT 1 FROM internationalization_exportlabstep s
                JOIN internationalization_exportlabtrack t ON t.id = s.track_id
                WHERE t.enrolment_id = a.id
                AND s.entered_on > %(since)s AND s.entered_on <= %(as_of)s)
        OR EXISTS (SELECT 1 FROM internationalization_timesheetentry h
                JOIN internationalization_timbankrequest r ON r.id = h.request_id
                WHERE r.enrolment_id = a.id AND h.date > %(since)s AND h.date <= %(as_of)s)
        OR EXISTS (SELECT 1 FROM internationalization_trip t WHERE t.enrolment_id = a.id
                AND t."end" > %(since)s AND t."end" <= %(as_of)s)
    )
) quiet
"""


def _params(project_ids: list[int], as_of: date) -> dict:
    return {
        "projects": list(project_ids),
        "as_of": as_of,
        "since": as_of - timedelta(days=AT_RISK_DAYS),
        "tz": settings.TIME_ZONE,
    }


def _with_zeros(counts: dict | None, every: list[str]) -> dict[str, int]:
    counts = counts or {}
    return {key: counts.get(key, 0) for key in sorted({*every, *counts})}


def _breakdown(label: str, rows: list | None, named: list[str]) -> list[dict]:
    found = {name: (n, done) for name, n, done in rows or []}
    for name in named:
        found.setdefault(name, (0, 0))
    return [
        {label: name, "firms_supported": n, "firms_completed": done}
        for name, (n, done) in sorted(found.items())
    ]


def _days(value: float | None) -> float | None:
    return None if value is None else hours_figure(value)


def sql(project_ids: list[int], as_of: date, programme_id: int | None = None) -> dict:
    """The participation figures in four PostgreSQL statements."""
    params = _params(project_ids, as_of)
    with connection.cursor() as cursor:
        cursor.execute(INTAKE, params)
        intake = cursor.fetchone()
        cursor.execute(COACHING_AND_WORKSHOPS, params)
        coaching = cursor.fetchone()
        cursor.execute(f"WITH {TRIPS} {TIMBANK_AND_TRIPS}", params)
        timbank = cursor.fetchone()
        cursor.execute(AT_RISK, params)
        (at_risk,) = cursor.fetchone()
    (applied, interviewed, accepted, rejected, active, completed, dropped, members, allotted) = (
        intake[:9]
    )
    targets, dropouts, regions, cohorts, named_regions, named_cohorts = intake[9:]
    requested, approved, timbank_days, pending, pool, used = timbank[:6]
    trips, trips_approved, trips_done, trip_days, countries = timbank[6:]
    return {
        "firms_applied": applied,
        "firms_interviewed": interviewed,
        "firms_accepted": accepted,
        "firms_rejected": rejected,
        "firms_active": active,
        "firms_completed": completed,
        "firms_dropped": dropped,
        "firms_supported": accepted,
        "firms_became_members": members,
        "target_firms": targets[0] or 0,
        "target_completed": targets[1] or 0,
        "dropouts_by_phase": _with_zeros(dropouts, DropoutPhase.values),
        "by_region": _breakdown("region", regions, sorted(named_regions or [])),
        "by_cohort": _breakdown("cohort", cohorts, sorted(named_cohorts or [])),
        "coaching_hours_allotted": hours_figure(allotted),
        "coaching_hours_used": hours_figure(coaching[0]),
        "coaching_hours_confirmed": hours_figure(coaching[1]),
        "workshop_attendances": coaching[2],
        "export_lab_stage_counts": _with_zeros(coaching[3], ExportLabStage.values),
        "timbank_hours_pool": hours_figure(pool),
        "timbank_hours_requested": hours_figure(requested),
        "timbank_hours_approved": hours_figure(approved),
        "timbank_hours_used": hours_figure(used),
        "timbank_decision_days_median": _days(timbank_days),
        "timbank_requests_pending": pending,
        "trips_applied": trips,
        "trips_approved": trips_approved,
        "trips_done": trips_done,
        "trip_decision_days_median": _days(trip_days),
        "countries_visited": countries or {},
        "firms_at_risk": at_risk,
    }


def pandas(project_ids: list[int], as_of: date, programme_id: int | None = None) -> dict:
    """The participation figures from DataFrames of the projects' rows."""
    from config.bench.floors import participation_pandas

    return participation_pandas.figures(project_ids, as_of)

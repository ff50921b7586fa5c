"""The pandas floor of the participation report: each table's needed columns, only the rows
of the projects, read into DataFrames; every date rule and count computed with pandas."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pandas as pd
from django.conf import settings
from django.db import connection

from internationalization.choices import ExportLabStage
from projects.choices import DropoutPhase
from reports.selectors.figures import AT_RISK_DAYS, hours_figure

OF_ENROLMENTS = "enrolment_id IN (SELECT id FROM projects_enrolment WHERE project_id = ANY(%(p)s))"
OF_ORGANIZATIONS = (
    "IN (SELECT organization_id FROM projects_enrolment WHERE project_id = ANY(%(p)s))"
)
QUERIES = {
    "enrolments": "SELECT id, organization_id, cohort_id, dropout_phase, applied_on, "
    "coaching_hours_allotted FROM projects_enrolment WHERE project_id = ANY(%(p)s)",
    "organizations": f"SELECT id, registry_id, region FROM members_organization WHERE id "
    f"{OF_ORGANIZATIONS}",
    "changes": 'SELECT id, enrolment_id, to_status, "on", "at" '
    f"FROM projects_enrolmentstatuschange WHERE {OF_ENROLMENTS}",
    "transitions": 'SELECT m.organization_id, t.to_status, t."on" '
    "FROM members_membershiptransition t JOIN members_membership m ON m.id = t.membership_id "
    f"WHERE m.organization_id {OF_ORGANIZATIONS}",
    "projects": "SELECT id, target_firms, target_completed, regions FROM projects_project "
    "WHERE id = ANY(%(p)s)",
    "cohorts": "SELECT id, name FROM projects_cohort WHERE project_id = ANY(%(p)s)",
    "sessions": "SELECT enrolment_id, date, hours, logged_by_side, status, confirmed_at "
    f"FROM internationalization_coachingsession WHERE {OF_ENROLMENTS}",
    "workshops": "SELECT id, date FROM internationalization_workshop WHERE project_id = ANY(%(p)s)",
    "attendance": "SELECT workshop_id, attended FROM internationalization_workshopparticipation "
    "WHERE workshop_id IN (SELECT id FROM internationalization_workshop "
    "WHERE project_id = ANY(%(p)s))",
    "tracks": "SELECT id, enrolment_id FROM internationalization_exportlabtrack "
    f"WHERE {OF_ENROLMENTS}",
    "steps": "SELECT id, track_id, stage, entered_on FROM internationalization_exportlabstep "
    "WHERE track_id IN (SELECT id FROM internationalization_exportlabtrack "
    f"WHERE {OF_ENROLMENTS})",
    "requests": "SELECT id, enrolment_id, hours_requested, hours_approved, status, requested_at, "
    f"decided_at, closed_at FROM internationalization_timbankrequest WHERE {OF_ENROLMENTS}",
    "pools": "SELECT hours_total FROM internationalization_timbankpool "
    "WHERE project_id = ANY(%(p)s)",
    "timesheets": "SELECT request_id, date, hours FROM internationalization_timesheetentry "
    "WHERE request_id IN (SELECT id FROM internationalization_timbankrequest "
    f"WHERE {OF_ENROLMENTS})",
    "trips": 'SELECT enrolment_id, country, status, "end", requested_at, decided_at '
    f"FROM internationalization_trip WHERE {OF_ENROLMENTS}",
    "outcomes": "SELECT enrolment_id, date FROM internationalization_outcome "
    f"WHERE {OF_ENROLMENTS}",
}
DATETIMES = ("at", "confirmed_at", "requested_at", "decided_at", "closed_at")
DATES = ("on", "applied_on", "date", "entered_on", "end")


def _frame(sql: str, project_ids: list[int]) -> pd.DataFrame:
    with connection.cursor() as cursor:
        cursor.execute(sql, {"p": list(project_ids)})
        columns = [column.name for column in cursor.description]
        frame = pd.DataFrame.from_records(cursor.fetchall(), columns=columns)
    for column in frame.columns:
        if column in DATETIMES:
            frame[column] = pd.to_datetime(frame[column], utc=True)
        elif column in DATES:
            frame[column] = pd.to_datetime(frame[column])
    return frame


def _local_day(series: pd.Series) -> pd.Series:
    """The day in the project's time zone (what Django's ``__date`` compares)."""
    return series.dt.tz_convert(settings.TIME_ZONE).dt.tz_localize(None).dt.normalize()


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def _firms(frame: pd.DataFrame) -> int:
    return int(frame["registry_id"].nunique())


def _hours(series: pd.Series) -> float:
    return hours_figure(sum(series.dropna(), start=0))


def _median_days(frame: pd.DataFrame) -> float | None:
    if frame.empty:
        return None
    days = (frame["decided_at"] - frame["requested_at"]).dt.total_seconds() / 86400
    return hours_figure(float(days.median()))


def _with_zeros(counts: dict, every: list[str]) -> dict[str, int]:
    return {key: int(counts.get(key, 0)) for key in sorted({*every, *counts})}


def figures(project_ids: list[int], as_of: date) -> dict:
    t = {name: _frame(sql, project_ids) for name, sql in QUERIES.items()}
    day = pd.Timestamp(as_of)
    enrolments = _enrolments_then(t, day)
    return {
        **_intake(t, enrolments, day),
        **_coaching_and_workshops(t, enrolments, day),
        **_timbank_and_trips(t, enrolments, day),
        "firms_at_risk": _at_risk(t, enrolments, day),
    }


def _enrolments_then(t: dict, day: pd.Timestamp) -> pd.DataFrame:
    """Each enrolment with its status on the day and the steps it had reached by then."""
    changes = t["changes"][t["changes"]["on"] <= day]
    latest = changes.sort_values(["enrolment_id", "on", "at", "id"]).groupby("enrolment_id").last()
    reached = changes.pivot_table(
        index="enrolment_id", columns="to_status", values="id", aggfunc="count", fill_value=0
    )
    enrolments = t["enrolments"].merge(
        t["organizations"], left_on="organization_id", right_on="id", suffixes=("", "_org")
    )
    enrolments = enrolments.merge(
        latest[["to_status"]].rename(columns={"to_status": "status_then"}),
        left_on="id",
        right_index=True,
    )
    for status in ("interviewed", "accepted"):
        column = reached[status] if status in reached else pd.Series(dtype=int)
        enrolments[status] = enrolments["id"].map(column).fillna(0).astype(int) > 0
    return enrolments


def _breakdown(supported: pd.DataFrame, field: str, named: list[str], label: str) -> list[dict]:
    keys = supported[field].fillna("")
    rows = {}
    for key, group in supported.groupby(keys):
        done = group[group["status_then"] == "completed"]
        rows[key] = (_firms(group), _firms(done))
    for key in named:
        rows.setdefault(key, (0, 0))
    return [
        {label: key, "firms_supported": n, "firms_completed": done}
        for key, (n, done) in sorted(rows.items())
    ]


def _intake(t: dict, enrolments: pd.DataFrame, day: pd.Timestamp) -> dict:
    def firms_in(status: str) -> int:
        return _firms(enrolments[enrolments["status_then"] == status])

    supported = enrolments[enrolments["accepted"]].merge(
        t["cohorts"].rename(columns={"id": "cohort_key", "name": "cohort_name"}),
        left_on="cohort_id",
        right_on="cohort_key",
        how="left",
    )
    joined = t["transitions"]
    joined = joined[(joined["to_status"] == "active") & (joined["on"] <= day)].merge(
        enrolments[["organization_id", "applied_on", "registry_id"]], on="organization_id"
    )
    became = joined[joined["on"] >= joined["applied_on"]]
    dropped = enrolments[enrolments["status_then"] == "dropped"]
    phases = dropped["dropout_phase"].fillna("").replace("", "unknown")
    projects = t["projects"]
    # Django reads jsonb as text through a raw cursor.
    regions = sorted({region for regions in projects["regions"].map(_json) for region in regions})
    return {
        "firms_applied": _firms(enrolments),
        "firms_interviewed": _firms(enrolments[enrolments["interviewed"]]),
        "firms_accepted": _firms(supported),
        "firms_rejected": firms_in("rejected"),
        "firms_active": firms_in("active"),
        "firms_completed": firms_in("completed"),
        "firms_dropped": firms_in("dropped"),
        "firms_supported": _firms(supported),
        "firms_became_members": _firms(became),
        "target_firms": int(projects["target_firms"].sum()),
        "target_completed": int(projects["target_completed"].sum()),
        "dropouts_by_phase": _with_zeros(
            dropped.groupby(phases)["registry_id"].nunique().to_dict(), DropoutPhase.values
        ),
        "by_region": _breakdown(supported, "region", regions, "region"),
        "by_cohort": _breakdown(supported, "cohort_name", sorted(t["cohorts"]["name"]), "cohort"),
        "coaching_hours_allotted": _hours(supported["coaching_hours_allotted"]),
    }


def _coaching_and_workshops(t: dict, enrolments: pd.DataFrame, day: pd.Timestamp) -> dict:
    sessions = t["sessions"][t["sessions"]["date"] <= day]
    confirmed = (sessions["logged_by_side"] == "import") | (
        (sessions["status"] == "confirmed") & (_local_day(sessions["confirmed_at"]) <= day)
    )
    workshops = t["workshops"][t["workshops"]["date"] <= day]
    attendance = t["attendance"]
    attended = attendance[attendance["attended"] & attendance["workshop_id"].isin(workshops["id"])]
    steps = t["steps"][t["steps"]["entered_on"] <= day].sort_values(
        ["track_id", "entered_on", "id"]
    )
    stages = steps.groupby("track_id").last()[["stage"]]
    stages = (
        t["tracks"]
        .merge(stages, left_on="id", right_index=True)
        .merge(
            t["enrolments"][["id", "organization_id"]].rename(columns={"id": "enrolment_key"}),
            left_on="enrolment_id",
            right_on="enrolment_key",
        )
        .merge(
            t["organizations"].rename(columns={"id": "org_key"}),
            left_on="organization_id",
            right_on="org_key",
        )
    )
    return {
        "coaching_hours_used": _hours(sessions["hours"]),
        "coaching_hours_confirmed": _hours(sessions.loc[confirmed, "hours"]),
        "workshop_attendances": len(attended),
        "export_lab_stage_counts": _with_zeros(
            stages.groupby("stage")["registry_id"].nunique().to_dict(), ExportLabStage.values
        ),
    }


def _timbank_and_trips(t: dict, enrolments: pd.DataFrame, day: pd.Timestamp) -> dict:
    settled = ("approved", "rejected", "closed")
    requests = t["requests"][_local_day(t["requests"]["requested_at"]) <= day]
    decided = _local_day(requests["decided_at"]) <= day
    closed = _local_day(requests["closed_at"]) <= day
    done_deciding = decided & requests["status"].isin(settled)
    pending = ~done_deciding & ~((requests["status"] == "withdrawn") & closed)
    timesheets = t["timesheets"][t["timesheets"]["date"] <= day]
    trips = t["trips"][_local_day(t["trips"]["requested_at"]) <= day]
    trips_decided = trips[(_local_day(trips["decided_at"]) <= day) & (trips["status"] != "applied")]
    done = trips[(trips["status"] == "done") & (trips["end"] <= day)]
    done = done.merge(
        t["enrolments"][["id", "organization_id"]], left_on="enrolment_id", right_on="id"
    ).merge(t["organizations"], left_on="organization_id", right_on="id", suffixes=("", "_org"))
    return {
        "timbank_hours_pool": _hours(t["pools"]["hours_total"]),
        "timbank_hours_requested": _hours(requests["hours_requested"]),
        "timbank_hours_approved": _hours(
            requests.loc[
                decided & requests["status"].isin(("approved", "closed")), "hours_approved"
            ]
        ),
        "timbank_hours_used": _hours(timesheets["hours"]),
        "timbank_decision_days_median": _median_days(requests[done_deciding]),
        "timbank_requests_pending": int(pending.sum()),
        "trips_applied": len(trips),
        "trips_approved": int((trips_decided["status"] != "rejected").sum()),
        "trips_done": len(done),
        "trip_decision_days_median": _median_days(trips_decided),
        "countries_visited": {
            country: int(n)
            for country, n in done.groupby("country")["registry_id"].nunique().items()
        },
    }


def _at_risk(t: dict, enrolments: pd.DataFrame, day: pd.Timestamp) -> int:
    since = day - timedelta(days=AT_RISK_DAYS)
    active = enrolments[enrolments["status_then"] == "active"]

    def recent(frame: pd.DataFrame, column: str) -> set:
        return set(frame.loc[(frame[column] > since) & (frame[column] <= day), "enrolment_id"])

    steps = t["steps"].merge(t["tracks"], left_on="track_id", right_on="id", suffixes=("", "_t"))
    timesheets = t["timesheets"].merge(
        t["requests"][["id", "enrolment_id"]], left_on="request_id", right_on="id"
    )
    busy = (
        recent(t["sessions"], "date")
        | recent(t["outcomes"], "date")
        | recent(steps, "entered_on")
        | recent(timesheets, "date")
        | recent(t["trips"], "end")
    )
    quiet = set(active["registry_id"]) - set(active.loc[active["id"].isin(busy), "registry_id"])
    return len(quiet)

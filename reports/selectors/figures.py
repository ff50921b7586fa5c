"""The report selectors: participation and outcomes, from live data (indicators:
reports.selectors.indicators).

Field names are a public contract (funders' scripts read them). An enterprise is counted once
by its registry id (docs/domain.md §6). Each function runs a fixed number of queries whatever the
number of firms. ``as_of`` fixes "today", so the same inputs always give the same figures.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)

from clusters.models import Programme
from internationalization.choices import (
    ExportLabStage,
    OutcomeKind,
    SessionSide,
    SessionStatus,
    TimbankRequestStatus,
    TripStatus,
)
from internationalization.models import (
    CoachingSession,
    TimbankRequest,
    TimesheetEntry,
    Trip,
    WorkshopParticipation,
)
from projects.choices import DropoutPhase, EnrolmentStatus
from projects.models import Cohort, Enrolment, EnrolmentStatusChange, Project
from reports.selectors import statements
from reports.selectors.medians import hours_figure, median_aggregates, median_days_of

AT_RISK_DAYS = 60


def _firms(queryset: QuerySet, path: str = "organization__registry_id") -> int:
    return queryset.aggregate(n=Count(path, distinct=True))["n"] or 0


def projects_of_programme(programme: Programme) -> QuerySet[Project]:
    return Project.objects.filter(fundings__programme=programme).distinct()


# ---------------------------------------------------------------------------------------------
# The state on a day. A report "as of" a day counts what is dated on or before it, and each
# enrolment in the status it had that day: the last step of its dated history
# (EnrolmentStatusChange.on) on or before the day (docs/domain.md §4).


def status_as_of(as_of: date) -> Subquery:
    """An enrolment's status on ``as_of`` (None before it applied), for ``annotate``."""
    return Subquery(
        EnrolmentStatusChange.objects.filter(enrolment=OuterRef("pk"), on__lte=as_of)
        .order_by("-on", "-at", "-pk")
        .values("to_status")[:1]
    )


def enrolments_as_of(projects: QuerySet[Project], as_of: date) -> QuerySet[Enrolment]:
    """The projects' enrolments that existed on ``as_of``, each with ``status_then``."""
    return (
        Enrolment.objects.filter(project__in=projects)
        .annotate(status_then=status_as_of(as_of))
        .exclude(status_then=None)
    )


def supported_enrolments(projects: QuerySet[Project], as_of: date) -> QuerySet[Enrolment]:
    """Enrolments accepted on or before ``as_of``: a firm supported stays supported, whether
    it is active, completed or dropped out on that day."""
    accepted = EnrolmentStatusChange.objects.filter(
        enrolment__project__in=projects, to_status=EnrolmentStatus.ACCEPTED, on__lte=as_of
    ).values("enrolment_id")
    return Enrolment.objects.filter(project__in=projects, pk__in=accepted)


def participation(projects: QuerySet[Project], as_of: date) -> dict:
    """Intake, activities and risk of the projects' firms on ``as_of``, each firm counted once
    by its registry id. Nine queries: the enrolments (one row each), the projects (one row
    each), their cohorts, the coaching sessions, the workshop attendances, the timbank
    requests, the trips, the countries visited and the firms at risk."""
    enrolments = statements.enrolment_rows(projects, as_of)
    scope = _project_rows(projects, as_of)
    return {
        **_intake_figures(projects, enrolments, scope),
        **_coaching_and_workshop_figures(projects, as_of, enrolments, scope),
        **_timbank_and_trip_figures(projects, as_of, scope),
        "firms_at_risk": firms_at_risk(projects, as_of),
    }


def _count_by(queryset: QuerySet, field: str, firm_path: str) -> dict[str, int]:
    """{value of ``field``: distinct firms}: one GROUP BY query."""
    return dict(queryset.values_list(field).annotate(n=Count(firm_path, distinct=True)))


def _with_zeros(counts: dict[str, int], every: list[str]) -> dict[str, int]:
    """Every phase or stage the process defines, with 0 where nothing happened, sorted."""
    return {key: counts.get(key, 0) for key in sorted({*every, *counts})}


def named_regions(projects: QuerySet[Project]) -> set[str]:
    """The regions the projects serve (``Project.regions``), read in one query."""
    return {region for regions in projects.values_list("regions", flat=True) for region in regions}


def _project_rows(projects: QuerySet[Project], as_of: date) -> list:
    """One row per project: the regions it names, its targets, its timbank pool, and the
    consultant hours logged by ``as_of`` (summed per project in the database)."""
    logged = (
        TimesheetEntry.objects.filter(request__enrolment__project=OuterRef("pk"), date__lte=as_of)
        .values("request__enrolment__project")
        .annotate(h=Sum("hours"))
        .values("h")
    )
    return list(
        Project.objects.filter(pk__in=projects)
        .annotate(logged=Subquery(logged))
        .values_list(
            "regions",
            "target_firms",
            "target_completed",
            "timbank__hours_total",
            "logged",
            named=True,
        )
        .order_by()
    )


def _total(values) -> Decimal:
    """The sum of the values that are there (an aggregate's Sum over what exists)."""
    return sum((value for value in values if value is not None), Decimal(0))


def _distinct_firms(rows) -> int:
    return len({row.organization__registry_id for row in rows})


def _firms_per(rows, key) -> dict[str, int]:
    """{key(row): distinct firms}."""
    firms: dict[str, set] = {}
    for row in rows:
        firms.setdefault(key(row), set()).add(row.organization__registry_id)
    return {name: len(each) for name, each in firms.items()}


def _breakdown(supported: list, key, named: list[str], label: str) -> list[dict]:
    """Firms supported and completed per value of ``key``, every ``named`` value included
    with 0: a region or cohort where no firm took part is a finding too."""
    done = [row for row in supported if row.status_then == EnrolmentStatus.COMPLETED]
    totals, completed = _firms_per(supported, key), _firms_per(done, key)
    for name in named:
        totals.setdefault(name, 0)
    return [
        {label: name, "firms_supported": totals[name], "firms_completed": completed.get(name, 0)}
        for name in sorted(totals)
    ]


def _intake_figures(projects: QuerySet[Project], enrolments: list, scope: list) -> dict:
    # Not yet applied on that day: no status then (filtered here, not in SQL, so the status
    # subquery runs once per enrolment).
    rows = [row for row in enrolments if row.status_then is not None]
    supported = [row for row in rows if row.accepted]
    current = _firms_per(rows, lambda row: row.status_then)
    dropouts = _firms_per(
        (row for row in rows if row.status_then == EnrolmentStatus.DROPPED),
        lambda row: row.dropout_phase or "unknown",
    )
    regions = sorted({region for project in scope for region in project.regions})
    cohorts = sorted(Cohort.objects.filter(project__in=projects).values_list("name", flat=True))
    return {
        "firms_applied": _distinct_firms(rows),
        "firms_interviewed": _distinct_firms(row for row in rows if row.interviewed),
        "firms_accepted": _distinct_firms(supported),
        "firms_rejected": current.get(EnrolmentStatus.REJECTED, 0),
        "firms_active": current.get(EnrolmentStatus.ACTIVE, 0),
        "firms_completed": current.get(EnrolmentStatus.COMPLETED, 0),
        "firms_dropped": current.get(EnrolmentStatus.DROPPED, 0),
        "firms_supported": _distinct_firms(supported),
        "firms_became_members": _distinct_firms(row for row in rows if row.became_member),
        "target_firms": sum(project.target_firms for project in scope),
        "target_completed": sum(project.target_completed for project in scope),
        "dropouts_by_phase": _with_zeros(dropouts, DropoutPhase.values),
        "by_region": _breakdown(
            supported, lambda row: row.organization__region or "", regions, "region"
        ),
        "by_cohort": _breakdown(supported, lambda row: row.cohort__name or "", cohorts, "cohort"),
        "coaching_hours_allotted": hours_figure(
            _total(row.coaching_hours_allotted for row in supported)
        ),
    }


def _coaching_and_workshop_figures(
    projects: QuerySet[Project], as_of: date, enrolments: list, scope: list
) -> dict:
    sessions = CoachingSession.objects.filter(enrolment__project__in=projects, date__lte=as_of)
    # Confirmed by the other side by then; a session from an import of history counts as
    # confirmed from its own date.
    confirmed = Q(logged_by_side=SessionSide.IMPORT) | Q(
        status=SessionStatus.CONFIRMED, confirmed_at__date__lte=as_of
    )
    hours = sessions.aggregate(h=Sum("hours"), confirmed=Sum("hours", filter=confirmed))
    # A track without a step by then has no stage yet.
    stages = _firms_per(
        (row for row in enrolments if row.stage_then is not None), lambda row: row.stage_then
    )
    return {
        "coaching_hours_used": hours_figure(hours["h"]),
        "coaching_hours_confirmed": hours_figure(hours["confirmed"]),
        # Its own query, not a subquery per project: PostgreSQL scans millions of invitations
        # in parallel only in a query of its own.
        "workshop_attendances": WorkshopParticipation.objects.filter(
            workshop__project__in=projects, workshop__date__lte=as_of, attended=True
        ).count(),
        "export_lab_stage_counts": _with_zeros(stages, ExportLabStage.values),
    }


def _timbank_figures(projects: QuerySet[Project], as_of: date, scope: list) -> dict:
    """The timbank's hours, pending requests and decision lead time: one query for the
    requests (the pool and the hours logged come with the projects)."""
    requests = TimbankRequest.objects.filter(
        enrolment__project__in=projects, requested_at__date__lte=as_of
    )
    decided_then = Q(decided_at__date__lte=as_of)
    settled = decided_then & Q(
        status__in=(
            TimbankRequestStatus.APPROVED,
            TimbankRequestStatus.REJECTED,
            TimbankRequestStatus.CLOSED,
        )
    )
    withdrawn = Q(status=TimbankRequestStatus.WITHDRAWN, closed_at__date__lte=as_of)
    totals = requests.aggregate(
        requested=Sum("hours_requested"),
        approved=Sum(
            "hours_approved",
            filter=decided_then
            & Q(status__in=(TimbankRequestStatus.APPROVED, TimbankRequestStatus.CLOSED)),
        ),
        pending=Count("pk", filter=~settled & ~withdrawn),
        **median_aggregates("requested_at", "decided_at", settled),
    )
    return {
        "timbank_hours_pool": hours_figure(
            _total(project.timbank__hours_total for project in scope)
        ),
        "timbank_hours_requested": hours_figure(totals["requested"]),
        "timbank_hours_approved": hours_figure(totals["approved"]),
        "timbank_hours_used": hours_figure(_total(project.logged for project in scope)),
        "timbank_decision_days_median": median_days_of(
            totals, requests, settled, "requested_at", "decided_at"
        ),
        "timbank_requests_pending": totals["pending"],
    }


def _timbank_and_trip_figures(projects: QuerySet[Project], as_of: date, scope: list) -> dict:
    trips = Trip.objects.filter(enrolment__project__in=projects, requested_at__date__lte=as_of)
    decided = Q(decided_at__date__lte=as_of) & ~Q(status=TripStatus.APPLIED)
    done = Q(status=TripStatus.DONE, end__lte=as_of)
    totals = trips.aggregate(
        applied=Count("pk"),
        approved=Count("pk", filter=decided & ~Q(status=TripStatus.REJECTED)),
        done=Count("pk", filter=done),
        **median_aggregates("requested_at", "decided_at", decided),
    )
    return {
        **_timbank_figures(projects, as_of, scope),
        "trips_applied": totals["applied"],
        "trips_approved": totals["approved"],
        "trips_done": totals["done"],
        "trip_decision_days_median": median_days_of(
            totals, trips, decided, "requested_at", "decided_at"
        ),
        "countries_visited": _count_by(
            trips.filter(done), "country", "enrolment__organization__registry_id"
        ),
    }


def firms_at_risk(projects: QuerySet[Project], as_of: date) -> int:
    """Firms active on ``as_of`` with no activity (session, outcome, export-lab step,
    consultant hours, trip) in the 60 days before it: one statement
    (reports.selectors.statements). A firm with a recent activity is an active firm, so the
    quiet ones are the active firms less those."""
    since = as_of - timedelta(days=AT_RISK_DAYS)
    active, busy = statements.active_and_busy_firms(projects, since, as_of)
    return active - busy


def _share(count: int, total: int) -> float:
    if not total:
        return 0.0
    return float(
        (Decimal(count) / Decimal(total)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    )


# The firm-count figures of the outcomes report and the outcome kinds each one counts.
OUTCOME_FIRM_COUNTS: dict[str, tuple[str, ...]] = {
    "firms_with_international_contacts": (
        OutcomeKind.INTERNATIONAL_CONTACT,
        OutcomeKind.INTERNATIONAL_PARTNER,
    ),
    "firms_with_new_customers": (OutcomeKind.NEW_CUSTOMER,),
    "firms_with_new_retailers": (OutcomeKind.NEW_RETAILER,),
    "firms_with_prototypes": (OutcomeKind.PROTOTYPE,),
    "firms_with_products_launched": (OutcomeKind.PRODUCT_LAUNCHED,),
    "firms_in_follow_up_programmes": (OutcomeKind.FOLLOW_UP_PROGRAMME,),
}


def outcomes(projects: QuerySet[Project], as_of: date) -> dict:
    """What the supported firms achieved up to ``as_of``, each firm counted once per kind: two
    statements (reports.selectors.statements), every count in one pass over the supported
    enrolments and their outcomes, then the markets entered. Outcomes dated by then; what the
    firm reported counts once the cluster verified it."""
    total, firms, awaiting, units = statements.outcome_counts(
        projects, as_of, list(OUTCOME_FIRM_COUNTS.values())
    )
    counts = dict(zip(OUTCOME_FIRM_COUNTS, firms, strict=True))
    result = {
        "firms_supported": total,
        **counts,
        "outcomes_awaiting_verification": awaiting,
        "units_sold": units,
        # {country: firms}: the funder's view hides countries of fewer than three firms.
        "markets_entered": statements.markets_entered(projects, as_of),
    }
    result.update({f"share_{name}": _share(count, total) for name, count in counts.items()})
    return result

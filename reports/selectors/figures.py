"""The report selectors: participation and outcomes, from live data (indicators:
reports.selectors.indicators).

Field names are a public contract (funders' scripts read them). An enterprise is counted once
by its registry id (docs/domain.md §6). Each function runs a fixed number of queries whatever the
number of firms. ``as_of`` fixes "today", so the same inputs always give the same figures.
"""

from __future__ import annotations

import statistics
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum

from clusters.models import Programme
from internationalization.choices import (
    ExportLabStage,
    OutcomeKind,
    SessionSide,
    SessionStatus,
    TimbankRequestStatus,
    TripStatus,
    Verification,
)
from internationalization.models import (
    CoachingSession,
    ExportLabStep,
    ExportLabTrack,
    Outcome,
    TimbankPool,
    TimbankRequest,
    TimesheetEntry,
    Trip,
    WorkshopParticipation,
)
from members.choices import MembershipStatus
from members.models import MembershipTransition
from projects.choices import DropoutPhase, EnrolmentStatus
from projects.models import Cohort, Enrolment, EnrolmentStatusChange, Project

AT_RISK_DAYS = 60


def hours_figure(value) -> float:
    """Hours as a JSON number rounded to two places: the same value on every database."""
    return float(Decimal(value or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


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
    by its registry id."""
    return {
        **_intake_figures(projects, as_of),
        **_coaching_and_workshop_figures(projects, as_of),
        **_timbank_and_trip_figures(projects, as_of),
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


def _breakdown(
    supported: QuerySet[Enrolment], field: str, named: list[str], completed_then: Q
) -> list[dict]:
    """Firms supported and completed per value of ``field``, every ``named`` value included
    with 0: a region or cohort where no firm took part is a finding too."""
    firm = "organization__registry_id"
    rows = {
        key or "": {"firms_supported": n, "firms_completed": done}
        for key, n, done in supported.values_list(field)
        .annotate(
            n=Count(firm, distinct=True), done=Count(firm, distinct=True, filter=completed_then)
        )
        .order_by(field)
    }
    for key in named:
        rows.setdefault(key, {"firms_supported": 0, "firms_completed": 0})
    return [{"name": key, **rows[key]} for key in sorted(rows)]


def _intake_figures(projects: QuerySet[Project], as_of: date) -> dict:
    enrolments = enrolments_as_of(projects, as_of)
    supported = supported_enrolments(projects, as_of).annotate(status_then=status_as_of(as_of))
    firm = "organization__registry_id"
    reached = _count_by(
        EnrolmentStatusChange.objects.filter(enrolment__project__in=projects, on__lte=as_of),
        "to_status",
        f"enrolment__{firm}",
    )
    current = _count_by(enrolments, "status_then", firm)
    targets = projects.aggregate(firms=Sum("target_firms"), completed=Sum("target_completed"))
    dropouts = _count_by(
        enrolments.filter(status_then=EnrolmentStatus.DROPPED), "dropout_phase", firm
    )
    completed_then = Q(status_then=EnrolmentStatus.COMPLETED)
    regions = _breakdown(
        supported, "organization__region", sorted(named_regions(projects)), completed_then
    )
    cohorts = _breakdown(
        supported,
        "cohort__name",
        sorted(Cohort.objects.filter(project__in=projects).values_list("name", flat=True)),
        completed_then,
    )
    return {
        "firms_applied": _firms(enrolments),
        "firms_interviewed": reached.get(EnrolmentStatus.INTERVIEWED, 0),
        "firms_accepted": reached.get(EnrolmentStatus.ACCEPTED, 0),
        "firms_rejected": current.get(EnrolmentStatus.REJECTED, 0),
        "firms_active": current.get(EnrolmentStatus.ACTIVE, 0),
        "firms_completed": current.get(EnrolmentStatus.COMPLETED, 0),
        "firms_dropped": current.get(EnrolmentStatus.DROPPED, 0),
        "firms_supported": _firms(supported),
        "firms_became_members": _firms_became_members(projects, as_of),
        "target_firms": targets["firms"] or 0,
        "target_completed": targets["completed"] or 0,
        "dropouts_by_phase": _with_zeros(
            {phase or "unknown": n for phase, n in dropouts.items()}, DropoutPhase.values
        ),
        "by_region": [{"region": row.pop("name"), **row} for row in regions],
        "by_cohort": [{"cohort": row.pop("name"), **row} for row in cohorts],
        "coaching_hours_allotted": hours_figure(
            supported.aggregate(h=Sum("coaching_hours_allotted"))["h"]
        ),
    }


def _firms_became_members(projects: QuerySet[Project], as_of: date) -> int:
    """Participants whose membership became active from the day they applied up to ``as_of``:
    joining the cluster is an outcome of the project, not a condition of taking part."""
    joined = MembershipTransition.objects.filter(
        membership__organization=OuterRef("organization"),
        to_status=MembershipStatus.ACTIVE,
        on__gte=OuterRef("applied_on"),
        on__lte=as_of,
    )
    return _firms(enrolments_as_of(projects, as_of).filter(Exists(joined)))


def stage_as_of(as_of: date) -> Subquery:
    """An export-lab track's stage on ``as_of`` (None before its first step)."""
    return Subquery(
        ExportLabStep.objects.filter(track=OuterRef("pk"), entered_on__lte=as_of)
        .order_by("-entered_on", "-pk")
        .values("stage")[:1]
    )


def _coaching_and_workshop_figures(projects: QuerySet[Project], as_of: date) -> dict:
    sessions = CoachingSession.objects.filter(enrolment__project__in=projects, date__lte=as_of)
    tracks = (
        ExportLabTrack.objects.filter(enrolment__project__in=projects)
        .annotate(stage_then=stage_as_of(as_of))
        .exclude(stage_then=None)
    )
    stages = _count_by(tracks, "stage_then", "enrolment__organization__registry_id")
    # Confirmed by the other side by then; a session from an import of history counts as
    # confirmed from its own date.
    confirmed = Q(logged_by_side=SessionSide.IMPORT) | Q(
        status=SessionStatus.CONFIRMED, confirmed_at__date__lte=as_of
    )
    hours = sessions.aggregate(h=Sum("hours"), confirmed=Sum("hours", filter=confirmed))
    return {
        "coaching_hours_used": hours_figure(hours["h"]),
        "coaching_hours_confirmed": hours_figure(hours["confirmed"]),
        "workshop_attendances": WorkshopParticipation.objects.filter(
            workshop__project__in=projects, workshop__date__lte=as_of, attended=True
        ).count(),
        "export_lab_stage_counts": _with_zeros(stages, ExportLabStage.values),
    }


def _median_days(pairs) -> float | None:
    days = [(done - asked).total_seconds() / 86400 for asked, done in pairs]
    return hours_figure(statistics.median(days)) if days else None


def _timbank_and_trip_figures(projects: QuerySet[Project], as_of: date) -> dict:
    requests = TimbankRequest.objects.filter(
        enrolment__project__in=projects, requested_at__date__lte=as_of
    )
    decided_then = Q(decided_at__date__lte=as_of)
    approved = requests.filter(
        decided_then,
        status__in=(TimbankRequestStatus.APPROVED, TimbankRequestStatus.CLOSED),
    )
    settled = (
        TimbankRequestStatus.APPROVED,
        TimbankRequestStatus.REJECTED,
        TimbankRequestStatus.CLOSED,
    )
    pool = TimbankPool.objects.filter(project__in=projects).aggregate(h=Sum("hours_total"))
    logged = TimesheetEntry.objects.filter(
        request__enrolment__project__in=projects, date__lte=as_of
    )
    trips = Trip.objects.filter(enrolment__project__in=projects, requested_at__date__lte=as_of)
    trips_decided = trips.filter(decided_then).exclude(status=TripStatus.APPLIED)
    trips_done = trips.filter(status=TripStatus.DONE, end__lte=as_of)
    return {
        "timbank_hours_pool": hours_figure(pool["h"]),
        "timbank_hours_requested": hours_figure(requests.aggregate(h=Sum("hours_requested"))["h"]),
        "timbank_hours_approved": hours_figure(approved.aggregate(h=Sum("hours_approved"))["h"]),
        "timbank_hours_used": hours_figure(logged.aggregate(h=Sum("hours"))["h"]),
        "timbank_decision_days_median": _median_days(
            requests.filter(decided_then, status__in=settled).values_list(
                "requested_at", "decided_at"
            )
        ),
        "timbank_requests_pending": requests.exclude(decided_then, status__in=settled)
        .exclude(status=TimbankRequestStatus.WITHDRAWN, closed_at__date__lte=as_of)
        .count(),
        "trips_applied": trips.count(),
        "trips_approved": trips_decided.exclude(status=TripStatus.REJECTED).count(),
        "trips_done": trips_done.count(),
        "trip_decision_days_median": _median_days(
            trips_decided.values_list("requested_at", "decided_at")
        ),
        "countries_visited": _count_by(
            trips_done, "country", "enrolment__organization__registry_id"
        ),
    }


def firms_at_risk(projects: QuerySet[Project], as_of: date) -> int:
    """Firms active on ``as_of`` with no activity (session, outcome, export-lab step,
    consultant hours, trip) in the 60 days before it."""
    since = as_of - timedelta(days=AT_RISK_DAYS)
    active = enrolments_as_of(projects, as_of).filter(status_then=EnrolmentStatus.ACTIVE)
    recent = set()
    for model, date_field, path in (
        (CoachingSession, "date", "enrolment"),
        (Outcome, "date", "enrolment"),
        (ExportLabStep, "entered_on", "track__enrolment"),
        (TimesheetEntry, "date", "request__enrolment"),
        (Trip, "end", "enrolment"),
    ):
        recent |= set(
            model.objects.filter(
                **{f"{path}__in": active, f"{date_field}__gt": since, f"{date_field}__lte": as_of}
            ).values_list(f"{path}__organization__registry_id", flat=True)
        )
    registry_ids = set(active.values_list("organization__registry_id", flat=True))
    return len(registry_ids - recent)


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


def accepted_by(as_of: date, enrolment: str = "pk") -> Exists:
    """Whether the enrolment at ``enrolment`` (an OuterRef path) was accepted on or before
    ``as_of``: the filter of supported_enrolments, as a correlated EXISTS the planner can run
    as a semi-join."""
    return Exists(
        EnrolmentStatusChange.objects.filter(
            enrolment=OuterRef(enrolment), to_status=EnrolmentStatus.ACCEPTED, on__lte=as_of
        )
    )


def outcomes(projects: QuerySet[Project], as_of: date) -> dict:
    """What the supported firms achieved up to ``as_of``, each firm counted once per kind: two
    queries, every count in one pass over the supported enrolments and their outcomes, then
    the markets entered."""
    firm = "organization__registry_id"
    # Outcomes dated by then; what the firm reported counts once the cluster verified it.
    dated = Q(outcomes__date__lte=as_of)
    verified = dated & Q(outcomes__verification=Verification.VERIFIED)
    supported = Enrolment.objects.filter(accepted_by(as_of), project__in=projects)
    numbers = supported.aggregate(
        firms_supported=Count(firm, distinct=True),
        **{
            name: Count(firm, distinct=True, filter=verified & Q(outcomes__kind__in=kinds))
            for name, kinds in OUTCOME_FIRM_COUNTS.items()
        },
        awaiting=Count("outcomes", filter=dated & Q(outcomes__verification=Verification.REPORTED)),
        units_sold=Sum(
            "outcomes__quantity", filter=verified & Q(outcomes__kind=OutcomeKind.UNITS_SOLD)
        ),
    )
    markets = (
        Outcome.objects.filter(
            accepted_by(as_of, "enrolment_id"),
            enrolment__project__in=projects,
            date__lte=as_of,
            verification=Verification.VERIFIED,
            kind=OutcomeKind.MARKET_ENTERED,
        )
        .exclude(country="")
        .values_list("country")
        .annotate(n=Count(f"enrolment__{firm}", distinct=True))
        .order_by()
    )
    total = numbers["firms_supported"]
    counts = {name: numbers[name] for name in OUTCOME_FIRM_COUNTS}
    result = {
        "firms_supported": total,
        **counts,
        "outcomes_awaiting_verification": numbers["awaiting"],
        "units_sold": numbers["units_sold"] or 0,
        # {country: firms}: the funder's view hides countries of fewer than three firms.
        "markets_entered": dict(markets),
    }
    result.update({f"share_{name}": _share(count, total) for name, count in counts.items()})
    return result

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

from django.db.models import Count, Q, QuerySet, Sum

from clusters.models import Programme
from internationalization.choices import (
    OPEN_TIMBANK_REQUEST,
    ExportLabStage,
    OutcomeKind,
    TimbankRequestStatus,
    TripStatus,
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
from projects.choices import DropoutPhase, EnrolmentStatus
from projects.models import Enrolment, EnrolmentStatusChange, Project

AT_RISK_DAYS = 60


def _hours(value) -> float:
    """Hours as a JSON number rounded to two places: the same value on every database."""
    return float(Decimal(value or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _firms(queryset: QuerySet, path: str = "organization__registry_id") -> int:
    return queryset.aggregate(n=Count(path, distinct=True))["n"] or 0


def projects_of_programme(programme: Programme) -> QuerySet[Project]:
    return Project.objects.filter(fundings__programme=programme).distinct()


def supported_enrolments(projects: QuerySet[Project]) -> QuerySet[Enrolment]:
    """Enrolments ever accepted: accepted, active, completed, or dropped after acceptance."""
    ever_accepted = EnrolmentStatusChange.objects.filter(
        enrolment__project__in=projects, to_status=EnrolmentStatus.ACCEPTED
    ).values("enrolment_id")
    still_in = (EnrolmentStatus.ACCEPTED, EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED)
    return Enrolment.objects.filter(project__in=projects).filter(
        Q(status__in=still_in) | Q(pk__in=ever_accepted)
    )


def participation(projects: QuerySet[Project], as_of: date) -> dict:
    """Intake, activities and risk of the projects' firms, each firm counted once by its
    registry id."""
    return {
        **_intake_figures(projects),
        **_coaching_and_workshop_figures(projects),
        **_timbank_and_trip_figures(projects),
        "firms_at_risk": firms_at_risk(projects, as_of),
    }


def _count_by(queryset: QuerySet, field: str, firm_path: str) -> dict[str, int]:
    """{value of ``field``: distinct firms}: one GROUP BY query."""
    return dict(queryset.values_list(field).annotate(n=Count(firm_path, distinct=True)))


def _with_zeros(counts: dict[str, int], every: list[str]) -> dict[str, int]:
    """Every phase or stage the process defines, with 0 where nothing happened, sorted."""
    return {key: counts.get(key, 0) for key in sorted({*every, *counts})}


def _named_regions(projects: QuerySet[Project]) -> set[str]:
    """The regions the projects serve (``Project.regions``), read in one query."""
    return {region for regions in projects.values_list("regions", flat=True) for region in regions}


def _intake_figures(projects: QuerySet[Project]) -> dict:
    enrolments = Enrolment.objects.filter(project__in=projects)
    supported = supported_enrolments(projects)
    firm = "organization__registry_id"
    reached = _count_by(
        EnrolmentStatusChange.objects.filter(enrolment__project__in=projects),
        "to_status",
        f"enrolment__{firm}",
    )
    current = _count_by(enrolments, "status", firm)
    targets = projects.aggregate(firms=Sum("target_firms"), completed=Sum("target_completed"))
    dropouts = _count_by(enrolments.filter(status=EnrolmentStatus.DROPPED), "dropout_phase", firm)
    # Distinct registry ids per region: an enterprise supported in two projects counts once.
    completed = Count(firm, distinct=True, filter=Q(status=EnrolmentStatus.COMPLETED))
    counted = {
        region or "": {"region": region or "", "firms_supported": n, "firms_completed": done}
        for region, n, done in supported.values_list("organization__region")
        .annotate(n=Count(firm, distinct=True), completed=completed)
        .order_by("organization__region")
    }
    # A region the projects name shows 0 when no firm of it took part: that is a finding too.
    for region in _named_regions(projects):
        counted.setdefault(region, {"region": region, "firms_supported": 0, "firms_completed": 0})
    return {
        "firms_applied": _firms(enrolments),
        "firms_interviewed": reached.get(EnrolmentStatus.INTERVIEWED, 0),
        "firms_accepted": reached.get(EnrolmentStatus.ACCEPTED, 0),
        "firms_rejected": current.get(EnrolmentStatus.REJECTED, 0),
        "firms_active": current.get(EnrolmentStatus.ACTIVE, 0),
        "firms_completed": current.get(EnrolmentStatus.COMPLETED, 0),
        "firms_dropped": current.get(EnrolmentStatus.DROPPED, 0),
        "firms_supported": _firms(supported),
        "target_firms": targets["firms"] or 0,
        "target_completed": targets["completed"] or 0,
        "dropouts_by_phase": _with_zeros(
            {phase or "unknown": n for phase, n in dropouts.items()}, DropoutPhase.values
        ),
        "by_region": sorted(counted.values(), key=lambda row: row["region"]),
        "coaching_hours_allotted": _hours(
            supported.aggregate(h=Sum("coaching_hours_allotted"))["h"]
        ),
    }


def _coaching_and_workshop_figures(projects: QuerySet[Project]) -> dict:
    sessions = CoachingSession.objects.filter(enrolment__project__in=projects)
    stages = _count_by(
        ExportLabTrack.objects.filter(enrolment__project__in=projects),
        "stage",
        "enrolment__organization__registry_id",
    )
    return {
        "coaching_hours_used": _hours(sessions.aggregate(h=Sum("hours"))["h"]),
        "workshop_attendances": WorkshopParticipation.objects.filter(
            workshop__project__in=projects, attended=True
        ).count(),
        "export_lab_stage_counts": _with_zeros(stages, ExportLabStage.values),
    }


def _timbank_and_trip_figures(projects: QuerySet[Project]) -> dict:
    requests = TimbankRequest.objects.filter(enrolment__project__in=projects)
    decided = requests.exclude(decided_at=None).values_list("requested_at", "decided_at")
    decision_days = [(done - asked).total_seconds() / 86400 for asked, done in decided]
    approved = (TimbankRequestStatus.APPROVED, TimbankRequestStatus.CLOSED)
    pool = TimbankPool.objects.filter(project__in=projects).aggregate(h=Sum("hours_total"))
    logged = TimesheetEntry.objects.filter(request__enrolment__project__in=projects)
    trips = Trip.objects.filter(enrolment__project__in=projects)
    return {
        "timbank_hours_pool": _hours(pool["h"]),
        "timbank_hours_approved": _hours(
            requests.filter(status__in=approved).aggregate(h=Sum("hours_approved"))["h"]
        ),
        "timbank_hours_used": _hours(logged.aggregate(h=Sum("hours"))["h"]),
        "timbank_decision_days_median": _hours(statistics.median(decision_days))
        if decision_days
        else None,
        "timbank_requests_pending": requests.filter(status__in=OPEN_TIMBANK_REQUEST).count(),
        "trips_done": trips.filter(status=TripStatus.DONE).count(),
    }


def firms_at_risk(projects: QuerySet[Project], as_of: date) -> int:
    """Active firms with no activity (session, outcome, export-lab step, consultant hours,
    trip) in the last 60 days before ``as_of``."""
    since = as_of - timedelta(days=AT_RISK_DAYS)
    active = Enrolment.objects.filter(project__in=projects, status=EnrolmentStatus.ACTIVE)
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


def outcomes(projects: QuerySet[Project]) -> dict:
    supported = supported_enrolments(projects)
    records = Outcome.objects.filter(enrolment__in=supported)
    firms_by_kind = dict(
        records.values_list("kind").annotate(
            n=Count("enrolment__organization__registry_id", distinct=True)
        )
    )
    contacts = _firms(
        records.filter(
            kind__in=(OutcomeKind.INTERNATIONAL_CONTACT, OutcomeKind.INTERNATIONAL_PARTNER)
        ),
        "enrolment__organization__registry_id",
    )
    counts = {
        "firms_with_international_contacts": contacts,
        "firms_with_new_customers": firms_by_kind.get(OutcomeKind.NEW_CUSTOMER, 0),
        "firms_with_prototypes": firms_by_kind.get(OutcomeKind.PROTOTYPE, 0),
    }
    total = _firms(supported)
    units_sold = records.filter(kind=OutcomeKind.UNITS_SOLD).aggregate(n=Sum("quantity"))["n"]
    result = {
        "firms_supported": total,
        **counts,
        "units_sold": units_sold or 0,
        "markets_entered": sorted(
            set(
                records.filter(kind=OutcomeKind.MARKET_ENTERED)
                .exclude(country="")
                .values_list("country", flat=True)
            )
        ),
    }
    result.update({f"share_{name}": _share(count, total) for name, count in counts.items()})
    return result

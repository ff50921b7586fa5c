"""Reads of internationalization/ that combine or aggregate, and the small questions the access
rules ask (is this user the firm's coach, one of its representatives, a manager?)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from clusters.roles import is_office_staff
from clusters.selectors import HistoryEntry, history_of
from internationalization.choices import (
    CLAIMABLE_TRIP,
    EXPORT_LAB_ORDER,
    OPEN_TIMBANK_REQUEST,
    ClaimStatus,
    ExportLabStage,
    SessionSide,
    SessionStatus,
    TimbankRequestStatus,
    TripStatus,
)
from internationalization.models import (
    CoachingSession,
    ExpenseClaim,
    ExportLabStep,
    ExportLabTrack,
    Outcome,
    TimbankRequest,
    TimesheetEntry,
    Trip,
    TripCountryCap,
    TripReport,
    Workshop,
    WorkshopParticipation,
)
from internationalization.permissions import can_act_for_firm, can_decide_for_project
from members.choices import Helix, OrganizationType
from members.models import Organization
from projects.choices import EnrolmentStatus
from projects.models import Enrolment, Project

# An enrolment takes part in the activities once accepted, until it completes or drops out.
WORKING_STATUSES = (EnrolmentStatus.ACCEPTED, EnrolmentStatus.ACTIVE)


# Who the user is to an enrolment ------------------------------------------------------------


# Coaching -----------------------------------------------------------------------------------


def coaching_hours_used(enrolment: Enrolment) -> Decimal:
    """Hours of the enrolment's sessions, to the hundredth (as the allotment is kept)."""
    total = CoachingSession.objects.filter(enrolment=enrolment).aggregate(total=Sum("hours"))
    return (total["total"] or Decimal(0)).quantize(Decimal("0.01"))


def coaching_hours_confirmed(enrolment: Enrolment) -> Decimal:
    """Hours of the enrolment's sessions the other side confirmed (imported ones included)."""
    total = CoachingSession.objects.filter(
        enrolment=enrolment, status=SessionStatus.CONFIRMED
    ).aggregate(total=Sum("hours"))
    return (total["total"] or Decimal(0)).quantize(Decimal("0.01"))


def sessions_awaiting(user) -> QuerySet[CoachingSession]:
    """The sessions waiting for ``user``'s side: for a coach, those their firms logged; for a
    firm's representative, those its coach logged. For the home pages and reminders."""
    return (
        CoachingSession.objects.visible_to(user)
        .filter(status=SessionStatus.AWAITING)
        .filter(
            Q(logged_by_side=SessionSide.FIRM, enrolment__coach=user)
            | Q(
                logged_by_side=SessionSide.OFFICE,
                enrolment__organization__representatives__user=user,
            )
        )
        .select_related("enrolment__organization", "enrolment__project")
        .order_by("date", "pk")
    )


@dataclass(frozen=True)
class CoachingBalance:
    allotted: Decimal
    used: Decimal

    @property
    def left(self) -> Decimal:
        return max(self.allotted - self.used, Decimal(0))


def coaching_balance(enrolment: Enrolment) -> CoachingBalance:
    return CoachingBalance(enrolment.coaching_hours_allotted, coaching_hours_used(enrolment))


def allotment_history(enrolment: Enrolment) -> list[HistoryEntry]:
    """The audited changes of the coaching allotment, newest first."""
    label = str(Enrolment._meta.get_field("coaching_hours_allotted").verbose_name)
    entries = []
    for entry in history_of(enrolment, limit=50):
        changes = [change for change in entry.changes if change.field == label]
        if changes:
            entries.append(HistoryEntry(entry.when, entry.who, entry.kind, changes))
    return entries


# Workshops ----------------------------------------------------------------------------------


def workshops_of_project(user, project: Project) -> QuerySet[Workshop]:
    """The project's workshops with how many firms were invited and how many attended."""
    return (
        Workshop.objects.visible_to(user)
        .filter(project=project)
        .select_related("cohort")
        .annotate(
            invited_count=Count("participations"),
            attended_count=Count("participations", filter=Q(participations__attended=True)),
        )
        .order_by("date", "pk")
    )


def workshop_participations(user, workshop: Workshop) -> QuerySet[WorkshopParticipation]:
    """The invitations of a workshop the user may see (a coach: only their firms)."""
    return (
        WorkshopParticipation.objects.visible_to(user)
        .filter(workshop=workshop)
        .select_related("enrolment__organization")
        .order_by("enrolment__organization__legal_name", "pk")
    )


# Export lab ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardColumn:
    stage: str
    label: str
    tracks: list[ExportLabTrack]


def export_lab_board(user, project: Project) -> list[BoardColumn]:
    """One column per stage, in order, with the tracks the user may see (a coach: only the
    firms assigned to them). Firms that dropped out or were rejected are left off."""
    tracks = (
        ExportLabTrack.objects.visible_to(user)
        .filter(enrolment__project=project)
        .exclude(enrolment__status__in=(EnrolmentStatus.DROPPED, EnrolmentStatus.REJECTED))
        .select_related("enrolment__organization")
        .order_by("stage_entered_on", "enrolment__organization__legal_name", "pk")
    )
    by_stage: dict[str, list[ExportLabTrack]] = {stage: [] for stage in EXPORT_LAB_ORDER}
    for track in tracks:
        by_stage[track.stage].append(track)
    return [
        BoardColumn(stage, str(ExportLabStage(stage).label), by_stage[stage])
        for stage in EXPORT_LAB_ORDER
    ]


def track_steps(track: ExportLabTrack) -> QuerySet[ExportLabStep]:
    return ExportLabStep.objects.filter(track=track).order_by("entered_on", "pk")


# The coach's page ---------------------------------------------------------------------------


def _latest_per_enrolment(queryset, enrolment_path: str, field: str) -> Subquery:
    return Subquery(
        queryset.filter(**{enrolment_path: OuterRef("pk")})
        .order_by()
        .values(enrolment_path)
        .annotate(latest=Max(field))
        .values("latest")
    )


def coached_enrolments(user) -> QuerySet[Enrolment]:
    """The enrolments assigned to the user as coach, with hours used and the dates of the
    latest session, outcome and export-lab step, all in one query."""
    hours = (
        CoachingSession.objects.filter(enrolment=OuterRef("pk"))
        .order_by()
        .values("enrolment")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return (
        Enrolment.objects.visible_to(user)
        .filter(coach=user)
        .select_related("project", "organization", "export_lab")
        .annotate(
            hours_used=Coalesce(
                Subquery(hours, output_field=DecimalField(max_digits=9, decimal_places=2)),
                Decimal(0),
                output_field=DecimalField(max_digits=9, decimal_places=2),
            ),
            last_session_on=_latest_per_enrolment(CoachingSession.objects, "enrolment", "date"),
            last_outcome_on=_latest_per_enrolment(Outcome.objects, "enrolment", "date"),
            last_step_on=_latest_per_enrolment(
                ExportLabStep.objects, "track__enrolment", "entered_on"
            ),
        )
        .order_by("project__name", "organization__legal_name", "pk")
    )


@dataclass(frozen=True)
class CoachedFirm:
    """One row of the coach's page."""

    enrolment: Enrolment

    @property
    def hours_used(self) -> Decimal:
        return self.enrolment.hours_used

    @property
    def hours_allotted(self) -> Decimal:
        return self.enrolment.coaching_hours_allotted

    @property
    def hours_left(self) -> Decimal:
        return max(self.hours_allotted - self.hours_used, Decimal(0))

    @property
    def track(self) -> ExportLabTrack | None:
        return getattr(self.enrolment, "export_lab", None)

    @property
    def last_activity(self) -> date | None:
        days = [
            day
            for day in (
                self.enrolment.last_session_on,
                self.enrolment.last_outcome_on,
                self.enrolment.last_step_on,
            )
            if day is not None
        ]
        return max(days, default=None)

    @property
    def is_working(self) -> bool:
        return self.enrolment.status in WORKING_STATUSES


# Decisions on requests ------------------------------------------------------------------------


def days_waiting(requested_at: datetime, now: datetime) -> int:
    """Whole days a request has waited for its decision (never negative)."""
    return max((now - requested_at).days, 0)


def lead_time(requested_at: datetime, decided_at: datetime | None) -> timedelta | None:
    """From the request to its decision; None while undecided."""
    return decided_at - requested_at if decided_at else None


def timbank_hours_used(request: TimbankRequest) -> Decimal:
    """Consultant hours logged against an approved request."""
    total = TimesheetEntry.objects.filter(request=request).aggregate(total=Sum("hours"))["total"]
    return total or Decimal(0)


def trip_claimed_total(trip: Trip) -> Decimal:
    """What the trip's expense claims add up to, rejected claims left out."""
    total = (
        ExpenseClaim.objects.filter(trip=trip)
        .exclude(status=ClaimStatus.REJECTED)
        .aggregate(total=Sum("amount"))["total"]
    )
    return total or Decimal(0)


@dataclass(frozen=True)
class TimbankRequestPage:
    """What a timbank request's page shows the user, and which actions it offers."""

    entries: list[TimesheetEntry]
    hours_used: Decimal
    hours_left: Decimal
    days_waiting: int | None
    lead_time: timedelta | None
    can_decide: bool
    can_log: bool
    can_reply: bool
    show_history: bool

    @property
    def lead_days(self) -> int | None:
        return self.lead_time.days if self.lead_time is not None else None


def timbank_request_page(user, request: TimbankRequest) -> TimbankRequestPage:
    enrolment, project = request.enrolment, request.enrolment.project
    entries = list(
        TimesheetEntry.objects.visible_to(user)
        .filter(request=request)
        .select_related("consultant")
        .order_by("date", "pk")
    )
    # The timesheet is on the page already: its sum is timbank_hours_used without a query.
    used = sum((entry.hours for entry in entries), Decimal(0))
    is_open = request.status in OPEN_TIMBANK_REQUEST
    may_decide = bool(can_decide_for_project(user, project))
    return TimbankRequestPage(
        entries=entries,
        hours_used=used,
        hours_left=request.hours_approved - used,
        days_waiting=days_waiting(request.requested_at, timezone.now()) if is_open else None,
        lead_time=lead_time(request.requested_at, request.decided_at),
        can_decide=may_decide and is_open,
        can_log=may_decide and request.status == TimbankRequestStatus.APPROVED,
        can_reply=request.status == TimbankRequestStatus.INFO_REQUESTED
        and bool(can_act_for_firm(user, enrolment)),
        show_history=is_office_staff(user, project.cluster_id),
    )


@dataclass(frozen=True)
class TripPage:
    """What a trip's page shows the user, and which actions it offers."""

    claims: list[ExpenseClaim]
    claimed: Decimal
    budget_left: Decimal | None
    report: TripReport | None
    cap: TripCountryCap | None
    days_waiting: int | None
    lead_days: int | None
    can_decide: bool
    can_claim: bool
    can_report: bool
    show_history: bool


def trip_caps(project) -> list[TripCountryCap]:
    """The project's caps per trip, by country name."""
    caps = TripCountryCap.objects.filter(project=project)
    return sorted(caps, key=lambda cap: str(cap.country.name))


def trip_country_cap(trip: Trip) -> TripCountryCap | None:
    return TripCountryCap.objects.filter(
        project_id=trip.enrolment.project_id, country=trip.country
    ).first()


def trip_page(user, trip: Trip) -> TripPage:
    enrolment, project = trip.enrolment, trip.enrolment.project
    claims = list(ExpenseClaim.objects.visible_to(user).filter(trip=trip).order_by("pk"))
    # The claims are on the page already: their sum is trip_claimed_total without a query.
    claimed = sum((c.amount for c in claims if c.status != ClaimStatus.REJECTED), Decimal(0))
    for_firm = bool(can_act_for_firm(user, enrolment))
    waiting = trip.status == TripStatus.APPLIED
    decided_after = lead_time(trip.requested_at, trip.decided_at)
    return TripPage(
        claims=claims,
        claimed=claimed,
        budget_left=trip.budget_approved - claimed if trip.budget_approved is not None else None,
        report=TripReport.objects.visible_to(user).filter(trip=trip).first(),
        cap=trip_country_cap(trip),
        days_waiting=days_waiting(trip.requested_at, timezone.now()) if waiting else None,
        lead_days=decided_after.days if decided_after is not None else None,
        can_decide=bool(can_decide_for_project(user, project)),
        can_claim=for_firm and trip.status in CLAIMABLE_TRIP,
        can_report=for_firm and trip.status == TripStatus.DONE,
        show_history=is_office_staff(user, project.cluster_id),
    )


def research_organisations(cluster) -> QuerySet[Organization]:
    """The universities and research institutes of a cluster: the partners a joint activity
    with research (an outcome) may name."""
    return Organization.objects.filter(cluster=cluster).filter(
        Q(helix=Helix.ACADEMIA)
        | Q(org_type__in=(OrganizationType.UNIVERSITY, OrganizationType.RESEARCH_INSTITUTE))
    )

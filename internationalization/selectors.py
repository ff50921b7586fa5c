"""Reads of internationalization/ that combine or aggregate, and the small questions the access
rules ask (is this user the firm's coach, one of its representatives, a manager?)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from clusters.selectors import HistoryEntry, history_of
from internationalization.choices import EXPORT_LAB_ORDER, ExportLabStage
from internationalization.models import (
    CoachingSession,
    ExportLabStep,
    ExportLabTrack,
    Outcome,
    Workshop,
    WorkshopParticipation,
)
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

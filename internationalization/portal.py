"""What a firm's representative sees on its one page: its enrolments, what to do next, and
its state-aid ledger. Reads only; the actions post to the areas' own pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from internationalization.aid import AidLedger, aid_ledger
from internationalization.choices import (
    SessionSide,
    SessionStatus,
    TimbankRequestStatus,
    TripStatus,
)
from internationalization.models import (
    CoachingSession,
    ExpenseClaim,
    Outcome,
    TimbankRequest,
    Trip,
    WorkshopParticipation,
)
from members.models import Organization
from projects.choices import EnrolmentStatus
from projects.models import Enrolment, Project

WORKING_STATUSES = {EnrolmentStatus.ACCEPTED, EnrolmentStatus.ACTIVE}


@dataclass
class EnrolmentView:
    enrolment: Enrolment
    hours_used: Decimal
    next_steps: list[str] = field(default_factory=list)

    @property
    def hours_left(self) -> Decimal:
        return self.enrolment.coaching_hours_allotted - self.hours_used

    @property
    def can_work(self) -> bool:
        return self.enrolment.status in WORKING_STATUSES


@dataclass
class Portal:
    organizations: list[Organization]
    enrolments: list[EnrolmentView]
    open_projects: list[Project]
    ledgers: list[tuple[Organization, AidLedger]]


def portal_for(user, today: date) -> Portal:
    organizations = list(
        Organization.objects.filter(representatives__user=user).order_by("legal_name")
    )
    enrolments = (
        Enrolment.objects.visible_to(user)
        .filter(organization__in=organizations)
        .select_related("project", "organization", "coach", "export_lab")
        .prefetch_related(
            Prefetch("coaching_sessions", queryset=CoachingSession.objects.order_by("-date")),
            Prefetch("timbank_requests", queryset=TimbankRequest.objects.order_by("-requested_at")),
            Prefetch(
                "trips",
                # With its report (next_steps asks each done trip for one): no query per trip.
                queryset=Trip.objects.select_related("report").prefetch_related(
                    Prefetch("claims", queryset=ExpenseClaim.objects.order_by("submitted_at"))
                ),
            ),
            Prefetch("outcomes", queryset=Outcome.objects.order_by("-date")),
            Prefetch(
                "workshop_participations",
                queryset=WorkshopParticipation.objects.select_related("workshop").order_by(
                    "-workshop__date", "pk"
                ),
            ),
        )
        .order_by("-applied_on")
    )
    views = []
    for enrolment in enrolments:
        # Every session of the enrolment is on the page already: their sum needs no query.
        hours = sum((s.hours for s in enrolment.coaching_sessions.all()), Decimal(0))
        view = EnrolmentView(enrolment, hours)
        view.next_steps = next_steps(enrolment, today)
        views.append(view)
    applied = {view.enrolment.project_id for view in views}
    open_projects = [
        project
        for project in Project.objects.visible_to(user).filter(
            status="open", enrolment_start__lte=today, enrolment_end__gte=today
        )
        if project.pk not in applied
    ]
    ledgers = [(organization, aid_ledger(organization, today)) for organization in organizations]
    return Portal(organizations, views, open_projects, ledgers)


def next_steps(enrolment: Enrolment, today: date) -> list[str]:
    """The few things the firm should do now, most urgent first."""
    steps = []
    if enrolment.status == EnrolmentStatus.APPLIED:
        if enrolment.interview_at:
            steps.append(
                _("Come to your interview on %(when)s.")
                % {"when": enrolment.interview_at.strftime("%Y-%m-%d %H:%M")}
            )
        else:
            steps.append(
                _("The cluster reviews your application and will invite you to an interview.")
            )
    if enrolment.fee_due and not enrolment.fee_paid_on:
        steps.append(
            _("Pay the participation fee of %(fee)s %(currency)s.")
            % {"fee": enrolment.fee_due, "currency": enrolment.project.currency}
        )
    unconfirmed = [
        s
        for s in enrolment.coaching_sessions.all()
        if s.status == SessionStatus.AWAITING and s.logged_by_side == SessionSide.OFFICE
    ]
    if unconfirmed:
        steps.append(
            _("Confirm %(count)s coaching session(s) with your coach.")
            % {"count": len(unconfirmed)}
        )
    for request in enrolment.timbank_requests.all():
        if request.status == TimbankRequestStatus.INFO_REQUESTED:
            steps.append(
                _("The cluster asks about your %(service)s request: %(question)s")
                % {
                    "service": request.get_service_display().lower(),
                    "question": request.decision_note,
                }
            )
    for trip in enrolment.trips.all():
        if trip.status == TripStatus.DONE and not hasattr(trip, "report"):
            steps.append(
                _("Tell the cluster what your trip to %(city)s brought.") % {"city": trip.city}
            )
        elif (
            trip.status in (TripStatus.APPROVED, TripStatus.DONE)
            and trip.end < today
            and not trip.claims.all()
        ):
            steps.append(_("Claim the costs of your trip to %(city)s.") % {"city": trip.city})
    disputed = [
        s
        for s in enrolment.coaching_sessions.all()
        if s.status == SessionStatus.DISPUTED and s.logged_by_side == SessionSide.FIRM
    ]
    if disputed:
        steps.append(
            _("Your coach disputes %(count)s session(s) you logged: correct them.")
            % {"count": len(disputed)}
        )
    return steps

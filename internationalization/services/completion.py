"""Completing a project: a firm has gone "through the whole process" when it has done every
activity its project requires (``Project.required_activities``).

What counts as done, per activity:

- coaching: at least one coaching session, and the sessions together make at least half
  of the enrolment's allotment (a firm that met its coach once for an hour out of twenty has
  not been coached; one that used half its hours has). Confirmation by the firm is not
  required: the coach's log is the record.
- workshops: the firm attended at least one workshop.
- timbank: at least one request approved, or closed after consultants logged hours on it.
- trip: a trip that is done.
- export lab: the firm's track reached evaluation or international acceleration (at any
  time: going back from evaluation to incubation for another iteration still counts).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from accounts.models import User
from internationalization.choices import (
    ExportLabStage,
    TimbankRequestStatus,
    TripStatus,
)
from internationalization.models import (
    CoachingSession,
    ExportLabStep,
    TimbankRequest,
    Trip,
    WorkshopParticipation,
)
from internationalization.permissions import can_complete
from projects.choices import EnrolmentStatus, RequiredActivity
from projects.models import Enrolment
from projects.services import enrolment_mark_completed


def coaching_done(enrolment: Enrolment) -> bool:
    sessions = CoachingSession.objects.filter(enrolment=enrolment).aggregate(
        count=Count("pk"), hours=Sum("hours")
    )
    half = enrolment.coaching_hours_allotted / 2
    return sessions["count"] > 0 and (sessions["hours"] or Decimal(0)) >= half


def workshops_done(enrolment: Enrolment) -> bool:
    return WorkshopParticipation.objects.filter(enrolment=enrolment, attended=True).exists()


def timbank_done(enrolment: Enrolment) -> bool:
    return (
        TimbankRequest.objects.filter(enrolment=enrolment)
        .filter(
            Q(status=TimbankRequestStatus.APPROVED)
            | Q(status=TimbankRequestStatus.CLOSED, timesheet__hours__gt=0)
        )
        .exists()
    )


def trip_done(enrolment: Enrolment) -> bool:
    return Trip.objects.filter(enrolment=enrolment, status=TripStatus.DONE).exists()


def export_lab_done(enrolment: Enrolment) -> bool:
    return ExportLabStep.objects.filter(
        track__enrolment=enrolment,
        stage__in=(ExportLabStage.EVALUATION, ExportLabStage.ACCELERATION),
    ).exists()


DONE: dict[str, Callable[[Enrolment], bool]] = {
    RequiredActivity.COACHING: coaching_done,
    RequiredActivity.WORKSHOPS: workshops_done,
    RequiredActivity.TIMBANK: timbank_done,
    RequiredActivity.TRIP: trip_done,
    RequiredActivity.EXPORT_LAB: export_lab_done,
}


def missing_activities(enrolment: Enrolment) -> list[str]:
    """Labels of the project's required activities the firm has not done yet, in the order of
    the activities; an empty list when the firm has done them all."""
    required = set(enrolment.project.required_activities or [])
    return [
        str(RequiredActivity(activity).label)
        for activity in RequiredActivity.values
        if activity in required and not DONE[activity](enrolment)
    ]


@transaction.atomic
def enrolment_complete(
    *, enrolment: Enrolment, actor: User, completed_on: date | None = None
) -> Enrolment:
    """Mark the enrolment completed once every required activity is done; otherwise say what
    is missing. Only an active enrolment can complete; ``completed_on`` (default today) is
    the day it did."""
    enrolment = Enrolment.objects.select_related("project").get(pk=enrolment.pk)
    can_complete(actor, enrolment).require()
    if enrolment.status != EnrolmentStatus.ACTIVE:
        raise ValidationError(
            {
                "status": _("Only an active enrolment can be completed; this one is %(status)s.")
                % {"status": enrolment.get_status_display().lower()}
            }
        )
    missing = missing_activities(enrolment)
    if missing:
        raise ValidationError(
            {
                "required_activities": _("Not yet done: %(activities)s.")
                % {"activities": ", ".join(missing)}
            }
        )
    return enrolment_mark_completed(enrolment=enrolment, actor=actor, completed_on=completed_on)

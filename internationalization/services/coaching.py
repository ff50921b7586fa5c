"""Business coaching: sessions logged by the coach against the enrolment's allotment and
confirmed by the firm; the allotment itself, changed by managers and audited.

The ledger rule (the sessions never pass the allotment) is enforced here under a lock of the
enrolment row, so two sessions logged at the same moment cannot both use the last hours.
"""

from __future__ import annotations

from datetime import date as Date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from clusters.permissions import ALLOWED, Decision
from internationalization.models import CoachingSession
from internationalization.selectors import (
    WORKING_STATUSES,
    coaching_hours_used,
    is_coach_of,
    is_manager,
    represents,
)
from projects.models import Enrolment, Project

QUARTER_HOUR = Decimal("0.25")
CENTS = Decimal("0.01")


# Rules shared by the activities -------------------------------------------------------------


def quarter_hours_problem(hours, *, allow_zero: bool = False) -> str | None:
    """Why ``hours`` is not a number of hours in steps of 0.25, or None when it is."""
    try:
        hours = Decimal(str(hours))
    except (InvalidOperation, ValueError):
        return _("Enter a number of hours, e.g. 1.5.")
    if not hours.is_finite():
        return _("Enter a number of hours, e.g. 1.5.")
    if allow_zero and hours < 0:
        return _("The hours cannot be negative.")
    if hours <= 0 and not allow_zero:
        return _("The hours must be more than zero.")
    if hours % QUARTER_HOUR:
        return _("Hours go in steps of a quarter hour (0.25, 0.5, 0.75 …); %(hours)s is not.") % {
            "hours": hours
        }
    return None


def outside_activity_window(project: Project, day: Date) -> str | None:
    """Why ``day`` is not a day of the project's activities, or None when it is."""
    if day is None or project.start <= day <= project.end:
        return None
    return _("The date must lie within the project's activities, %(start)s to %(end)s.") % {
        "start": project.start,
        "end": project.end,
    }


def not_working(enrolment: Enrolment) -> str | None:
    """Why the firm does not take part in the activities (only accepted and active firms do:
    not one that applied, completed, was rejected or dropped out), or None."""
    if enrolment.status in WORKING_STATUSES:
        return None
    return _(
        "%(firm)s is not enrolled in the activities of %(project)s (the enrolment is %(status)s)."
    ) % {
        "firm": enrolment.organization,
        "project": enrolment.project,
        "status": enrolment.get_status_display().lower(),
    }


def raise_if(errors: dict[str, str | None]) -> None:
    """Raise the problems found, each at its field; nothing when there are none."""
    found = {field: message for field, message in errors.items() if message}
    if found:
        raise ValidationError(found)


def _locked(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update()
        .select_related("project", "organization")
        .get(pk=enrolment.pk)
    )


# Access rules -------------------------------------------------------------------------------


def can_log_session(user, enrolment: Enrolment) -> Decision:
    """The firm's coach and the cluster's managers log coaching sessions."""
    if is_coach_of(user, enrolment) or is_manager(user, enrolment.project.cluster_id):
        return ALLOWED
    return Decision(
        False, _("Only the firm's coach and the cluster's managers log coaching sessions.")
    )


def can_confirm_sessions_of(user, enrolment: Enrolment) -> Decision:
    """A representative of the firm confirms that its sessions took place."""
    if represents(user, enrolment.organization_id):
        return ALLOWED
    return Decision(False, _("Only the firm's representatives confirm its coaching sessions."))


def can_confirm_session(user, session: CoachingSession) -> Decision:
    return can_confirm_sessions_of(user, session.enrolment)


def can_change_allotment(user, enrolment: Enrolment) -> Decision:
    if is_manager(user, enrolment.project.cluster_id):
        return ALLOWED
    return Decision(False, _("Only the cluster's managers change a coaching allotment."))


def _require(decision: Decision) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


# Services -----------------------------------------------------------------------------------


@transaction.atomic
def coaching_session_log(
    *,
    enrolment: Enrolment,
    date: Date,
    hours: Decimal,
    topic: str,
    notes: str = "",
    coach: User,
) -> CoachingSession:
    """Log a session held by ``coach`` (the firm's coach, or a manager logging for them).

    Hours in steps of 0.25, on a day within the project's activities, for a firm accepted or
    active; the sessions together never pass the enrolment's allotment.
    """
    enrolment = _locked(enrolment)
    _require(can_log_session(coach, enrolment))
    raise_if(
        {
            "enrolment": not_working(enrolment),
            "hours": quarter_hours_problem(hours),
            "date": outside_activity_window(enrolment.project, date),
        }
    )
    hours = Decimal(str(hours))
    used = coaching_hours_used(enrolment)
    left = enrolment.coaching_hours_allotted - used
    if hours > left:
        raise ValidationError(
            {
                "hours": _(
                    "Only %(left)s of the %(allotted)s coaching hours are left; %(hours)s would "
                    "go past the allotment."
                )
                % {
                    "left": max(left, Decimal(0)),
                    "allotted": enrolment.coaching_hours_allotted,
                    "hours": hours.quantize(CENTS),
                }
            }
        )
    session = CoachingSession(
        enrolment=enrolment, date=date, hours=hours, topic=topic, notes=notes, coach=coach
    )
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def coaching_session_confirm(*, session: CoachingSession, user: User) -> CoachingSession:
    """The firm confirms that the session took place; once."""
    session = (
        CoachingSession.objects.select_for_update().select_related("enrolment").get(pk=session.pk)
    )
    _require(can_confirm_session(user, session))
    if session.confirmed_at is not None:
        raise ValidationError(
            {
                "session": _("This session was already confirmed on %(day)s.")
                % {"day": timezone.localdate(session.confirmed_at)}
            }
        )
    session.confirmed_at = timezone.now()
    session.confirmed_by = user
    session.save(update_fields=["confirmed_at", "confirmed_by"])
    return session


@transaction.atomic
def coaching_allotment_change(*, enrolment: Enrolment, hours: Decimal, actor: User) -> Enrolment:
    """A manager changes the hours allotted to the firm; never below the hours already used.
    The change is kept in the enrolment's history with the manager's name."""
    enrolment = _locked(enrolment)
    _require(can_change_allotment(actor, enrolment))
    raise_if({"hours": quarter_hours_problem(hours, allow_zero=True)})
    hours = Decimal(str(hours))
    used = coaching_hours_used(enrolment)
    if hours < used:
        raise ValidationError(
            {
                "hours": _(
                    "%(used)s hours of coaching were already logged; the allotment cannot be less."
                )
                % {"used": used}
            }
        )
    enrolment.coaching_hours_allotted = hours
    enrolment._history_user = actor
    enrolment.save(update_fields=["coaching_hours_allotted"])
    return enrolment

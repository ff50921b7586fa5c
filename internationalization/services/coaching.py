"""Business coaching: sessions logged by the coach against the enrolment's allotment and
confirmed by the firm; the allotment itself, changed by managers and audited.

The ledger rule (the sessions never pass the allotment) is enforced here under a lock of the
enrolment row, so two sessions logged at the same moment cannot both use the last hours.
"""

from __future__ import annotations

from datetime import date as Date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from internationalization.models import CoachingSession
from internationalization.permissions import (
    can_change_allotment,
    can_confirm_session,
    can_log_session,
)
from internationalization.rules import (
    held_in_the_future,
    not_working,
    outside_activity_window,
    quarter_hours_problem,
    raise_if,
)
from internationalization.selectors import coaching_hours_used
from projects.models import Enrolment

CENTS = Decimal("0.01")


def _locked(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update()
        .select_related("project", "organization")
        .get(pk=enrolment.pk)
    )


# Access rules -------------------------------------------------------------------------------


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
    can_log_session(coach, enrolment).require()
    raise_if(
        {
            "enrolment": not_working(enrolment),
            "hours": quarter_hours_problem(hours),
            "date": outside_activity_window(enrolment.project, date)
            or held_in_the_future(date, _("A coaching session")),
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
    can_confirm_session(user, session).require()
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
    can_change_allotment(actor, enrolment).require()
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

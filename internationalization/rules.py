"""Rules every activity shares: hours in quarter steps, the project's activity window, and
which enrolments take part. One spelling each, for coaching, workshops, the timbank, trips,
the export lab and outcomes."""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from internationalization.selectors import WORKING_STATUSES
from projects.models import Enrolment, Project

QUARTER_HOUR = Decimal("0.25")


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


def held_in_the_future(day: Date | None, what: str, today: Date | None = None) -> str | None:
    """Why ``day`` cannot be the day something was held (it is after today), or None. ``what``
    names it: "A coaching session". ``today``: the caller's, when it checks many days."""
    if day is None or day <= (today or timezone.localdate()):
        return None
    return _("%(what)s cannot be dated in the future; log it once it has been held.") % {
        "what": what
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


def decision_moment(decided_at: datetime | None, requested_at: datetime) -> datetime:
    """When a decision on a request (timbank hours, a trip) is dated: now unless given; never
    on a day in the future nor on a day before the request was made (refused at
    ``decided_on``, the day the forms and the API ask for). A decision dated on the day of the
    request but at an earlier hour (noon, for a day given without a time) is dated at the
    request itself, so that lead times never run negative."""
    moment = decided_at or timezone.now()
    day = timezone.localdate(moment)
    if day > timezone.localdate():
        raise ValidationError({"decided_on": _("A decision cannot be dated in the future.")})
    requested_on = timezone.localdate(requested_at)
    if day < requested_on:
        raise ValidationError(
            {
                "decided_on": _(
                    "The request was made on %(day)s; it cannot be decided on an earlier day."
                )
                % {"day": requested_on.isoformat()}
            }
        )
    return max(moment, requested_at)


def raise_if(errors: dict[str, str | None]) -> None:
    """Raise the problems found, each at its field; nothing when there are none."""
    found = {field: message for field, message in errors.items() if message}
    if found:
        raise ValidationError(found)

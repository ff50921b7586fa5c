"""Outcomes: what the project brought a firm (contacts, customers, units sold, markets ...),
reported by the firm, its coach or a manager."""

from __future__ import annotations

from datetime import date as Date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from clusters.permissions import ALLOWED, Verdict, refused
from clusters.roles import is_manager
from internationalization.choices import OutcomeKind, OutcomeSource
from internationalization.models import Outcome
from internationalization.rules import raise_if
from internationalization.selectors import is_coach_of
from members.permissions import represents
from projects.choices import SUPPORTED_STATUSES
from projects.models import Enrolment


def outcome_source_for(user, enrolment: Enrolment) -> str | None:
    """Who the user reports as: the firm itself, its coach, or a manager; None if neither."""
    if represents(user, enrolment.organization_id):
        return OutcomeSource.FIRM
    if is_coach_of(user, enrolment):
        return OutcomeSource.COACH
    if is_manager(user, enrolment.project.cluster_id):
        return OutcomeSource.MANAGER
    return None


def can_record_outcome(user, enrolment: Enrolment) -> Verdict:
    if outcome_source_for(user, enrolment):
        return ALLOWED
    return refused(_("Outcomes are reported by the firm, its coach and the cluster's managers."))


def _date_problem(enrolment: Enrolment, day: Date | None) -> str | None:
    if day is None:
        return _("Enter the date of the outcome.")
    if day > timezone.localdate():
        return _("An outcome cannot lie in the future.")
    if day < enrolment.project.start:
        return _("The outcome lies before the project's activities began on %(start)s.") % {
            "start": enrolment.project.start
        }
    return None


@transaction.atomic
def outcome_record(
    *,
    enrolment: Enrolment,
    kind: str,
    date: Date,
    country: str = "",
    quantity: int | None = None,
    note: str = "",
    source: str,
    recorded_by: User | None,
) -> Outcome:
    """Record an outcome of a firm accepted into the project (also after it completed or
    dropped out: effects continue). The quantity is at least 1 (1 when not given), except that
    units sold must say how many; a market entered must name the country; the date is not in
    the future nor before the project's activities began."""
    enrolment = Enrolment.objects.select_related("project", "organization").get(pk=enrolment.pk)
    quantity_problem = None
    if quantity is None and kind == OutcomeKind.UNITS_SOLD:
        quantity_problem = _("Say how many units were sold.")
    elif quantity is not None and quantity < 1:
        quantity_problem = _("The quantity is at least 1.")
    raise_if(
        {
            "enrolment": None
            if enrolment.status in SUPPORTED_STATUSES
            else _("Outcomes are recorded for firms accepted into the project."),
            "quantity": quantity_problem,
            "country": _("Say which market the firm entered.")
            if kind == OutcomeKind.MARKET_ENTERED and not country
            else None,
            "date": _date_problem(enrolment, date),
        }
    )
    outcome = Outcome(
        enrolment=enrolment,
        kind=kind,
        date=date,
        country=country or "",
        quantity=1 if quantity is None else quantity,
        note=note,
        source=source,
        recorded_by=recorded_by,
    )
    outcome.full_clean()
    outcome._history_user = recorded_by
    outcome.save()
    return outcome

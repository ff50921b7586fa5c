"""Outcomes: what the project brought a firm (contacts, customers, units sold, markets ...),
reported by the firm, its coach or a manager."""

from __future__ import annotations

from datetime import date as Date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from internationalization.choices import OutcomeKind, OutcomeSource, Verification
from internationalization.models import Outcome
from internationalization.permissions import can_verify_outcome
from internationalization.rules import raise_if
from internationalization.selectors import research_organisations
from members.models import Organization
from projects.choices import SUPPORTED_STATUSES
from projects.models import Enrolment


def _partner_problem(enrolment: Enrolment, kind: str, partner: Organization | None) -> str | None:
    """A joint activity with research (what CO26/RCO10 count) names its research organisation;
    no other kind of outcome names one."""
    if kind != OutcomeKind.RESEARCH_COOPERATION:
        if partner is not None:
            return _("Only a joint activity with a research organisation names a partner.")
        return None
    if partner is None:
        return _("Name the research organisation of the joint activity.")
    if partner.cluster_id != enrolment.project.cluster_id:
        return _("The research organisation must be in the project's cluster.")
    if not research_organisations(enrolment.project.cluster).filter(pk=partner.pk).exists():
        return _("%(name)s is not a university or research organisation.") % {"name": partner}
    return None


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
    partner: Organization | None = None,
    source: str,
    recorded_by: User | None,
) -> Outcome:
    """Record an outcome of a firm accepted into the project (also after it completed or
    dropped out: effects continue). The quantity is at least 1 (1 when not given), except that
    units sold must say how many; a market entered must name the country; the date is not in
    the future nor before the project's activities began; a joint activity with research names
    a university or research organisation of the project's cluster as its partner.

    What the firm reports itself awaits the cluster's verification before reports count it
    (a hand-off: the managers have an outcome to verify)."""
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
            "partner": _partner_problem(enrolment, kind, partner),
        }
    )
    outcome = Outcome(
        enrolment=enrolment,
        kind=kind,
        date=date,
        country=country or "",
        quantity=1 if quantity is None else quantity,
        note=note,
        partner=partner,
        source=source,
        recorded_by=recorded_by,
        verification=Verification.REPORTED
        if source == OutcomeSource.FIRM
        else Verification.VERIFIED,
    )
    outcome.full_clean()
    outcome._history_user = recorded_by
    outcome.save()
    return outcome


@transaction.atomic
def outcome_verify(*, outcome: Outcome, actor: User, verified: bool, note: str = "") -> Outcome:
    """A manager verifies what the firm reported (reports count it from then on) or rejects
    it with a reason; once. The history keeps who decided and when (a hand-off: the firm is
    told the answer)."""
    outcome = (
        Outcome.objects.select_for_update().select_related("enrolment__project").get(pk=outcome.pk)
    )
    can_verify_outcome(actor, outcome).require()
    if outcome.verification != Verification.REPORTED:
        raise ValidationError(
            {
                "verified": _("This outcome is already %(state)s.")
                % {"state": outcome.get_verification_display().lower()}
            }
        )
    note = note.strip()
    if not verified and not note:
        raise ValidationError({"note": _("Say why the outcome is rejected.")})
    outcome.verification = Verification.VERIFIED if verified else Verification.REJECTED
    outcome.verification_note = note
    outcome._history_user = actor
    outcome.save(update_fields=["verification", "verification_note"])
    return outcome

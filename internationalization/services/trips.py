"""Trips to the target market, their budget, the expense claims with receipts, the report.

A trip's approved budget is a ledger that must not be overdrawn: claims lock the trip row and
the claims not rejected never add up to more than the budget. Receipts are checked for type
(by extension and content) and size in ``internationalization.uploads`` before anything is
written.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from clusters.money import to_eur
from internationalization import notifications
from internationalization.choices import (
    CLAIMABLE_TRIP,
    ClaimStatus,
    TripPurpose,
    TripStatus,
    Verification,
)
from internationalization.models import ExpenseClaim, Trip, TripCountryCap, TripReport
from internationalization.permissions import can_act_for_firm, can_decide_for_project
from internationalization.rules import decision_moment, raise_if
from internationalization.selectors import trip_claimed_total, trip_country_cap
from internationalization.services.timbank import check_in_project_window, check_participating
from internationalization.uploads import check_receipt
from projects.models import Enrolment, Project

REPORT_FIELDS = ("meetings_held", "leads", "contracts_signed", "units_sold", "notes")


def _money(value: Decimal | None, field: str, *, positive: bool = False) -> Decimal:
    if value is None or value < 0 or (positive and value == 0):
        message = (
            _("Enter an amount above zero.") if positive else _("Enter an amount of zero or more.")
        )
        raise ValidationError({field: message})
    return value


def over_country_cap(
    cap: TripCountryCap | None, budget: Decimal, currency: str, country
) -> str | None:
    """Why ``budget`` is over the project's cap for trips to ``country``, or None. The one rule
    of the cap: asked when a firm applies (so it learns it at once) and when a manager
    approves."""
    if cap is None or to_eur(budget, currency) <= to_eur(cap.cap, cap.currency):
        return None
    return _(
        "The project's cap for trips to %(country)s is %(cap)s %(currency)s: at most that "
        "can be approved."
    ) % {"country": country.name, "cap": cap.cap, "currency": cap.currency}


@transaction.atomic
def trip_cap_set(*, project: Project, country: str, cap: Decimal, currency: str) -> TripCountryCap:
    """The lump-sum cap of a trip's budget to one destination country."""
    _money(cap, "cap", positive=True)
    row = TripCountryCap.objects.filter(project=project, country=country).first()
    row = row or TripCountryCap(project=project, country=country)
    row.cap = cap
    row.currency = currency
    row.full_clean(exclude=["project"])
    row.save()
    return row


def _check_trip(enrolment: Enrolment, start: date, end: date, purpose: str, budget) -> None:
    project = enrolment.project
    check_participating(enrolment)
    check_in_project_window(project, start, "start")
    check_in_project_window(project, end, "end")
    if end < start:
        raise ValidationError({"end": _("The trip ends before it starts.")})
    if purpose not in TripPurpose.values:
        raise ValidationError({"purpose": _("Choose the purpose of the trip.")})
    _money(budget, "budget_requested")


@transaction.atomic
def trip_apply(
    *,
    enrolment: Enrolment,
    country: str,
    city: str,
    event: str,
    start: date,
    end: date,
    purpose: str,
    budget_requested: Decimal,
    actor: User,
    requested_at: datetime | None = None,
) -> Trip:
    """A firm applies for a trip inside the project's activities."""
    can_act_for_firm(actor, enrolment).require()
    project = enrolment.project
    _check_trip(enrolment, start, end, purpose, budget_requested)
    cap = TripCountryCap.objects.filter(project=project, country=country).first()
    trip = Trip(
        enrolment=enrolment,
        country=country,
        city=(city or "").strip(),
        event=(event or "").strip(),
        start=start,
        end=end,
        purpose=purpose,
        budget_requested=budget_requested,
        currency=cap.currency if cap else project.currency,
        requested_at=requested_at or timezone.now(),
    )
    trip.full_clean()
    raise_if(
        {"budget_requested": over_country_cap(cap, budget_requested, trip.currency, trip.country)}
    )
    trip.save()
    return trip


@transaction.atomic
def trip_report_made(
    *,
    enrolment: Enrolment,
    country: str,
    city: str,
    event: str,
    start: date,
    end: date,
    purpose: str,
    budget_requested: Decimal,
    actor: User,
) -> Trip:
    """A firm reports a trip it already made, with its costs; the cluster verifies it (the
    approve and reject steps: verified, it is done with its costs approved). A hand-off: the
    managers have a trip to verify."""
    can_act_for_firm(actor, enrolment).require()
    _check_trip(enrolment, start, end, purpose, budget_requested)
    if end > timezone.localdate():
        raise ValidationError(
            {"end": _("A trip is reported once made: it cannot end in the future.")}
        )
    cap = TripCountryCap.objects.filter(project=enrolment.project, country=country).first()
    trip = Trip(
        enrolment=enrolment,
        country=country,
        city=(city or "").strip(),
        event=(event or "").strip(),
        start=start,
        end=end,
        purpose=purpose,
        budget_requested=budget_requested,
        currency=cap.currency if cap else enrolment.project.currency,
        requested_at=timezone.now(),
        reported_by_firm=True,
        verification=Verification.REPORTED,
    )
    trip.full_clean()
    trip._history_user = actor
    trip.save()
    return trip


@transaction.atomic
def trip_withdraw(*, trip: Trip, actor: User) -> Trip:
    """The firm withdraws its application (or its report of a trip made) while the cluster
    has not decided it; the history keeps who withdrew it and when."""
    trip = _lock_trip(trip)
    can_act_for_firm(actor, trip.enrolment).require()
    if trip.status != TripStatus.APPLIED:
        raise ValidationError(
            {
                "status": _("The trip is %(status)s: only an undecided one is withdrawn.")
                % {"status": trip.get_status_display().lower()}
            }
        )
    trip.status = TripStatus.WITHDRAWN
    trip._history_user = actor
    trip.save(update_fields=["status"])
    return trip


def _lock_trip(trip: Trip) -> Trip:
    return (
        Trip.objects.select_for_update(of=("self",))
        .select_related("enrolment__project__cluster")
        .get(pk=trip.pk)
    )


def _require_applied(trip: Trip, field: str) -> None:
    if trip.status != TripStatus.APPLIED:
        raise ValidationError(
            {
                field: _("The trip is already decided (%(status)s).")
                % {"status": trip.get_status_display().lower()}
            }
        )


@transaction.atomic
def trip_approve(
    *, trip: Trip, budget: Decimal, actor: User, decided_at: datetime | None = None
) -> Trip:
    """Approve the trip with a budget, at most the project's cap for the country if set."""
    trip = _lock_trip(trip)
    can_decide_for_project(actor, trip.enrolment.project).require()
    _require_applied(trip, "budget")
    decided_at = decision_moment(decided_at, trip.requested_at)
    _money(budget, "budget")
    raise_if(
        {"budget": over_country_cap(trip_country_cap(trip), budget, trip.currency, trip.country)}
    )
    # A trip the firm reported after making it is verified: done, with its costs approved.
    trip.status = TripStatus.DONE if trip.reported_by_firm else TripStatus.APPROVED
    if trip.reported_by_firm:
        trip.verification = Verification.VERIFIED
    trip.budget_approved = budget
    trip.decided_at = decided_at
    trip.decided_by = actor
    trip.full_clean()
    trip.save()
    notifications.trip_decided(trip)
    return trip


@transaction.atomic
def trip_reject(
    *, trip: Trip, reason: str, actor: User, decided_at: datetime | None = None
) -> Trip:
    trip = _lock_trip(trip)
    can_decide_for_project(actor, trip.enrolment.project).require()
    _require_applied(trip, "reason")
    decided_at = decision_moment(decided_at, trip.requested_at)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the trip is rejected.")})
    trip.status = TripStatus.REJECTED
    if trip.reported_by_firm:
        trip.verification = Verification.REJECTED
    trip.decision_note = reason
    trip.decided_at = decided_at
    trip.decided_by = actor
    trip.save()
    notifications.trip_decided(trip)
    return trip


@transaction.atomic
def trip_mark_done(*, trip: Trip, actor: User) -> Trip:
    """The firm has travelled: the trip can be reported."""
    trip = _lock_trip(trip)
    can_decide_for_project(actor, trip.enrolment.project).require()
    if trip.status != TripStatus.APPROVED:
        raise ValidationError({"status": _("Only an approved trip can be marked as done.")})
    if trip.start > timezone.localdate():
        raise ValidationError(
            {
                "status": _("The trip starts on %(start)s: it cannot be done yet.")
                % {"start": trip.start.isoformat()}
            }
        )
    trip.status = TripStatus.DONE
    trip.save()
    return trip


@transaction.atomic
def expense_claim_submit(
    *,
    trip: Trip,
    description: str,
    amount: Decimal,
    currency: str,
    receipt: UploadedFile | None,
    actor: User,
) -> ExpenseClaim:
    """Claim a cost of an approved (or done) trip back, with its receipt, within the budget."""
    trip = _lock_trip(trip)
    can_act_for_firm(actor, trip.enrolment).require()
    if trip.status not in CLAIMABLE_TRIP:
        raise ValidationError(
            {
                "amount": _("The trip is %(status)s: claims are taken for approved trips only.")
                % {"status": trip.get_status_display().lower()}
            }
        )
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Say what the cost was for.")})
    _money(amount, "amount", positive=True)
    if currency != trip.currency:
        raise ValidationError(
            {
                "currency": _("Claim in the trip's currency, %(currency)s.")
                % {"currency": trip.currency}
            }
        )
    left = trip.budget_approved - trip_claimed_total(trip)
    if amount > left:
        raise ValidationError(
            {
                "amount": _(
                    "Only %(left)s %(currency)s of the approved budget of %(budget)s "
                    "%(currency)s are left to claim."
                )
                % {"left": left, "budget": trip.budget_approved, "currency": trip.currency}
            }
        )
    check_receipt(receipt)
    claim = ExpenseClaim(
        trip=trip,
        description=description,
        amount=amount,
        currency=currency,
        receipt=receipt,
        submitted_at=timezone.now(),
    )
    claim.full_clean(exclude=["receipt"])
    claim.save()
    return claim


def _lock_claim(claim: ExpenseClaim) -> ExpenseClaim:
    return (
        ExpenseClaim.objects.select_for_update(of=("self",))
        .select_related("trip__enrolment__project__cluster")
        .get(pk=claim.pk)
    )


@transaction.atomic
def expense_claim_decide(
    *, claim: ExpenseClaim, approve: bool, reason: str, actor: User
) -> ExpenseClaim:
    """Approve a claim, or reject it with a reason (its amount is free to claim again)."""
    claim = _lock_claim(claim)
    can_decide_for_project(actor, claim.trip.enrolment.project).require()
    if claim.status != ClaimStatus.SUBMITTED:
        raise ValidationError(
            {
                "reason": _("The claim is already decided (%(status)s).")
                % {"status": claim.get_status_display().lower()}
            }
        )
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Say why the claim is rejected.")})
    claim.status = ClaimStatus.APPROVED if approve else ClaimStatus.REJECTED
    claim.decision_note = reason
    claim.decided_at = timezone.now()
    claim.save()
    notifications.claim_decided(claim)
    return claim


@transaction.atomic
def expense_claim_mark_reimbursed(*, claim: ExpenseClaim, on: date, actor: User) -> ExpenseClaim:
    claim = _lock_claim(claim)
    can_decide_for_project(actor, claim.trip.enrolment.project).require()
    if claim.status != ClaimStatus.APPROVED:
        raise ValidationError({"on": _("Only an approved claim can be reimbursed.")})
    if on is None or on > timezone.localdate():
        raise ValidationError({"on": _("A payment cannot be recorded in the future.")})
    if on < timezone.localdate(claim.submitted_at):
        raise ValidationError({"on": _("The claim was submitted after this date.")})
    claim.status = ClaimStatus.REIMBURSED
    claim.reimbursed_on = on
    claim.save()
    return claim


@transaction.atomic
def trip_report_save(*, trip: Trip, data: dict) -> TripReport:
    """What the trip brought; only a trip that is done is reported."""
    if trip.status != TripStatus.DONE:
        raise ValidationError({"meetings_held": _("A trip is reported once it is marked as done.")})
    report = TripReport.objects.filter(trip=trip).first() or TripReport(trip=trip)
    for field in REPORT_FIELDS:
        if field in data:
            setattr(report, field, data[field])
    report.full_clean(exclude=["trip"])
    report.save()
    return report

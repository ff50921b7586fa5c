from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from clusters.models import Cluster
from members.choices import MEMBERSHIP_TRANSITIONS, MembershipStatus
from members.models import (
    FeePayment,
    FeeSchedule,
    Membership,
    MembershipTransition,
    Organization,
)
from members.permissions import can_manage_organization
from members.services.common import assign_and_validate

# The paths into the lifecycle a new membership may start on; an import of an existing member
# list starts at "active" with its member-since date.
START_PATHS: dict[str, list[str]] = {
    MembershipStatus.APPLIED: [MembershipStatus.APPLIED],
    MembershipStatus.ACTIVE: [MembershipStatus.APPLIED, MembershipStatus.ACTIVE],
}


def membership_start(
    *, organization: Organization, status: str, on: date | None, actor: User | None
) -> Membership:
    if actor is not None:
        can_manage_organization(actor, organization).require()
    if status not in START_PATHS:
        raise ValidationError(
            {"membership_status": _("A new membership starts as applied or active.")}
        )
    day = on or timezone.localdate()
    membership = Membership.objects.create(
        organization=organization, status=MembershipStatus.APPLIED, status_since=day
    )
    previous = ""
    for step in START_PATHS[status]:
        MembershipTransition.objects.create(
            membership=membership, from_status=previous, to_status=step, on=day, actor=actor
        )
        previous = step
    membership.status = status
    membership.member_since = day if status == MembershipStatus.ACTIVE else None
    membership.save(update_fields=["status", "member_since"])
    return membership


@transaction.atomic
def membership_transition(
    *,
    membership: Membership,
    to_status: str,
    on: date,
    reason: str = "",
    actor: User | None = None,
) -> Membership:
    """Move a membership one step along its lifecycle; leaving needs a reason."""
    if actor is not None:
        can_manage_organization(actor, membership.organization).require()
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    allowed = MEMBERSHIP_TRANSITIONS[membership.status]
    if to_status not in allowed:
        raise ValidationError(
            {
                "to_status": _("A membership that is %(status)s cannot become %(target)s.")
                % {
                    "status": membership.get_status_display().lower(),
                    "target": MembershipStatus(to_status).label.lower()
                    if to_status in MembershipStatus.values
                    else to_status,
                }
            }
        )
    if to_status == MembershipStatus.LEFT and not reason.strip():
        raise ValidationError({"reason": _("Say why the member left.")})
    if on < membership.status_since:
        raise ValidationError(
            {
                "on": _("The date comes before the current status began (%(day)s).")
                % {"day": membership.status_since.isoformat()}
            }
        )
    MembershipTransition.objects.create(
        membership=membership,
        from_status=membership.status,
        to_status=to_status,
        on=on,
        reason=reason.strip(),
        actor=actor,
    )
    membership.status = to_status
    membership.status_since = on
    if to_status == MembershipStatus.ACTIVE and membership.member_since is None:
        membership.member_since = on
    membership.save()
    return membership


@transaction.atomic
def fee_schedule_save(
    *, cluster: Cluster, data: dict, schedule: FeeSchedule | None = None
) -> FeeSchedule:
    schedule = schedule or FeeSchedule(cluster=cluster)
    duplicate = FeeSchedule.objects.filter(
        cluster=cluster, year=data.get("year"), size_class=data.get("size_class", "")
    ).exclude(pk=schedule.pk)
    if duplicate.exists():
        raise ValidationError({"size_class": _("This year already has a fee for this size class.")})
    assign_and_validate(schedule, data)
    schedule.save()
    return schedule


@transaction.atomic
def fees_issue_for_year(*, cluster: Cluster, year: int) -> int:
    """Create the year's fee of every active member from the schedule; returns how many.

    A member's own size class wins over the catch-all fee; members already invoiced for the
    year are left alone, so issuing twice changes nothing.
    """
    schedules = {s.size_class: s for s in FeeSchedule.objects.filter(cluster=cluster, year=year)}
    if not schedules:
        raise ValidationError(
            {"year": _("There is no fee schedule for %(year)s.") % {"year": year}}
        )
    already = FeePayment.objects.filter(organization__cluster=cluster, year=year).values(
        "organization_id"
    )
    members = Organization.objects.filter(
        cluster=cluster, membership__status=MembershipStatus.ACTIVE
    ).exclude(pk__in=already)
    payments = []
    for organization in members:
        schedule = schedules.get(organization.size_class) or schedules.get("")
        if schedule is None:
            continue
        payments.append(
            FeePayment(
                organization=organization,
                year=year,
                amount=schedule.amount,
                currency=schedule.currency,
                due_on=schedule.due_on,
            )
        )
    bulk_create_with_history(payments, FeePayment)
    return len(payments)


@transaction.atomic
def fee_payment_mark_paid(*, payment: FeePayment, paid_on: date) -> FeePayment:
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("A payment cannot be recorded in the future.")})
    member_since = (
        Membership.objects.filter(organization_id=payment.organization_id)
        .values_list("member_since", flat=True)
        .first()
    )
    if member_since and paid_on < member_since:
        raise ValidationError(
            {
                "paid_on": _(
                    "The organization is a member since %(day)s; its fee cannot be paid before "
                    "that day."
                )
                % {"day": member_since.isoformat()}
            }
        )
    payment.paid_on = paid_on
    payment.save(update_fields=["paid_on"])
    return payment

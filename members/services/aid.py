from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from members.models import DeclaredAid, Organization
from members.models.aid import AMOUNT_NOT_POSITIVE, DECLARED_AID_FIELDS
from members.permissions import can_record_declared_aid, can_withdraw_declared_aid
from members.services.common import assign_and_validate


@transaction.atomic
def declared_aid_create(
    *, organization: Organization, data: dict, actor: User | None = None
) -> DeclaredAid:
    """Record aid the firm received from another source; the state-aid ledger counts it from
    the day it was granted."""
    if actor is not None:
        can_record_declared_aid(actor, organization).require()
    fields = {key: value for key, value in data.items() if key in DECLARED_AID_FIELDS}
    amount = fields.get("amount")
    if amount is not None and amount <= Decimal(0):
        raise ValidationError({"amount": AMOUNT_NOT_POSITIVE})
    granted_on = fields.get("granted_on")
    if granted_on is not None and granted_on > timezone.localdate():
        raise ValidationError(
            {"granted_on": _("Aid cannot have been granted in the future: give the day it was.")}
        )
    aid = assign_and_validate(DeclaredAid(organization=organization, recorded_by=actor), fields)
    aid.save()
    return aid


@transaction.atomic
def declared_aid_withdraw(
    *, aid: DeclaredAid, actor: User | None = None, on: date | None = None
) -> DeclaredAid:
    """Withdraw a declaration recorded by mistake from the ledger as of ``on`` (today). The row
    stays: the ledger as of an earlier day counts it as it did then, and its history keeps who
    recorded and who withdrew it."""
    if actor is not None:
        can_withdraw_declared_aid(actor, aid).require()
    if aid.withdrawn_on is None:
        aid.withdrawn_on = on or timezone.localdate()
        aid.save(update_fields=["withdrawn_on"])
    return aid

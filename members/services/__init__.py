"""Every write on members/ that carries a rule. Keyword-only, typed, atomic."""

from members.services.aid import declared_aid_create, declared_aid_withdraw
from members.services.alliances import alliance_save, alliance_set_participants
from members.services.governance import (
    action_item_save,
    body_save,
    decision_save,
    meeting_save,
    meeting_save_with_attendance,
    meeting_set_attendance,
    seat_save,
)
from members.services.memberships import (
    fee_payment_mark_paid,
    fee_schedule_save,
    fees_issue_for_year,
    membership_transition,
)
from members.services.organizations import organization_create, organization_update
from members.services.people import affiliation_save, person_save

__all__ = [
    "action_item_save",
    "affiliation_save",
    "alliance_save",
    "alliance_set_participants",
    "body_save",
    "decision_save",
    "declared_aid_create",
    "declared_aid_withdraw",
    "fee_payment_mark_paid",
    "fee_schedule_save",
    "fees_issue_for_year",
    "meeting_save",
    "meeting_save_with_attendance",
    "meeting_set_attendance",
    "membership_transition",
    "organization_create",
    "organization_update",
    "person_save",
    "seat_save",
]

"""Who is told about governance hand-offs: the owner of an action item, through the user
account of the person (a person without one is not told)."""

from __future__ import annotations

from accounts.choices import NotificationKind
from accounts.notifications.services import notify
from members.models import ActionItem


def tell_owner(item: ActionItem, kind: str, *, once_key: str = "") -> None:
    notify(
        recipients=[item.owner.user],
        kind=kind,
        params={
            "action": item.text,
            "body": str(item.decision.meeting.body),
            "day": item.due_on,
        },
        url=item.decision.get_absolute_url(),
        once_key=once_key,
    )


def action_item_assigned(item: ActionItem) -> None:
    tell_owner(item, NotificationKind.ACTION_ITEM_ASSIGNED)

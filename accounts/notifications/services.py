"""Telling people about hand-offs: ``notify`` is the one way any app creates notifications.

Callers decide who is told and which page they act on; this module applies each recipient's
preference, keeps the row for the inbox and e-mails it at once (after the caller's transaction
commits) or leaves it for the daily digest.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.choices import Delivery, NotificationKind
from accounts.models import Notification, NotificationPreference, SentReminder, User
from accounts.notifications.kinds import KINDS, default_delivery
from accounts.outbox import outbox_enqueue
from accounts.services import user_language_set


def _json_params(params: dict) -> dict:
    """Dates and instants as ISO text, decimals and other values as text: JSON-safe, and read
    back by the kind's ``dates``/``moments`` when rendered."""
    clean = {}
    for name, value in params.items():
        if isinstance(value, datetime | date):
            clean[name] = value.isoformat()
        elif value is None or isinstance(value, bool | int | str):
            clean[name] = value
        elif isinstance(value, Decimal):
            clean[name] = format(value.normalize(), "f")
        else:
            clean[name] = str(value)
    return clean


def _deliveries(users: list[User], kind: str) -> dict[int, str]:
    chosen = dict(
        NotificationPreference.objects.filter(user__in=users, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {user.pk: chosen.get(user.pk, default_delivery(kind)) for user in users}


def _unique_active(recipients: Iterable[User | None]) -> list[User]:
    seen: dict[int, User] = {}
    for user in recipients:
        if user is not None and user.is_active and user.pk not in seen:
            seen[user.pk] = user
    return list(seen.values())


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User | None],
    kind: str,
    params: dict | None = None,
    url: str = "",
    once_key: str = "",
) -> list[Notification]:
    """Tell ``recipients`` (None, inactive users and repeats are dropped) about a hand-off of
    ``kind``, linking to ``url``, the page where they act. Users who turned the kind off get
    nothing; "immediately" is e-mailed once the caller's transaction commits.

    ``once_key`` (a reminder's object and threshold, e.g. "session:12") makes the call a no-op
    when a reminder of this kind was already sent for that key.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    if once_key:
        _marker, created = SentReminder.objects.get_or_create(kind=kind, key=once_key)
        if not created:
            return []
    users = _unique_active(recipients)
    deliveries = _deliveries(users, kind)
    now = timezone.now()
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=kind,
                params=_json_params(params or {}),
                url=url,
                delivery=deliveries[user.pk],
                created_at=now,
            )
            for user in users
            if deliveries[user.pk] != Delivery.OFF
        ]
    )
    for notification in notifications:
        if notification.delivery == Delivery.IMMEDIATELY:
            _email_on_commit(notification.pk)
    return notifications


def _email_on_commit(notification_id: int) -> None:
    # Through the outbox: with the broker down the e-mail waits there, it is not lost.
    outbox_enqueue(
        task="accounts.tasks.send_notification_email",
        args=[notification_id],
        key=f"notification:{notification_id}",
    )


def notify_message(
    *, sender: User, recipients: Iterable[User | None], subject: str, body: str, url: str = ""
) -> list[Notification]:
    """A free-text message from ``sender`` (a manager) to users, e.g. the representatives of
    the firms picked on a pipeline. The caller checks that the sender may write to them."""
    return notify(
        recipients=recipients,
        kind=NotificationKind.MESSAGE,
        params={"sender": str(sender), "subject": subject.strip(), "note": body.strip()},
        url=url,
    )


def notification_mark_read(*, notification: Notification, user: User) -> Notification:
    """The recipient has opened it; the first reading counts."""
    if notification.recipient_id != user.pk:
        raise PermissionError("Only the recipient reads a notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.visible_to(user).unread().update(read_at=timezone.now())


@transaction.atomic
def notification_preferences_save(
    *, user: User, deliveries: dict[str, str], language: str | None = None
) -> None:
    """Keep a row only where the user's choice differs from the kind's default, so a changed
    default reaches everyone who never chose."""
    for kind, delivery in deliveries.items():
        if kind not in KINDS or delivery not in Delivery.values:
            raise ValueError(f"{kind}: {delivery}")
        if delivery == default_delivery(kind):
            NotificationPreference.objects.filter(user=user, kind=kind).delete()
        else:
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"delivery": delivery}
            )
    if language is not None:
        user_language_set(user=user, language=language)

"""The e-mails: one notification at once, or a user's pending notifications as one digest.

Each is written in the recipient's language (``User.language``), whatever language the person
whose action caused it was using. ``emailed_at`` is set after sending, so a task retried after
a crash may send twice but a finished one never does.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.choices import Delivery
from accounts.models import Notification, User


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def _text(notification: Notification) -> str:
    link = absolute_url(notification.url)
    return f"{notification.body}\n\n{link}" if link else notification.body


def notification_email_send(*, notification_id: int) -> bool:
    """E-mail one notification to its recipient; False when there is nothing to send."""
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or notification.emailed_at is not None:
        return False
    recipient = notification.recipient
    if not recipient.is_active:
        return False
    with translation.override(recipient.language):
        subject = notification.subject
        body = _text(notification)
    send_mail(subject, body, None, [recipient.email])
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


def _digest(user: User, notifications: list[Notification]) -> tuple[str, str]:
    with translation.override(user.language):
        subject = _("Clusterdesk: %(count)s things for you today") % {"count": len(notifications)}
        parts = [f"{n.subject}\n{_text(n)}" for n in notifications]
        footer = _("Choose what you are told and how: %(url)s") % {
            "url": absolute_url("/accounts/notifications/settings/")
        }
    return subject, "\n\n---\n\n".join([*parts, footer])


def daily_digests_send() -> int:
    """One e-mail per user with every digest notification not yet e-mailed; returns how
    many e-mails went out."""
    pending = list(
        Notification.objects.filter(
            delivery=Delivery.DIGEST, emailed_at__isnull=True, recipient__is_active=True
        )
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "pk")
    )
    by_user: dict[int, list[Notification]] = {}
    for notification in pending:
        by_user.setdefault(notification.recipient_id, []).append(notification)
    for notifications in by_user.values():
        user = notifications[0].recipient
        subject, body = _digest(user, notifications)
        with transaction.atomic():
            send_mail(subject, body, None, [user.email])
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                emailed_at=timezone.now()
            )
    return len(by_user)

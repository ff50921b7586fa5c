from celery import shared_task
from django.db import DatabaseError

from accounts.notifications.delivery import daily_digests_send, notification_email_send
from accounts.outbox import outbox_dispatch


@shared_task(
    acks_late=True, autoretry_for=(DatabaseError, OSError), max_retries=3, retry_backoff=True
)
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification; a mail server or database hiccup is retried."""
    return notification_email_send(notification_id=notification_id)


@shared_task(acks_late=True)
def send_daily_digests() -> int:
    return daily_digests_send()


@shared_task
def dispatch_outbox() -> int:
    """Periodic: hand to the broker what the outbox still holds (written while it was down)."""
    return outbox_dispatch().sent

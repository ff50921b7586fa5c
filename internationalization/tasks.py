from celery import shared_task

from internationalization.services.reminders import (
    request_reminders_send,
    session_reminders_send,
)


@shared_task(acks_late=True)
def send_activity_reminders() -> int:
    """Sessions waiting for confirmation and requests waiting for a decision."""
    return session_reminders_send() + request_reminders_send()

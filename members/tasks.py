from celery import shared_task

from members.services.reminders import action_item_reminders_send


@shared_task(acks_late=True)
def send_action_item_reminders() -> int:
    return action_item_reminders_send()

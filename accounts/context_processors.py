from django.utils.functional import SimpleLazyObject

from accounts.models import Notification


def notifications(request) -> dict:
    """The header's unread count: one query, and only on a page that shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.visible_to(user).unread().count()
        )
    }

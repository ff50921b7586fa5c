"""The inbox, the notification settings and the notifications API: every user has their own;
another user's notification answers 404 (existence never leaks)."""

from tests.access.routes import API, PAGE, PERSONAL, PUBLIC, Route, pk_of

NOTIFICATION = pk_of("notification_a")

EXPECTATIONS: dict[str, Route] = {
    # The header's language buttons: anyone; a logged-in user's e-mails follow the choice.
    "accounts:set-language": Route(PUBLIC, method="post", data={"language": "sv"}, ok=302),
    "accounts:inbox": Route(PAGE, lists=("notification_a", PERSONAL)),
    "accounts:inbox-badge": Route(PAGE),
    # Opening marks it read and goes to the page where its recipient acts.
    "accounts:notification-open": Route(PAGE, kwargs=NOTIFICATION, scope=PERSONAL, ok=302),
    # Marks the caller's own notifications read: every user may, even a viewer.
    "accounts:inbox-read-all": Route(PAGE, method="post", write=False),
    "accounts:notification-settings": Route(PAGE),
    "api:notification-list": Route(API, lists=("notification_a", PERSONAL)),
    "api:notification-detail": Route(API, kwargs=NOTIFICATION, scope=PERSONAL),
    "api:notification-read": Route(API, method="post", kwargs=NOTIFICATION, scope=PERSONAL),
    "api:notification-read-all": Route(API, method="post", write=False),
}

"""A notification of the manager of cluster A: their own, nobody else's."""

from accounts.choices import NotificationKind
from accounts.notifications.services import notify


def extend(world: dict) -> None:
    [world["notification_a"]] = notify(
        recipients=[world["manager_a"]],
        kind=NotificationKind.MESSAGE,
        params={"sender": "Alpha office", "subject": "Board papers for Thursday", "note": "-"},
        url="/members/governance/",
    )

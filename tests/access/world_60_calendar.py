"""The calendar feed keys of the world: the committee member's active key, and the one it
replaced (rotated, so its URL must answer 404 to everyone)."""

from accounts.services import calendar_feed_rotate


def extend(world: dict) -> None:
    member = world["committee_member"]
    world["calendar_feed_rotated"] = calendar_feed_rotate(user=member)
    world["calendar_feed"] = calendar_feed_rotate(user=member)

"""The calendar pages, the feed's page and the feed itself.

Every logged-in user has a calendar: of the current cluster, of a project (``?project=``),
and their own. The cluster and list pages must show the board's meeting (2026-01-15) to those
who see the committee and to no one else; the project calendar is the project's, so those
who may not see the project get 404. The feed is public: its key is the credential, so any
persona holding the URL gets it, and a rotated key answers 404 to all.
"""

from tests.access.routes import COMMITTEE, PAGE, PROJECT, PUBLIC, Route


def project_march(world: dict) -> dict:
    return {"project": world["project"].slug, "month": "2026-03"}


EXPECTATIONS = {
    "reports:calendar": Route(PAGE, data={"month": "2026-01"}, lists=("meeting", COMMITTEE)),
    "reports:calendar project": Route(
        PAGE, data=project_march, scope=PROJECT, lists=("workshop", PROJECT)
    ),
    "reports:calendar-list": Route(
        PAGE, data={"start": "2026-01-01", "end": "2026-01-31"}, lists=("meeting", COMMITTEE)
    ),
    "reports:calendar-mine": Route(PAGE, data={"month": "2026-01"}),
    "reports:calendar-mine-list": Route(PAGE),
    "reports:calendar-subscribe": Route(PAGE),
    # Rotating or revoking changes only the caller's own feed key, never shared data.
    "reports:calendar-subscribe-rotate": Route(PAGE, method="post", write=False),
    "reports:calendar-subscribe-revoke": Route(PAGE, method="post", write=False),
    "reports:calendar-feed": Route(
        PUBLIC, kwargs=lambda world: {"key": world["calendar_feed"].key}
    ),
    "reports:calendar-feed rotated": Route(
        PUBLIC, kwargs=lambda world: {"key": world["calendar_feed_rotated"].key}, ok=404
    ),
}

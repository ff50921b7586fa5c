"""The committee member's home: for each governance body where the user holds a seat, its next
meeting, its open action items and its recent decisions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from members.models import ActionItem, Body, Decision, Meeting
from members.querysets import bodies_with_seat_of

RECENT_DECISIONS = 5
OPEN_ACTIONS = 20


@dataclass
class CommitteeSection:
    body: Body
    next_meeting: Meeting | None = None
    open_actions: list[ActionItem] = field(default_factory=list)
    recent_decisions: list[Decision] = field(default_factory=list)


def committee_sections(user, today: date) -> list[CommitteeSection]:
    """The bodies where the user has a seat (whatever their staff role), each with its next
    meeting, open action items (oldest due first) and latest decisions. Four queries, and
    only one when the user sits nowhere."""
    bodies = {
        body.pk: CommitteeSection(body)
        for body in Body.objects.visible_to(user)
        .filter(pk__in=bodies_with_seat_of(user))
        .select_related("cluster")
        .order_by("name")
    }
    if not bodies:
        return []
    for meeting in Meeting.objects.filter(body__in=bodies, date__gte=today).order_by("-date"):
        # Read latest first, so the earliest upcoming meeting is the one kept.
        bodies[meeting.body_id].next_meeting = meeting
    actions = (
        ActionItem.objects.filter(decision__meeting__body__in=bodies, done_on=None)
        .select_related("owner", "decision__meeting")
        .order_by("due_on", "pk")[: OPEN_ACTIONS * len(bodies)]
    )
    for action in actions:
        bodies[action.decision.meeting.body_id].open_actions.append(action)
    decisions = (
        Decision.objects.filter(meeting__body__in=bodies, meeting__date__lte=today)
        .select_related("meeting")
        .order_by("-meeting__date", "-pk")[: RECENT_DECISIONS * len(bodies)]
    )
    for decision in decisions:
        section = bodies[decision.meeting.body_id]
        if len(section.recent_decisions) < RECENT_DECISIONS:
            section.recent_decisions.append(decision)
    return list(bodies.values())

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from clusters.models import Cluster
from members.choices import SINGLE_HOLDER_ROLES, DecisionOutcome
from members.models import ActionItem, Attendance, Body, Decision, Meeting, Person, Seat
from members.notifications import action_item_assigned
from members.services.common import assign_and_validate


def _same_cluster(field: str, obj, cluster_id: int) -> None:
    if obj is not None and obj.cluster_id != cluster_id:
        raise ValidationError({field: _("It must belong to the same cluster.")})


@transaction.atomic
def body_save(*, cluster: Cluster, data: dict, body: Body | None = None) -> Body:
    body = body or Body(cluster=cluster)
    name_taken = Body.objects.filter(cluster=cluster, name=data.get("name", body.name))
    if name_taken.exclude(pk=body.pk).exists():
        raise ValidationError({"name": _("The cluster already has a body with this name.")})
    assign_and_validate(body, data)
    body.save()
    return body


def _overlapping(seats, start: date, end: date | None):
    """Seats whose term shares at least one day with start..end (open ends run forever)."""
    overlaps = Q(term_end__isnull=True) | Q(term_end__gte=start)
    if end is not None:
        overlaps &= Q(term_start__lte=end)
    return seats.filter(overlaps)


@transaction.atomic
def seat_save(*, body: Body, data: dict, seat: Seat | None = None) -> Seat:
    """Give a person a seat for a term. The same person cannot hold two overlapping terms in a
    body, and a body has one chair and one vice-chair at a time."""
    # Lock the body so two concurrent appointments cannot both pass the overlap check.
    Body.objects.select_for_update().filter(pk=body.pk).first()
    seat = seat or Seat(body=body)
    assign_and_validate(seat, data)
    _same_cluster("person", seat.person, body.cluster_id)
    _same_cluster("organization", seat.organization, body.cluster_id)
    others = Seat.objects.filter(body=body).exclude(pk=seat.pk)
    if _overlapping(others.filter(person=seat.person), seat.term_start, seat.term_end).exists():
        raise ValidationError(
            {"term_start": _("This person already holds a seat in this body in that period.")}
        )
    if seat.role in SINGLE_HOLDER_ROLES:
        holders = _overlapping(others.filter(role=seat.role), seat.term_start, seat.term_end)
        if holders.exists():
            raise ValidationError(
                {
                    "role": _("The body already has a %(role)s in that period.")
                    % {"role": seat.get_role_display().lower()}
                }
            )
    seat.save()
    return seat


@transaction.atomic
def meeting_save(*, body: Body, data: dict, meeting: Meeting | None = None) -> Meeting:
    meeting = meeting or Meeting(body=body)
    assign_and_validate(meeting, data)
    meeting.save()
    return meeting


@transaction.atomic
def meeting_set_attendance(*, meeting: Meeting, present: list[Person], excused: list[Person]):
    """Record who attended and who sent apologies; replaces the previous record."""
    overlap = set(present) & set(excused)
    if overlap:
        raise ValidationError({"excused": _("Someone cannot be both present and excused.")})
    for person in [*present, *excused]:
        _same_cluster("present", person, meeting.body.cluster_id)
    meeting.attendances.all().delete()
    bulk_create_with_history(
        [Attendance(meeting=meeting, person=person, present=True) for person in present]
        + [Attendance(meeting=meeting, person=person, present=False) for person in excused],
        Attendance,
    )
    return meeting


def _decision_problems(decision: Decision, meeting: Meeting) -> None:
    """A decision is taken at a meeting that has happened, and "adopted" agrees with its count:
    more votes for than against when votes were counted (a decision by consensus has none)."""
    if meeting.date > timezone.localdate():
        raise ValidationError(
            {
                "meeting": _(
                    "The meeting on %(day)s has not taken place yet; record its decisions "
                    "once it has."
                )
                % {"day": meeting.date.isoformat()}
            }
        )
    counted = decision.votes_for + decision.votes_against > 0
    if (
        decision.outcome == DecisionOutcome.ADOPTED
        and counted
        and decision.votes_for <= decision.votes_against
    ):
        raise ValidationError(
            {
                "outcome": _(
                    "Adopted needs more votes for than against (%(for)s for, %(against)s against)."
                )
                % {"for": decision.votes_for, "against": decision.votes_against}
            }
        )


@transaction.atomic
def decision_save(*, meeting: Meeting, data: dict, decision: Decision | None = None) -> Decision:
    decision = decision or Decision(meeting=meeting)
    assign_and_validate(decision, data)
    _decision_problems(decision, meeting)
    voters = (
        Seat.objects.filter(body=meeting.body, voting_right=True, term_start__lte=meeting.date)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=meeting.date))
        .count()
    )
    votes = decision.votes_for + decision.votes_against + decision.abstentions
    if voters and votes > voters:
        raise ValidationError(
            {
                "votes_for": ngettext(
                    "%(votes)s votes were cast but the body had %(voters)s voting seat that day.",
                    "%(votes)s votes were cast but the body had %(voters)s voting seats that day.",
                    voters,
                )
                % {"votes": votes, "voters": voters}
            }
        )
    decision.save()
    return decision


@transaction.atomic
def action_item_save(
    *, decision: Decision, data: dict, item: ActionItem | None = None
) -> ActionItem:
    item = item or ActionItem(decision=decision)
    owner_before = item.owner_id if item.pk else None
    assign_and_validate(item, data)
    _same_cluster("owner", item.owner, decision.meeting.body.cluster_id)
    if item.done_on and item.done_on < decision.meeting.date:
        raise ValidationError({"done_on": _("It cannot be done before the meeting decided it.")})
    item.save()
    if item.owner_id != owner_before:
        action_item_assigned(item)
    return item


@transaction.atomic
def meeting_save_with_attendance(
    *,
    body: Body,
    data: dict,
    meeting: Meeting | None = None,
    present: list[Person] | None = None,
    excused: list[Person] | None = None,
) -> Meeting:
    """Save a meeting and, when a list is given, who was present or excused; a list left out
    keeps the people recorded in it. One transaction: a bad attendance saves nothing."""
    meeting = meeting_save(body=body, data=data, meeting=meeting)
    if present is None and excused is None:
        return meeting
    recorded = list(meeting.attendances.select_related("person"))
    if present is None:
        present = [attendance.person for attendance in recorded if attendance.present]
    if excused is None:
        excused = [attendance.person for attendance in recorded if not attendance.present]
    return meeting_set_attendance(meeting=meeting, present=present, excused=excused)

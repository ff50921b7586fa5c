"""Named access rules of members/; each returns a Decision with the reason of a refusal."""

from __future__ import annotations

from clusters.permissions import Decision, can_manage_cluster, cluster_roles_of
from clusters.querysets import OFFICE_ROLES
from members.models import ActionItem, Affiliation, Alliance, Body, Meeting, Person, Seat


def can_manage_organization(user, organization) -> Decision:
    """Change an organization, its membership and fees: the cluster's managers and admins."""
    return can_manage_cluster(user, organization.cluster)


def can_manage_fee_payment(user, payment) -> Decision:
    return can_manage_cluster(user, payment.organization.cluster)


def is_office_staff(user, cluster_id: int) -> bool:
    """Office staff (admin, manager, viewer) read seats and audit history; a committee member
    or a person reading their own record does not."""
    return user.is_superuser or cluster_roles_of(user).get(cluster_id) in OFFICE_ROLES


def can_manage_person(user, person: Person) -> Decision:
    return can_manage_cluster(user, person.cluster)


def can_manage_affiliation(user, affiliation: Affiliation) -> Decision:
    return can_manage_cluster(user, affiliation.person.cluster)


def can_manage_body(user, body: Body) -> Decision:
    return can_manage_cluster(user, body.cluster)


def can_manage_seat(user, seat: Seat) -> Decision:
    return can_manage_cluster(user, seat.body.cluster)


def can_manage_meeting(user, meeting: Meeting) -> Decision:
    return can_manage_cluster(user, meeting.body.cluster)


def can_manage_decision(user, decision: Decision) -> Decision:
    return can_manage_cluster(user, decision.meeting.body.cluster)


def can_manage_action_item(user, item: ActionItem) -> Decision:
    return can_manage_cluster(user, item.decision.meeting.body.cluster)


def can_manage_alliance(user, alliance: Alliance) -> Decision:
    return can_manage_cluster(user, alliance.cluster)


def can_manage_fee_schedule(user, schedule) -> Decision:
    return can_manage_cluster(user, schedule.cluster)

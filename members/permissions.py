"""Named access rules of members/; each returns a Verdict with the reason of a refusal
(the policy: clusters/permissions.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from clusters.permissions import ALLOWED, Verdict, can_manage_cluster, refused
from clusters.roles import is_manager, is_office_staff
from members.models import (
    ActionItem,
    Affiliation,
    Alliance,
    Body,
    Decision,
    DeclaredAid,
    Meeting,
    Organization,
    Person,
    Representative,
    Seat,
)


def can_manage_organization(user, organization) -> Verdict:
    """Change an organization, its membership and fees: the cluster's managers and admins."""
    return can_manage_cluster(user, organization.cluster)


def can_manage_fee_payment(user, payment) -> Verdict:
    return can_manage_cluster(user, payment.organization.cluster)


def represented_organization_ids(user) -> set[int]:
    """The organizations the user acts for; read once per user object (once per request)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_clusterdesk_represented", None)
    if cached is None:
        cached = set(
            Representative.objects.filter(user=user).values_list("organization_id", flat=True)
        )
        user._clusterdesk_represented = cached
    return cached


def represents(user, organization_id: int) -> bool:
    """The user acts for the organization; read once per user object (once per request)."""
    return organization_id in represented_organization_ids(user)


def can_record_declared_aid(user, organization: Organization) -> Verdict:
    """Record aid the firm received from other sources: the firm's own representatives, who
    know what they received, and the cluster's administrators and managers (viewers only read,
    as everywhere else)."""
    if represents(user, organization.pk) or is_manager(user, organization.cluster_id):
        return ALLOWED
    return refused(
        _("Only the firm's representatives and the cluster's managers record aid it declares.")
    )


def can_withdraw_declared_aid(user, aid: DeclaredAid) -> Verdict:
    return can_record_declared_aid(user, aid.organization)


def can_manage_person(user, person: Person) -> Verdict:
    return can_manage_cluster(user, person.cluster)


def can_manage_affiliation(user, affiliation: Affiliation) -> Verdict:
    return can_manage_cluster(user, affiliation.person.cluster)


def can_manage_body(user, body: Body) -> Verdict:
    return can_manage_cluster(user, body.cluster)


def can_manage_seat(user, seat: Seat) -> Verdict:
    return can_manage_cluster(user, seat.body.cluster)


def can_manage_meeting(user, meeting: Meeting) -> Verdict:
    return can_manage_cluster(user, meeting.body.cluster)


def can_manage_decision(user, decision: Decision) -> Verdict:
    return can_manage_cluster(user, decision.meeting.body.cluster)


def can_manage_action_item(user, item: ActionItem) -> Verdict:
    return can_manage_cluster(user, item.decision.meeting.body.cluster)


def can_manage_alliance(user, alliance: Alliance) -> Verdict:
    return can_manage_cluster(user, alliance.cluster)


def can_list_bodies(user, cluster) -> Verdict:
    """The list of governance bodies: the cluster's office staff, and whoever holds a seat in
    a body (who sees that body). Anyone else could never see a row of it, so is told why
    rather than shown an empty list."""
    if cluster is not None and is_office_staff(user, cluster.pk):
        return ALLOWED
    if Seat.objects.filter(person__user=user).exists():
        return ALLOWED
    return refused(
        _(
            "Governance bodies are shown to the cluster's administrators, managers and viewers "
            "and to the members of each body."
        )
    )

"""Named access rules of members/; each returns a Decision with the reason of a refusal."""

from __future__ import annotations

from clusters.permissions import Decision, can_manage_cluster


def can_manage_organization(user, organization) -> Decision:
    """Change an organization, its membership and fees: the cluster's managers and admins."""
    return can_manage_cluster(user, organization.cluster)


def can_manage_fee_payment(user, payment) -> Decision:
    return can_manage_cluster(user, payment.organization.cluster)

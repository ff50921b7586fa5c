"""Named access rules. Each returns a Decision that is falsy when refused and says why."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, ClusterRole, Programme, StaffRole
from clusters.querysets import OFFICE_ROLES

MANAGING_ROLES = (StaffRole.ADMIN, StaffRole.MANAGER)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(True)


def cluster_roles_of(user) -> dict[int, str]:
    """{cluster id: role} of the user, read once per user object (i.e. once per request)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_clusterdesk_roles", None)
    if cached is None:
        cached = dict(ClusterRole.objects.filter(user=user).values_list("cluster_id", "role"))
        user._clusterdesk_roles = cached
    return cached


def role_in(user, cluster: Cluster) -> str | None:
    return cluster_roles_of(user).get(cluster.pk)


def can_view_cluster(user, cluster: Cluster) -> Decision:
    if user.is_superuser or role_in(user, cluster):
        return ALLOWED
    return Decision(False, _("You have no role in this cluster."))


def can_read_member_data(user, cluster: Cluster) -> Decision:
    """Aggregates and internals of the members (overview, alliances): the office staff, not
    coaches, who see only the firms assigned to them."""
    if user.is_superuser or role_in(user, cluster) in OFFICE_ROLES:
        return ALLOWED
    return Decision(
        False, _("This is shown to the cluster's administrators, managers and viewers.")
    )


def can_manage_cluster(user, cluster: Cluster) -> Decision:
    """Edit the cluster's data: its administrators and managers."""
    if user.is_superuser or role_in(user, cluster) in MANAGING_ROLES:
        return ALLOWED
    return Decision(False, _("Only the cluster's administrators and managers may change this."))


def can_administer_cluster(user, cluster: Cluster) -> Decision:
    """Grant and withdraw staff roles: the cluster's administrators."""
    if user.is_superuser or role_in(user, cluster) == StaffRole.ADMIN:
        return ALLOWED
    return Decision(False, _("Only the cluster's administrators may change staff roles."))


def can_manage_programme(user, programme: Programme) -> Decision:
    """Change a programme: the administrators and managers of a cluster taking part in it."""
    if user.is_superuser:
        return ALLOWED
    roles = cluster_roles_of(user)
    taking_part = {participation.cluster_id for participation in programme.participations.all()}
    if any(roles.get(cluster_id) in MANAGING_ROLES for cluster_id in taking_part):
        return ALLOWED
    return Decision(
        False,
        _("Only the administrators and managers of a cluster taking part may change a programme."),
    )


def can_manage_funders(user) -> Decision:
    """Add and change funders, which the whole installation shares: any cluster's managers."""
    if user.is_superuser or any(role in MANAGING_ROLES for role in cluster_roles_of(user).values()):
        return ALLOWED
    return Decision(False, _("Only cluster administrators and managers may change funders."))

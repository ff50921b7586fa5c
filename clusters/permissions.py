"""Named access rules of clusters/, and the ``Verdict`` every ``can_*`` rule returns.

The policy, followed by every app (docs/architecture.md, "Access"):

- who may *see* a row is decided by its queryset's ``visible_to(user)``, nowhere else;
- who may *do* something is a ``can_*`` rule in the app's ``permissions.py``, returning a
  ``Verdict`` that is falsy when refused and says why;
- a service that takes an ``actor`` checks its own rule with ``rule(...).require()``; views
  and serializers ask the same rule only to explain a refusal early or to hide an action.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, FunderUser, Programme
from clusters.roles import (
    is_admin,
    is_manager,
    is_office_staff,
    manages_any_cluster,
)


@dataclass(frozen=True)
class Verdict:
    """The answer of an access rule: allowed or not, and the reason of a refusal."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    def require(self) -> None:
        """Raise PermissionDenied with the reason when refused (a 403 that explains itself)."""
        if not self.allowed:
            raise PermissionDenied(self.reason)


ALLOWED = Verdict(True)


def refused(reason: str) -> Verdict:
    return Verdict(False, reason)


def can_read_member_data(user, cluster: Cluster) -> Verdict:
    """Aggregates and internals of the members (overview, alliances): the office staff, not
    coaches, who see only the firms assigned to them."""
    if is_office_staff(user, cluster.pk):
        return ALLOWED
    return refused(_("This is shown to the cluster's administrators, managers and viewers."))


def can_manage_cluster(user, cluster: Cluster) -> Verdict:
    """Edit the cluster's data: its administrators and managers."""
    if is_manager(user, cluster.pk):
        return ALLOWED
    return refused(_("Only the cluster's administrators and managers may change this."))


def can_administer_cluster(user, cluster: Cluster) -> Verdict:
    """Grant and withdraw staff roles: the cluster's administrators."""
    if is_admin(user, cluster.pk):
        return ALLOWED
    return refused(_("Only the cluster's administrators may change staff roles."))


def can_manage_programme(user, programme: Programme) -> Verdict:
    """Change a programme: the administrators and managers of a cluster taking part in it."""
    taking_part = {participation.cluster_id for participation in programme.participations.all()}
    if user.is_superuser or any(is_manager(user, cluster_id) for cluster_id in taking_part):
        return ALLOWED
    return refused(
        _("Only the administrators and managers of a cluster taking part may change a programme.")
    )


def can_manage_programme_indicators(user, programme: Programme) -> Verdict:
    """Add a programme's own indicators and set baselines, milestones and targets: the users of
    the programme's funder (its managing authority), or whoever may change the programme."""
    if user.is_authenticated and FunderUser.objects.filter(
        user=user, funder_id=programme.funder_id
    ).exists():
        return ALLOWED
    if can_manage_programme(user, programme):
        return ALLOWED
    return refused(
        _(
            "Only the programme's managing authority and the managers of a cluster taking part "
            "may change its indicators."
        )
    )


def can_manage_funders(user) -> Verdict:
    """Add and change funders, which the whole installation shares: any cluster's managers."""
    if manages_any_cluster(user):
        return ALLOWED
    return refused(_("Only cluster administrators and managers may change funders."))


def can_import_into_some_cluster(user) -> Verdict:
    """Send a file to an import at all: the administrators and managers of some cluster.

    Asked before a byte of the file is read, so that nobody else can make the server parse a
    workbook; the file's own cluster is checked with ``can_manage_cluster`` once it is read.
    """
    if manages_any_cluster(user):
        return ALLOWED
    return refused(_("Only the administrators and managers of a cluster may import files."))

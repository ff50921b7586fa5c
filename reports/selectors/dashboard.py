"""Reads that aggregate across the apps."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from accounts.models import ApiToken
from clusters.models import Cluster, Funder
from members.choices import MembershipStatus
from members.models import Organization


@dataclass(frozen=True)
class DashboardCard:
    label: str
    count: int
    url_name: str = ""


@dataclass(frozen=True)
class Dashboard:
    cards: list[DashboardCard] = field(default_factory=list)
    own_organizations: list[Organization] = field(default_factory=list)
    funder: Funder | None = None


def dashboard_for(user, cluster: Cluster | None) -> Dashboard:
    """Real counts of what the user may see; scoped to the current cluster where it has one."""
    from django.utils.translation import gettext as _

    clusters = Cluster.objects.visible_to(user)
    organizations = Organization.objects.visible_to(user)
    cards = [DashboardCard(_("Clusters you work in"), clusters.count(), "clusters:list")]
    if cluster is not None:
        # Members by membership status only: a project participant is not a member. The
        # middleware already checked the cluster is visible.
        members = Organization.objects.filter(
            cluster=cluster, membership__status=MembershipStatus.ACTIVE
        ).count()
        cards.append(DashboardCard(_("Member organizations"), members, "members:directory"))
        cards.append(DashboardCard(_("Staff in this cluster"), cluster.staff_roles.count()))
    cards.append(DashboardCard(_("Funders"), Funder.objects.visible_to(user).count()))
    cards.append(
        DashboardCard(
            _("Your active API tokens"),
            ApiToken.objects.visible_to(user).active().count(),
            "accounts:tokens",
        )
    )
    own = list(organizations.filter(Q(representatives__user=user)).select_related("cluster")[:10])
    funder = Funder.objects.filter(users__user=user).first()
    return Dashboard(cards=cards, own_organizations=own, funder=funder)

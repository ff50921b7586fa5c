"""Reads of members/ that combine or aggregate, returning plain data."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from clusters.models import Cluster
from members.choices import (
    AllianceGoal,
    AllianceKind,
    AllianceStatus,
    Helix,
    MembershipStatus,
    OrganizationType,
    TieStrength,
)
from members.models import Alliance, AllianceParticipation, Meeting, Organization


def directory(user, cluster: Cluster) -> QuerySet[Organization]:
    """The organizations of the cluster the user may see, with what the list shows."""
    return (
        Organization.objects.visible_to(user).filter(cluster=cluster).select_related("membership")
    )


def member_count_on(cluster: Cluster, day: date) -> int:
    """Members whose membership was active on ``day``, from the dated transitions."""
    return Organization.objects.filter(cluster=cluster).members_on(day).count()


@dataclass(frozen=True)
class ActiveMembers:
    """The cluster's active members, counted by helix and by type (in the order of the
    choices, counted ones only) and in all."""

    by_helix: list[tuple[str, int]]
    by_type: list[tuple[str, int]]
    total: int


def active_members(cluster: Cluster) -> ActiveMembers:
    """Active members by helix, by type and in all, from one grouped query: each count
    scanned every member of the cluster (10,000 firms nationally) on its own before."""
    rows = list(
        Organization.objects.filter(cluster=cluster, membership__status=MembershipStatus.ACTIVE)
        .values_list("helix", "org_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_helix: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    for helix, org_type, n in rows:
        by_helix[helix] += n
        by_type[org_type] += n
    return ActiveMembers(
        by_helix=[(label, by_helix[value]) for value, label in Helix.choices if by_helix[value]],
        by_type=[
            (label, by_type[value]) for value, label in OrganizationType.choices if by_type[value]
        ],
        total=sum(n for _helix, _type, n in rows),
    )


def upcoming_meetings(user, cluster: Cluster, today: date, limit: int = 10) -> QuerySet[Meeting]:
    return (
        Meeting.objects.visible_to(user)
        .filter(body__cluster=cluster, date__gte=today)
        .select_related("body")
        .order_by("date")[:limit]
    )


@dataclass(frozen=True)
class AlliancePortfolio:
    size: int
    active: int
    strong_ties: int
    countries: list[tuple[str, int]]
    by_kind: list[tuple[str, int]]
    by_goal: list[tuple[str, int]]
    active_members: int
    participating_members: int

    @property
    def diffusion(self) -> float:
        """Share of active members taking part in at least one alliance."""
        if not self.active_members:
            return 0.0
        return self.participating_members / self.active_members


def alliance_portfolio(cluster: Cluster, active_count: int | None = None) -> AlliancePortfolio:
    """The cluster's alliances summed up; ``active_count``, the number of active members
    when the caller already counted them (``active_members(cluster).total``)."""
    alliances = Alliance.objects.filter(cluster=cluster)
    totals = alliances.aggregate(
        size=Count("pk"),
        active=Count("pk", filter=Q(status=AllianceStatus.ACTIVE)),
        strong=Count("pk", filter=Q(tie_strength=TieStrength.STRONG)),
    )
    countries = list(
        alliances.values_list("partner_country")
        .annotate(n=Count("pk"))
        .order_by("-n", "partner_country")
    )
    kinds = dict(alliances.values_list("kind").annotate(n=Count("pk")))
    goals = dict(alliances.values_list("goal").annotate(n=Count("pk")))
    # From the participations (a few per alliance), not from every member of the cluster.
    participating = (
        AllianceParticipation.objects.filter(
            alliance__cluster=cluster,
            organization__cluster=cluster,
            organization__membership__status=MembershipStatus.ACTIVE,
        )
        .values("organization")
        .distinct()
        .count()
    )
    if active_count is None:
        active_count = active_members(cluster).total
    return AlliancePortfolio(
        size=totals["size"],
        active=totals["active"],
        strong_ties=totals["strong"],
        countries=countries,
        by_kind=[
            (label, kinds[value]) for value, label in AllianceKind.choices if kinds.get(value)
        ],
        by_goal=[
            (label, goals[value]) for value, label in AllianceGoal.choices if goals.get(value)
        ],
        active_members=active_count,
        participating_members=participating,
    )


def representatives_of(organization_id: int) -> QuerySet[User]:
    """The users who act for the organization: whom a firm's notifications go to."""
    return User.objects.filter(representations__organization_id=organization_id)

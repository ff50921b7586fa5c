"""Reads of the cluster overview page that aggregate, returning plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Lead

from clusters.models import Cluster, Programme
from members.choices import AllianceStatus, MembershipStatus
from members.models import Alliance, Body, Meeting, MembershipTransition

SERIES_YEARS = 10


def series_days(today: date, years: int = SERIES_YEARS) -> list[date]:
    """The year-ends of the last ``years`` years, then today."""
    return [date(year, 12, 31) for year in range(today.year - years, today.year)] + [today]


def member_count_series(cluster: Cluster, days: list[date]) -> list[tuple[date, int]]:
    """Members active on each day, counted in the database in one query.

    The same rule as ``Organization.objects.members_on(day)``: the last transition on or
    before the day, by date then recording order, gives the status. Each transition holds
    from its day until the next one of its membership (``LEAD``), so a membership is active
    on a day when an "active" transition holds then; one conditional count per day, however
    many members (``members.selectors.member_count_on`` asks once per day).
    """
    if not days:
        return []
    spans = MembershipTransition.objects.filter(
        membership__organization__cluster=cluster, on__lte=max(days)
    ).annotate(
        next_on=Window(
            Lead("on"),
            partition_by=F("membership_id"),
            order_by=[F("on").asc(), F("recorded_at").asc(), F("pk").asc()],
        )
    )
    holds_on = {
        f"day_{index}": Count(
            "pk",
            filter=Q(to_status=MembershipStatus.ACTIVE, on__lte=day)
            & (Q(next_on__gt=day) | Q(next_on=None)),
        )
        for index, day in enumerate(days)
    }
    counts = spans.aggregate(**holds_on)
    return [(day, counts[f"day_{index}"] or 0) for index, day in enumerate(days)]


def trim_leading_zeros(series: list[tuple[date, int]]) -> list[tuple[date, int]]:
    """The series from its first day with members: years before the cluster say nothing."""
    for index, (_day, count) in enumerate(series):
        if count:
            return series[index:]
    return []


def bodies_with_next_meeting(user, cluster: Cluster, today: date) -> QuerySet[Body]:
    """The cluster's governance bodies the user sees, each with its next meeting (or None)."""
    next_meeting = Meeting.objects.filter(body=OuterRef("pk"), date__gte=today).order_by(
        "date", "pk"
    )
    return (
        Body.objects.visible_to(user)
        .filter(cluster=cluster)
        .annotate(
            next_meeting_id=Subquery(next_meeting.values("pk")[:1]),
            next_meeting_on=Subquery(next_meeting.values("date")[:1]),
        )
        .order_by("kind", "name")
    )


def cluster_programmes(user, cluster: Cluster) -> QuerySet[Programme]:
    return (
        Programme.objects.visible_to(user)
        .filter(participations__cluster=cluster)
        .select_related("funder")
        .order_by("-start", "code")
    )


def cluster_alliances(user, cluster: Cluster) -> QuerySet[Alliance]:
    return (
        Alliance.objects.visible_to(user)
        .filter(cluster=cluster)
        .annotate(participant_count=Count("participations"))
        .order_by("status", "-start", "partner_name")
    )


@dataclass(frozen=True)
class OverviewCounts:
    active_members: int
    bodies: int
    programmes: int
    active_alliances: int


def overview_counts(
    members_by_helix: list[tuple[str, int]], bodies: list, programmes: list, alliances: list
) -> OverviewCounts:
    """The cards of the overview, from what the page already read."""
    return OverviewCounts(
        active_members=sum(count for _label, count in members_by_helix),
        bodies=len(bodies),
        programmes=len(programmes),
        active_alliances=sum(
            1 for alliance in alliances if alliance.status == AllianceStatus.ACTIVE
        ),
    )

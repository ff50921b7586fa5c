"""Reads of clusters that combine or aggregate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, QuerySet

from clusters.models import Cluster, ClusterRole


def clusters_for_switcher(user) -> QuerySet[Cluster]:
    """The clusters the user works in, for the header switcher."""
    return Cluster.objects.visible_to(user).only("pk", "name", "slug").order_by("name")


def cluster_staff(cluster: Cluster) -> QuerySet[ClusterRole]:
    return cluster.staff_roles.select_related("user").order_by("role", "user__email")


def clusters_with_staff_counts(user) -> QuerySet[Cluster]:
    return Cluster.objects.visible_to(user).annotate(staff_count=Count("staff_roles"))


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: list[FieldChange]


def history_of(instance, limit: int = 20) -> list[HistoryEntry]:
    """Who changed what and when, newest first, diffing each record with the one before it.

    Reads limit + 1 records in one query; the extra one is only the base of the oldest diff.
    """
    records = list(
        instance.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        if len(entries) == limit:
            break
        changes = []
        if older is not None and newer.history_type == "~":
            for change in newer.diff_against(older).changes:
                field = instance._meta.get_field(change.field)
                changes.append(
                    FieldChange(str(field.verbose_name), _shown(change.old), _shown(change.new))
                )
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                who=str(newer.history_user) if newer.history_user else "",
                kind=newer.history_type,
                changes=changes,
            )
        )
    return entries


def _shown(value) -> str:
    return "—" if value in (None, "") else str(value)

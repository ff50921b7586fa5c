"""Reads of clusters that combine or aggregate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch, QuerySet
from django.utils import formats, timezone

from accounts.models import User
from clusters.models import Cluster, ClusterRole, IndicatorTarget, Programme, ProgrammeIndicator
from clusters.roles import MANAGING_ROLES


def clusters_for_switcher(user) -> QuerySet[Cluster]:
    """The clusters the user works in, for the header switcher."""
    return Cluster.objects.visible_to(user).only("pk", "name", "slug").order_by("name")


def cluster_staff(cluster: Cluster) -> QuerySet[ClusterRole]:
    return cluster.staff_roles.select_related("user").order_by("role", "user__email")


def programme_indicators(programme: Programme) -> list[ProgrammeIndicator]:
    """The indicators the programme reports on, common ones first, each with its targets by
    year (``targets``): two queries."""
    uses = (
        ProgrammeIndicator.objects.filter(programme=programme)
        .select_related("indicator")
        .prefetch_related(Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year")))
    )
    return sorted(uses, key=lambda use: (not use.indicator.is_common, use.indicator.code))


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

    Reads limit + 1 records in one query (the extra one is only the base of the oldest diff),
    then one query per related model to show names instead of ids; choices show their labels.
    """
    records = list(
        instance.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    raw = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        if len(raw) == limit:
            break
        diffs = []
        if older is not None and newer.history_type == "~":
            diffs = [
                (instance._meta.get_field(change.field), change.old, change.new)
                for change in newer.diff_against(older).changes
            ]
        raw.append((newer, diffs))
    names = _related_names(diff for _record, diffs in raw for diff in diffs)
    return [
        HistoryEntry(
            when=record.history_date,
            who=str(record.history_user) if record.history_user else "",
            kind=record.history_type,
            changes=[
                FieldChange(
                    str(field.verbose_name),
                    _shown(field, old, names),
                    _shown(field, new, names),
                )
                for field, old, new in diffs
            ],
        )
        for record, diffs in raw
    ]


def _related_names(diffs) -> dict:
    """{(model, pk): name} of every related object the diffs mention."""
    wanted: dict = {}
    for field, old, new in diffs:
        if field.many_to_one or field.one_to_one:
            wanted.setdefault(field.related_model, set()).update(
                value for value in (old, new) if value not in (None, "")
            )
    names = {}
    for model, pks in wanted.items():
        for obj in model._base_manager.filter(pk__in=pks):
            names[(model, obj.pk)] = str(obj)
    return names


def _shown(field, value, names: dict) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if field.many_to_one or field.one_to_one:
        return names.get((field.related_model, value), str(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def managers_of(cluster_id: int) -> QuerySet[User]:
    """The users who decide for the cluster (its administrators and managers): whom
    reminders of undecided requests go to."""
    return User.objects.filter(
        cluster_roles__cluster_id=cluster_id, cluster_roles__role__in=MANAGING_ROLES
    ).distinct()

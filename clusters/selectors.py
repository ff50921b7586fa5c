"""Reads of clusters that combine or aggregate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.paginator import Page, Paginator
from django.db.models import Case, Prefetch, QuerySet, Value, When
from django.utils import formats, timezone

from accounts.models import User
from clusters.models import (
    Cluster,
    IndicatorTarget,
    Programme,
    ProgrammeIndicator,
    StaffRole,
)
from clusters.roles import MANAGING_ROLES


def clusters_for_switcher(user) -> QuerySet[Cluster]:
    """The clusters the user works in, for the header switcher."""
    return Cluster.objects.visible_to(user).only("pk", "name", "slug").order_by("name")


@dataclass(frozen=True)
class StaffMember:
    """One staff role of a cluster as its page lists it."""

    pk: int
    role: str
    role_label: str
    full_name: str
    email: str
    since: datetime


STAFF_PER_PAGE = 25


def cluster_staff(cluster: Cluster, page_number=None) -> Page:
    """One page of the cluster's staff roles: the office (administrators, managers,
    viewers) first, then the coaches, each by e-mail; the page's rows are ``StaffMember``.

    A national cluster has hundreds of coaches: listing them all (each with its remove
    form) grew the cluster page with the number of firms. The rows are read as values, and
    each role's label is looked up once, not by ``get_role_display()`` per row (it hashes
    every choice's lazy label, translating each, on every call).
    """
    labels = {value: str(label) for value, label in StaffRole.choices}
    rows = (
        cluster.staff_roles.annotate(
            coach=Case(When(role=StaffRole.COACH, then=Value(1)), default=Value(0))
        )
        .order_by("coach", "role", "user__email", "pk")
        .values_list("pk", "role", "user__full_name", "user__email", "created_at")
    )
    page = Paginator(rows, STAFF_PER_PAGE).get_page(page_number)
    page.object_list = [
        StaffMember(pk, role, labels.get(role, role), full_name, email, since)
        for pk, role, full_name, email, since in page.object_list
    ]
    return page


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
    subject: str = ""  # which row, in a history of several rows (e.g. a project's shares)


def history_of(instance, limit: int = 20) -> list[HistoryEntry]:
    """Who changed what and when, newest first, diffing each record with the one before it.

    Reads limit + 1 records in one query (the extra one is only the base of the oldest diff),
    then one query per related model to show names instead of ids; choices show their labels.
    """
    records = list(
        instance.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    if not records:  # written by a bulk insert or before history was kept: nothing to show
        return []
    pairs = list(zip(records, [*records[1:], None], strict=True))[:limit]
    return _entries(type(instance), pairs)


def history_of_rows(model, *, subject=None, related=(), limit: int = 20, **lookups):
    """The history of every row of ``model`` matching ``lookups``, deleted rows included,
    newest first: e.g. the funding shares a project had, replaced or removed since.

    ``subject(record)`` names the row of each record; ``related`` are select_related paths
    of the historical records that it reads. Two queries plus one per related model shown.
    """
    records = list(
        model.history.filter(**lookups)
        .select_related("history_user", *related)
        .order_by("-history_date", "-history_id")[:limit]
    )
    # A historical record's own pk is history_id; the row it records keeps the model's pk.
    row = model._meta.pk.attname
    every = model.history.filter(
        **{row + "__in": {getattr(record, row) for record in records}}
    ).order_by("history_date", "history_id")
    before: dict = {}
    last_of_row: dict = {}
    for record in every:
        before[record.history_id] = last_of_row.get(getattr(record, row))
        last_of_row[getattr(record, row)] = record
    pairs = [(record, before.get(record.history_id)) for record in records]
    return _entries(model, pairs, subject=subject)


def _entries(model, pairs, *, subject=None) -> list[HistoryEntry]:
    raw = []
    for newer, older in pairs:
        diffs = []
        if older is not None and newer.history_type == "~":
            diffs = [
                (model._meta.get_field(change.field), change.old, change.new)
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
            subject=subject(record) if subject else "",
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

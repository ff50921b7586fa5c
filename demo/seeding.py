"""The tools every step uses: the tally the command prints, and ``upsert``, which makes one demo
row right whether the database is empty, already seeded, or changed by someone since.

A row is written through the service a user's form calls wherever that service writes it in
one save. A step writes a row directly only where no service does, or where the service would
record the row differently from the story the demo tells: it stamps the time of today (an
enrolment's steps, a timbank request, a trip), checks that the firm still takes part (coaching,
the export lab, workshop attendance, long over for the closed TRIIP of 2016), or saves twice
and so adds audit history a seed run must not (opening a membership, issuing fees).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db import models
from django.utils import timezone

Create = Callable[[dict[str, Any]], models.Model]
Update = Callable[[models.Model, dict[str, Any]], models.Model]


@dataclass
class SeedTally:
    """How many rows a seed created, updated or found already right."""

    counts: Counter = field(default_factory=Counter)

    def __str__(self) -> str:
        return ", ".join(f"{self.counts[k]} {k}" for k in ("created", "updated", "unchanged"))


def upsert(
    tally: SeedTally,
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    create: Create | None = None,
    update: Update | None = None,
):
    """Create the row, or bring it back to ``values``; write only when something differs.

    Saving unchanged rows would add audit-history records on every run and break idempotency.
    ``create(data)`` and ``update(instance, data)`` call the service that writes the row, with
    ``data`` holding the lookup and the values; without one the row is written directly.
    """
    instance = model.objects.filter(**lookup).first()
    data = {**lookup, **values}
    if instance is None:
        tally.counts["created"] += 1
        return create(data) if create else model.objects.create(**data)
    differing = [name for name, value in values.items() if getattr(instance, name) != value]
    if not differing:
        tally.counts["unchanged"] += 1
        return instance
    tally.counts["updated"] += 1
    if update:
        return update(instance, data)
    for name in differing:
        setattr(instance, name, values[name])
    instance.save(update_fields=differing)
    return instance


def saved_by(service: Callable[..., models.Model], instance_name: str, **context) -> dict:
    """``create=`` and ``update=`` for a service of the usual shape: it takes its context
    (``cluster=``, ``body=``, …) and ``data=``, and the row to change as ``instance_name=``.
    Use it as ``upsert(..., **saved_by(body_save, "body", cluster=cluster))``."""
    return {
        "create": lambda data: service(**context, data=data),
        "update": lambda instance, data: service(**context, data=data, **{instance_name: instance}),
    }


def set_by(service: Callable[..., models.Model]) -> dict:
    """``create=`` and ``update=`` for a service that creates or changes a row from its fields
    given as keywords, e.g. ``project_partner_add(project=, organization=, role=)``."""
    return {
        "create": lambda data: service(**data),
        "update": lambda _instance, data: service(**data),
    }


def replace_set(tally: SeedTally, current: dict, wanted: dict, replace: Callable[[], Any]) -> None:
    """For a service that sets a whole list at once (participants, attendance, funding shares):
    tally each wanted entry against the current ones, and call ``replace`` only when the list
    differs, so a second run writes nothing."""
    for key, value in wanted.items():
        if key not in current:
            tally.counts["created"] += 1
        elif current[key] == value:
            tally.counts["unchanged"] += 1
        else:
            tally.counts["updated"] += 1
    if current != wanted:
        replace()


def aware(day: date, hour: int = 10) -> datetime:
    """The instant ``hour`` o'clock on ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour)))

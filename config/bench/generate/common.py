"""What every part of the generator shares: the calendar of the data, sizes, and the helpers
that turn random draws into valid values (quarter hours, days inside a window)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from config.bench import world
from internationalization.choices import ConsultantService

#: The first day anything happens, and the last: after ``world.AS_OF`` (so a report "as of"
#: leaves rows out) but before the real today (the services refuse days in the future).
FIRST_DAY = date(2024, 1, 1)
LAST_DAY = date(2026, 11, 15)
BATCH = 5_000
SEED = 20_260_630

# Swedish counties (members.nuts knows them: the indicator report gives their NUTS codes),
# with how many firms each has, relatively.
REGIONS = {
    "Stockholm": 20,
    "Västra Götaland": 16,
    "Skåne": 13,
    "Uppsala": 7,
    "Östergötland": 7,
    "Gävleborg": 6,
    "Dalarna": 5,
    "Värmland": 5,
    "Jönköping": 5,
    "Västerbotten": 4,
    "Norrbotten": 3,
    "Halland": 4,
    "Örebro": 4,
    "Kalmar": 3,
}
CITIES = {
    "Stockholm": "Stockholm",
    "Västra Götaland": "Göteborg",
    "Skåne": "Malmö",
    "Uppsala": "Uppsala",
    "Östergötland": "Linköping",
    "Gävleborg": "Gävle",
    "Dalarna": "Falun",
    "Värmland": "Karlstad",
    "Jönköping": "Jönköping",
    "Västerbotten": "Umeå",
    "Norrbotten": "Luleå",
    "Halland": "Halmstad",
    "Örebro": "Örebro",
    "Kalmar": "Kalmar",
}
# Target markets with the project's cap per trip (EUR) and a city to go to.
MARKETS = {
    "DE": (Decimal("2500.00"), "Berlin"),
    "NO": (Decimal("2000.00"), "Oslo"),
    "FI": (Decimal("1800.00"), "Helsinki"),
    "US": (Decimal("6000.00"), "Boston"),
    "GB": (Decimal("3000.00"), "London"),
    "JP": (Decimal("7000.00"), "Tokyo"),
    "FR": (Decimal("2800.00"), "Paris"),
    "NL": (Decimal("2400.00"), "Amsterdam"),
}
MARKET_WEIGHTS = [20, 16, 14, 10, 12, 4, 8, 8]


@dataclass
class Sizes:
    """How much to generate: ``firms`` firms and the share of each kind of activity."""

    scale: int
    fraction: float = 1.0

    @property
    def firms(self) -> int:
        return max(8, round(world.FIRMS_PER_SCALE * self.scale * self.fraction))

    @property
    def coaches(self) -> int:
        return max(3, self.firms // 40)

    @property
    def consultants(self) -> int:
        return max(len(ConsultantService.values), self.firms // 60)


@dataclass
class Context:
    """The random source and the objects one part hands to the next."""

    sizes: Sizes
    rng: random.Random
    say: object
    users: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)

    def insert(self, model, rows: list, *, history: bool = False, leaf: bool = False) -> list:
        """bulk_create in batches, counting the rows per table; with ``history``, each row's
        first historical record too (for the pages that show a row's history). ``leaf`` rows
        (whose ids nothing needs) go through COPY on PostgreSQL: the same values, faster."""
        if leaf and connection.vendor == "postgresql":
            created = copy_rows(model, rows)
        elif history:
            created = bulk_create_with_history(
                rows, model, batch_size=BATCH, default_user=self.users.get("manager")
            )
        else:
            created = model.objects.bulk_create(rows, batch_size=BATCH)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + len(created)
        return created


def copy_rows(model, rows: list) -> list:
    """Write ``rows`` with COPY: auto_now_add filled and related ids taken from the saved
    parents as bulk_create does; the values are the plain ones the attributes hold (no JSON
    field in these tables), which psycopg adapts itself."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamped = [f for f in fields if getattr(f, "auto_now_add", False)]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            row._prepare_related_fields_for_save(operation_name="bulk_create")
            for f in stamped:
                f.pre_save(row, True)
            values = row.__dict__
            copy.write_row([values[f.attname] for f in fields])
    return rows


def day_between(rng: random.Random, first: date, last: date) -> date:
    """A day from ``first`` to ``last`` (``first`` when the window is empty)."""
    span = (last - first).days
    return first + timedelta(days=rng.randint(0, span)) if span > 0 else first


def later(day: date, rng: random.Random, low: int, high: int) -> date:
    return day + timedelta(days=rng.randint(low, high))


def moment(day: date, rng: random.Random) -> datetime:
    """An aware moment in office hours of ``day`` (local time: ``__date`` lookups agree)."""
    at = time(rng.randint(8, 16), rng.choice((0, 15, 30, 45)))
    return timezone.make_aware(datetime.combine(day, at))


def quarters(rng: random.Random, low: float, high: float) -> Decimal:
    """Hours from ``low`` to ``high`` in quarter steps."""
    return Decimal(rng.randint(int(low * 4), int(high * 4))) / 4


def weighted(rng: random.Random, choices: dict):
    return rng.choices(list(choices), weights=list(choices.values()))[0]

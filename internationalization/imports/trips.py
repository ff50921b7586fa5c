"""The ``trips`` sheet: trips applied for through ``trip_apply`` and taken along their path
(approved, done or rejected) through ``trips`` services. A trip is found by firm, city and
start; it is applied for and decided on its start date, with a budget of 0 and the purpose
"trade fair" when it names an event, else "meet customers"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from clusters.imports.columns import Column, coded
from clusters.imports.report import CREATE, UNCHANGED, UPDATE
from clusters.imports.rows import Row
from clusters.imports.run import RowRefused
from internationalization.choices import TripPurpose, TripStatus
from internationalization.imports.context import (
    IMPORT_NOTE,
    ActivitySheetImporter,
    differs,
    noon,
)
from internationalization.models import Trip
from internationalization.services.trips import (
    trip_apply,
    trip_approve,
    trip_mark_done,
    trip_reject,
)
from projects.models import Enrolment

TRIP_STATUSES = (TripStatus.APPLIED, TripStatus.APPROVED, TripStatus.DONE, TripStatus.REJECTED)
TRIP_PATHS: dict[str, list[str]] = {
    TripStatus.APPLIED: [TripStatus.APPLIED],
    TripStatus.APPROVED: [TripStatus.APPLIED, TripStatus.APPROVED],
    TripStatus.REJECTED: [TripStatus.APPLIED, TripStatus.REJECTED],
    TripStatus.DONE: [TripStatus.APPLIED, TripStatus.APPROVED, TripStatus.DONE],
}


@dataclass(frozen=True)
class TripRow:
    """A trip as the sheet says it."""

    registry_id: str
    enrolment: Enrolment
    country: str
    city: str
    event: str
    start: date
    end: date
    status: str


class TripsImporter(ActivitySheetImporter[TripRow]):
    """Applies for each trip once and takes it along its path to the file's status."""

    sheet = "trips"
    columns = (
        Column("registry_id", shown=True),
        Column("country"),
        Column("city", shown=True),
        Column("event"),
        Column("start_date", shown=True),
        Column("end_date"),
        coded("status", TripStatus, only=TRIP_STATUSES, shown=True),
    )
    fields = {
        "enrolment": "registry_id",
        "start": "start_date",
        "end": "end_date",
        "budget": "status",
    }

    def read(self, row: Row) -> TripRow | None:
        enrolment = self.enrolment_of(row)
        country = row.country("country", required=True)
        city = row.text("city", required=True)
        event = row.text("event")
        start = row.day("start_date", required=True)
        end = row.day("end_date", required=True)
        status = row.choice("status", required=True)
        if enrolment is None:
            return None
        registry_id = row.cells["registry_id"]
        return TripRow(registry_id, enrolment, country, city, event, start, end, status)

    def write(self, data: TripRow) -> str:
        if data.status in (TripStatus.APPROVED, TripStatus.DONE):
            self.context.saw_activity(data.registry_id, data.end)
        trip = Trip.objects.filter(
            enrolment=data.enrolment, city__iexact=data.city, start=data.start
        ).first()
        action = UNCHANGED
        if trip is None:
            trip = trip_apply(
                enrolment=data.enrolment,
                country=data.country,
                city=data.city,
                event=data.event,
                start=data.start,
                end=data.end,
                purpose=TripPurpose.FAIR if data.event else TripPurpose.CUSTOMERS,
                budget_requested=Decimal(0),
                actor=self.context.actor,
                requested_at=self.dated(data.start),
            )
            action = CREATE
        elif (trip.country.code, trip.event, trip.end) != (data.country, data.event, data.end):
            raise differs(
                _("%(country)s, %(event)s, until %(end)s")
                % {"country": trip.country.code, "event": trip.event or "—", "end": trip.end}
            )
        path = TRIP_PATHS[data.status]
        if trip.status not in path:
            raise RowRefused(
                _("status: The trip is already %(current)s; it cannot become %(target)s.")
                % {
                    "current": trip.get_status_display().lower(),
                    "target": TripStatus(data.status).label.lower(),
                }
            )
        for step in path[path.index(trip.status) + 1 :]:
            trip = self.take_step(trip, step, data.start)
            action = UPDATE if action == UNCHANGED else action
        return action

    def dated(self, start: date) -> datetime:
        """The file tells no day of the application nor of the decision: both are dated at the
        trip's start, or today for a trip still to come (a decision is never dated in the
        future)."""
        return noon(min(start, self.context.today))

    def take_step(self, trip: Trip, step: str, start: date) -> Trip:
        actor = self.context.actor
        if step == TripStatus.APPROVED:
            return trip_approve(
                trip=trip, budget=Decimal(0), actor=actor, decided_at=self.dated(start)
            )
        if step == TripStatus.REJECTED:
            return trip_reject(
                trip=trip, reason=_(IMPORT_NOTE), actor=actor, decided_at=self.dated(start)
            )
        return trip_mark_done(trip=trip, actor=actor)

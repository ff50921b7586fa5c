"""Days and instants of what happened: a decision recorded after the fact carries the day it
was taken, and the services that keep instants (``decided_at``) get one of that day."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

NOON = time(12)


def noon(day: date) -> datetime:
    """The instant a record of ``day`` is dated at when only its day is known."""
    return timezone.make_aware(datetime.combine(day, NOON))


def shift_years(day: date, years: int) -> date:
    """The same day ``years`` later (earlier when negative); 29 February becomes the 28th in
    a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def moment_of(day: date | None) -> datetime | None:
    """The instant recorded for something that happened on ``day``: now when it is today,
    noon of that day in the current time zone otherwise, None (the service's own "now") when
    no day is given. A day in the future stays in the future, for the service to refuse."""
    if day is None:
        return None
    if day == timezone.localdate():
        return timezone.now()
    return noon(day)


def dated_decision(data: dict) -> dict:
    """The cleaned input of a decision with its day (``decided_on``, from the form or the API)
    turned into the instant the decision services take (``decided_at``)."""
    data = dict(data)
    data["decided_at"] = moment_of(data.pop("decided_on", None))
    return data

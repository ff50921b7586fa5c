"""The personal iCalendar feed as RFC 5545 text, built with the icalendar library (which folds
long lines and ends them with CRLF, as Outlook and Google Calendar require)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from reports.selectors.calendar import CalendarEvent

PRODID = "-//Clusterdesk//Calendar//EN"


def feed_calendar(
    events: Iterable[CalendarEvent],
    *,
    name: str,
    host: str,
    absolute_url: Callable[[str], str],
    now: datetime,
) -> bytes:
    """One VEVENT per event. ``host`` makes the UIDs unique to this installation; they stay the
    same from one fetch to the next, so a calendar updates an event instead of duplicating it."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = now.astimezone(UTC)
    for event in events:
        calendar.add_component(_vevent(event, host=host, url=absolute_url(event.url), stamp=stamp))
    return calendar.to_ical()


def _vevent(event: CalendarEvent, *, host: str, url: str, stamp: datetime) -> Event:
    vevent = Event()
    vevent.add("uid", f"{event.uid}@{host}")
    vevent.add("dtstamp", stamp)
    if event.starts_at is not None:
        vevent.add("dtstart", event.starts_at.astimezone(UTC))
        vevent.add("dtend", event.ends_at.astimezone(UTC))
    else:
        # All-day: VALUE=DATE, and DTEND is the day after the last (RFC 5545 §3.6.1).
        vevent.add("dtstart", event.start)
        vevent.add("dtend", event.end + timedelta(days=1))
    vevent.add("summary", event.title)
    if event.location:
        vevent.add("location", event.location)
    vevent.add("url", url)
    vevent.add("categories", [event.kind_label])
    return vevent

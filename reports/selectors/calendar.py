"""The calendar: governance meetings, workshops, intake interviews and trips as one list of
dated events, for a cluster, a project or a person (the month and list pages, the iCalendar
feed).

Every kind is read from its model's ``visible_to(user)``, so the calendar never shows what the
user could not open elsewhere; a scope only narrows that. One query per kind, whatever the
number of events.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import Cluster
from clusters.roles import MANAGING_ROLES, cluster_roles_of
from internationalization.choices import TripStatus
from internationalization.models import Trip, Workshop, WorkshopParticipation
from members.models import Meeting
from members.querysets import bodies_with_seat_of, represented_organizations
from projects.models import Enrolment, Project

MEETING, WORKSHOP, INTERVIEW, TRIP = "meeting", "workshop", "interview", "trip"
KIND_LABELS = {
    MEETING: gettext_lazy("Meeting"),
    WORKSHOP: gettext_lazy("Workshop"),
    INTERVIEW: gettext_lazy("Interview"),
    TRIP: gettext_lazy("Trip"),
}
# A scheduled interview has a start only; calendars need an end.
INTERVIEW_LENGTH = timedelta(hours=1)
# The personal feed: recent history and the year ahead.
FEED_DAYS_BACK, FEED_DAYS_AHEAD = 90, 365


@dataclass(frozen=True)
class CalendarEvent:
    """One event: all-day from ``start`` to ``end`` (inclusive), or timed from ``starts_at``."""

    kind: str
    pk: int
    title: str
    start: date
    end: date
    url: str
    location: str = ""
    starts_at: datetime | None = None

    @property
    def uid(self) -> str:
        """Stable across feeds and edits: the kind and the row's id."""
        return f"{self.kind}-{self.pk}"

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def ends_at(self) -> datetime | None:
        return self.starts_at + INTERVIEW_LENGTH if self.starts_at else None

    @property
    def sort_key(self) -> tuple:
        # All-day events first on their day, then timed ones by the hour.
        return (self.start, self.starts_at is not None, self.starts_at or self.start, self.title)


@dataclass(frozen=True)
class CalendarScope:
    """Whose events: a cluster's (None: every cluster the user sees), one project's, or the
    user's own (``personal``: the events the user takes part in)."""

    cluster: Cluster | None = None
    project: Project | None = None
    personal: bool = False


@dataclass
class _Reader:
    """What one kind's reader needs: the user, the window, the scope and the clusters the
    user manages (whose events are the user's own in the personal calendar)."""

    user: object
    start: date
    end: date
    scope: CalendarScope
    managed: list[int] = field(default_factory=list)


def calendar_events(user, *, start: date, end: date, scope: CalendarScope) -> list[CalendarEvent]:
    """The events the user may see between ``start`` and ``end`` (inclusive) in ``scope``,
    in date order."""
    managed = [cid for cid, role in cluster_roles_of(user).items() if role in MANAGING_ROLES]
    reader = _Reader(user=user, start=start, end=end, scope=scope, managed=managed)
    events = [
        *_meetings(reader),
        *_workshops(reader),
        *_interviews(reader),
        *_trips(reader),
    ]
    return sorted(events, key=lambda event: event.sort_key)


def personal_feed_events(user, *, today: date) -> list[CalendarEvent]:
    """The events of the user's iCalendar feed: their own, in the feed's window."""
    return calendar_events(
        user,
        start=today - timedelta(days=FEED_DAYS_BACK),
        end=today + timedelta(days=FEED_DAYS_AHEAD),
        scope=CalendarScope(personal=True),
    )


def _meetings(reader: _Reader) -> Iterable[CalendarEvent]:
    scope = reader.scope
    if scope.project is not None:
        return []  # governance belongs to the cluster, not to a project
    meetings = Meeting.objects.visible_to(reader.user).filter(
        date__range=(reader.start, reader.end)
    )
    if scope.cluster is not None:
        meetings = meetings.in_cluster(scope.cluster)
    if scope.personal:
        meetings = meetings.filter(
            Q(body__in=bodies_with_seat_of(reader.user)) | Q(body__cluster__in=reader.managed)
        )
    return [
        CalendarEvent(
            kind=MEETING,
            pk=meeting.pk,
            title=f"{meeting.body}: {meeting.title}" if meeting.title else str(meeting.body),
            start=meeting.date,
            end=meeting.date,
            location=meeting.location,
            url=meeting.get_absolute_url(),
        )
        for meeting in meetings.select_related("body")
    ]


def _workshops(reader: _Reader) -> Iterable[CalendarEvent]:
    scope, user = reader.scope, reader.user
    workshops = Workshop.objects.visible_to(user).filter(date__range=(reader.start, reader.end))
    if scope.project is not None:
        workshops = workshops.filter(project=scope.project)
    elif scope.cluster is not None:
        workshops = workshops.in_cluster(scope.cluster)
    if scope.personal:
        # Invited: the firm's own invitations, and those of the firms a coach is assigned.
        invited = WorkshopParticipation.objects.filter(
            Q(enrolment__organization__in=represented_organizations(user))
            | Q(enrolment__coach=user)
        ).values("workshop_id")
        workshops = workshops.filter(Q(pk__in=invited) | Q(project__cluster__in=reader.managed))
    return [
        CalendarEvent(
            kind=WORKSHOP,
            pk=workshop.pk,
            title=_("Workshop: %(title)s") % {"title": workshop.title},
            start=workshop.date,
            end=workshop.date,
            location=workshop.place,
            url=reverse("internationalization:workshop-detail", kwargs={"pk": workshop.pk}),
        )
        for workshop in workshops
    ]


def _interviews(reader: _Reader) -> Iterable[CalendarEvent]:
    """Scheduled interviews at their hour; interviews recorded without a schedule on the day
    they were held."""
    scope, user = reader.scope, reader.user
    window = Q(interview_at__gte=_day_start(reader.start)) & Q(
        interview_at__lt=_day_start(reader.end + timedelta(days=1))
    )
    held = Q(interview_at__isnull=True, interviewed_on__range=(reader.start, reader.end))
    enrolments = Enrolment.objects.visible_to(user).filter(window | held)
    if scope.project is not None:
        enrolments = enrolments.filter(project=scope.project)
    elif scope.cluster is not None:
        enrolments = enrolments.in_cluster(scope.cluster)
    if scope.personal:
        enrolments = enrolments.filter(
            Q(organization__in=represented_organizations(user))
            | Q(coach=user)
            | Q(project__cluster__in=reader.managed)
        )
    return [_interview(enrolment) for enrolment in enrolments.select_related("organization")]


def _interview(enrolment: Enrolment) -> CalendarEvent:
    starts_at = enrolment.interview_at
    day = timezone.localdate(starts_at) if starts_at else enrolment.interviewed_on
    return CalendarEvent(
        kind=INTERVIEW,
        pk=enrolment.pk,
        title=_("Interview: %(firm)s") % {"firm": enrolment.organization},
        start=day,
        end=day,
        starts_at=starts_at,
        url=enrolment.get_absolute_url(),
    )


def _trips(reader: _Reader) -> Iterable[CalendarEvent]:
    scope, user = reader.scope, reader.user
    trips = (
        Trip.objects.visible_to(user)
        .exclude(status=TripStatus.REJECTED)
        .filter(start__lte=reader.end, end__gte=reader.start)
    )
    if scope.project is not None:
        trips = trips.filter(enrolment__project=scope.project)
    elif scope.cluster is not None:
        trips = trips.in_cluster(scope.cluster)
    if scope.personal:
        trips = trips.filter(
            Q(enrolment__organization__in=represented_organizations(user))
            | Q(enrolment__project__cluster__in=reader.managed)
        )
    return [
        CalendarEvent(
            kind=TRIP,
            pk=trip.pk,
            title=_("Trip: %(firm)s to %(city)s")
            % {"firm": trip.enrolment.organization, "city": trip.city},
            start=trip.start,
            end=trip.end,
            location=", ".join(part for part in (trip.event, trip.city, trip.country.name) if part),
            url=reverse("internationalization:trip-detail", kwargs={"pk": trip.pk}),
        )
        for trip in trips.select_related("enrolment__organization")
    ]


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# The month grid ------------------------------------------------------------------------------


@dataclass
class CalendarDay:
    """A cell of the month grid."""

    day: date
    in_month: bool
    is_today: bool
    events: list[CalendarEvent] = field(default_factory=list)


def month_weeks(year: int, month: int) -> list[list[date]]:
    """The weeks (Monday first) that show the month, with the days of the months around it."""
    return calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)


def month_grid(
    user, *, year: int, month: int, scope: CalendarScope, today: date
) -> list[list[CalendarDay]]:
    """The month as weeks of days, each day with the events on it (a trip on every day it
    lasts)."""
    weeks = month_weeks(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    cells = {
        day: CalendarDay(day=day, in_month=day.month == month, is_today=day == today)
        for week in weeks
        for day in week
    }
    for event in calendar_events(user, start=first, end=last, scope=scope):
        day = max(event.start, first)
        while day <= min(event.end, last):
            cells[day].events.append(event)
            day += timedelta(days=1)
    return [[cells[day] for day in week] for week in weeks]

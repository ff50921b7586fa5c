"""The manager's queue: the work waiting for the cluster office, oldest first.

One query per kind of work, each ordered oldest first and cut at ``QUEUE_LIMIT`` + 1 rows, so the
page costs the same whatever the number of items; the kinds are then merged by age.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Min, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from clusters.models import Cluster
from internationalization.choices import (
    ClaimStatus,
    SessionSide,
    SessionStatus,
    TimbankRequestStatus,
    TripStatus,
)
from internationalization.models import CoachingSession, ExpenseClaim, TimbankRequest, Trip
from members.models import ActionItem, FeePayment
from projects.choices import EnrolmentStatus, ProjectStatus
from projects.models import Enrolment

QUEUE_LIMIT = 50
# A closed project's books are closed: what was left undecided there is history, not work.
CLOSED = ProjectStatus.CLOSED
# Action items show up this many days before they fall due.
ACTION_ITEM_NOTICE_DAYS = 7


@dataclass(frozen=True)
class QueueItem:
    """One piece of work: what, for whom, waiting since when, and where it is done."""

    kind: str
    what: str
    who: str
    since: date
    url: str
    today: date

    @property
    def days_waiting(self) -> int:
        """Whole days since the item started waiting; negative for an action item not yet due."""
        return (self.today - self.since).days

    @property
    def days_until_due(self) -> int:
        return -self.days_waiting


@dataclass(frozen=True)
class Queue:
    items: list[QueueItem]
    truncated: bool


def _day(moment) -> date:
    return timezone.localdate(moment)


def _cut(queryset: QuerySet) -> list:
    return list(queryset[: QUEUE_LIMIT + 1])


def _applications(user, cluster: Cluster, today: date) -> list[QueueItem]:
    rows = _cut(
        Enrolment.objects.visible_to(user)
        .filter(
            project__cluster=cluster,
            status__in=(EnrolmentStatus.APPLIED, EnrolmentStatus.INTERVIEWED),
        )
        .exclude(project__status=CLOSED)
        .select_related("organization", "project")
        .order_by("applied_on", "pk")
    )
    items = []
    for enrolment in rows:
        interviewed = enrolment.status == EnrolmentStatus.INTERVIEWED
        what = (
            _("Decide on the application to %(project)s")
            if interviewed
            else _("Interview the applicant to %(project)s")
        ) % {"project": enrolment.project.name}
        since = (enrolment.interviewed_on if interviewed else None) or enrolment.applied_on
        kind = "decide" if interviewed else "interview"
        items.append(
            QueueItem(
                kind,
                what,
                enrolment.organization.legal_name,
                since,
                enrolment.get_absolute_url(),
                today,
            )
        )
    return items


def _timbank_requests(user, cluster: Cluster, today: date) -> list[QueueItem]:
    rows = _cut(
        TimbankRequest.objects.visible_to(user)
        .filter(enrolment__project__cluster=cluster, status=TimbankRequestStatus.PENDING)
        .exclude(enrolment__project__status=CLOSED)
        .select_related("enrolment__organization")
        .order_by("requested_at", "pk")
    )
    return [
        QueueItem(
            "timbank",
            _("Decide on a request for %(hours)s h of %(service)s")
            % {
                "hours": f"{row.hours_requested.normalize():f}",
                "service": row.get_service_display().lower(),
            },
            row.enrolment.organization.legal_name,
            _day(row.requested_at),
            reverse("internationalization:timbank-request-detail", args=[row.pk]),
            today,
        )
        for row in rows
    ]


def _trips(user, cluster: Cluster, today: date) -> list[QueueItem]:
    rows = _cut(
        Trip.objects.visible_to(user)
        .filter(enrolment__project__cluster=cluster, status=TripStatus.APPLIED)
        .exclude(enrolment__project__status=CLOSED)
        .select_related("enrolment__organization")
        .order_by("requested_at", "pk")
    )
    return [
        QueueItem(
            "trip",
            _("Decide on a trip to %(city)s") % {"city": row.city},
            row.enrolment.organization.legal_name,
            _day(row.requested_at),
            reverse("internationalization:trip-detail", args=[row.pk]),
            today,
        )
        for row in rows
    ]


def _claims(user, cluster: Cluster, today: date) -> list[QueueItem]:
    rows = _cut(
        ExpenseClaim.objects.visible_to(user)
        .filter(trip__enrolment__project__cluster=cluster, status=ClaimStatus.SUBMITTED)
        .exclude(trip__enrolment__project__status=CLOSED)
        .select_related("trip__enrolment__organization")
        .order_by("submitted_at", "pk")
    )
    return [
        QueueItem(
            "claim",
            _("Decide on an expense claim: %(what)s, %(amount)s %(currency)s")
            % {"what": row.description, "amount": row.amount, "currency": row.currency},
            row.trip.enrolment.organization.legal_name,
            _day(row.submitted_at),
            reverse("internationalization:trip-detail", args=[row.trip_id]),
            today,
        )
        for row in rows
    ]


# Who a session not yet confirmed waits for, by who logged it and its state.
_SESSION_WAITING = {
    (SessionSide.OFFICE, SessionStatus.AWAITING): _lazy(
        "Coaching session not confirmed by the firm: %(topic)s"
    ),
    (SessionSide.FIRM, SessionStatus.AWAITING): _lazy(
        "Coaching session the firm logged, to confirm: %(topic)s"
    ),
    (SessionSide.OFFICE, SessionStatus.DISPUTED): _lazy(
        "Coaching session disputed by the firm, to correct: %(topic)s"
    ),
    (SessionSide.FIRM, SessionStatus.DISPUTED): _lazy(
        "Coaching session the firm logged, disputed, awaiting its correction: %(topic)s"
    ),
}


def _session_waiting(session: CoachingSession) -> str:
    label = _SESSION_WAITING.get((session.logged_by_side, session.status))
    label = label or _SESSION_WAITING[SessionSide.OFFICE, SessionStatus.AWAITING]
    return str(label) % {"topic": session.topic}


def _unconfirmed_sessions(user, cluster: Cluster, today: date) -> list[QueueItem]:
    rows = _cut(
        CoachingSession.objects.visible_to(user)
        .filter(enrolment__project__cluster=cluster)
        .exclude(status=SessionStatus.CONFIRMED)
        .exclude(enrolment__project__status=CLOSED)
        .select_related("enrolment__organization")
        .order_by("date", "pk")
    )
    return [
        QueueItem(
            "session",
            _session_waiting(row),
            row.enrolment.organization.legal_name,
            row.date,
            reverse("internationalization:session-detail", args=[row.pk]),
            today,
        )
        for row in rows
    ]


def _overdue_fees(user, cluster: Cluster, today: date) -> list[QueueItem]:
    """Overdue fees, one item per year and due day: the yearly invoicing run makes them fall
    due together, and twenty lines of one run would bury the rest of the queue."""
    groups = _cut(
        FeePayment.objects.visible_to(user)
        .filter(organization__cluster=cluster, paid_on=None, due_on__lt=today)
        .values("year", "due_on", "currency")
        .annotate(count=Count("pk"), total=Sum("amount"), firm=Min("organization__legal_name"))
        .order_by("due_on", "year", "currency")
    )
    fees = reverse("members:fees")
    items = []
    for group in groups:
        count = group["count"]
        # SQLite sums decimals as floats: two places, as a single fee shows them.
        amount = Decimal(str(group["total"])).quantize(Decimal("0.01"))
        values = {"year": group["year"], "amount": amount, "currency": group["currency"]}
        if count == 1:
            what = _("Membership fee %(year)s overdue: %(amount)s %(currency)s") % values
            who = group["firm"]
        else:
            what = ngettext(
                "%(count)d membership fee of %(year)s overdue: %(amount)s %(currency)s in all",
                "%(count)d membership fees of %(year)s overdue: %(amount)s %(currency)s in all",
                count,
            ) % {"count": count, **values}
            who = _("%(firm)s and %(others)d more") % {"firm": group["firm"], "others": count - 1}
        url = f"{fees}?{urlencode({'year': group['year'], 'state': 'unpaid'})}"
        items.append(QueueItem("fee", what, who, group["due_on"], url, today))
    return items


def _action_items(user, cluster: Cluster, today: date) -> list[QueueItem]:
    rows = _cut(
        ActionItem.objects.visible_to(user)
        .filter(
            decision__meeting__body__cluster=cluster,
            done_on=None,
            due_on__lte=today + timedelta(days=ACTION_ITEM_NOTICE_DAYS),
        )
        .select_related("owner", "decision__meeting__body")
        .order_by("due_on", "pk")
    )
    return [
        QueueItem(
            "action",
            _("Action item of %(body)s: %(text)s")
            % {"body": row.decision.meeting.body.name, "text": row.text},
            str(row.owner),
            row.due_on,
            reverse("members:action-item-edit", args=[row.pk]),
            today,
        )
        for row in rows
    ]


READERS = (
    _applications,
    _timbank_requests,
    _trips,
    _claims,
    _unconfirmed_sessions,
    _overdue_fees,
    _action_items,
)


def work_queue(user, cluster: Cluster, today: date) -> Queue:
    """Everything waiting for the office of ``cluster`` that ``user`` may see, oldest first:
    applications to interview or decide, timbank requests and trips awaiting a decision,
    expense claims, coaching sessions the firm has not confirmed, overdue membership fees and
    action items due within a week or overdue. Closed projects are left out. Seven queries."""
    items = [item for read in READERS for item in read(user, cluster, today)]
    items.sort(key=lambda item: (item.since, item.kind, item.who))
    return Queue(items[:QUEUE_LIMIT], truncated=len(items) > QUEUE_LIMIT)

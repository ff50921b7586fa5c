"""The manager's running projects: each with its figures against its targets and its
participation funnel, and the meetings, workshops and interviews of the next 30 days.

The figures are those of the participation report (``reports.selectors.figures``) as of today,
but grouped by project in one query per figure, so the page costs the same whatever the number
of projects and firms.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import Cluster
from clusters.read_cache import cached_read
from internationalization.choices import TripStatus
from internationalization.models import CoachingSession, TimbankPool, TimesheetEntry, Trip, Workshop
from members.models import Meeting
from projects.choices import EnrolmentStatus, ProjectStatus
from projects.models import Enrolment, EnrolmentStatusChange, Project, ProjectTarget
from reports.selectors.figures import supported_enrolments

# Projects that have firms to look after: open for enrolment, running or closing.
LIVE_PROJECT_STATUSES = (ProjectStatus.OPEN, ProjectStatus.RUNNING, ProjectStatus.CLOSING)
UPCOMING_DAYS = 30
# The home page lists the first events of the month ahead; the calendar holds them all (a
# national programme can run hundreds of workshops a month).
UPCOMING_LIMIT = 20
FIRM = "organization__registry_id"
FUNNEL = (
    EnrolmentStatus.APPLIED,
    EnrolmentStatus.INTERVIEWED,
    EnrolmentStatus.ACCEPTED,
    EnrolmentStatus.ACTIVE,
    EnrolmentStatus.COMPLETED,
)


@dataclass(frozen=True)
class FunnelStep:
    status: str
    label: str
    firms: int


@dataclass
class ProjectFigures:
    """One running project on the manager's home page."""

    project: Project
    firms_involved: int = 0
    firms_completed: int = 0
    coaching_hours_allotted: Decimal = Decimal(0)
    coaching_hours_used: Decimal = Decimal(0)
    pool_total: Decimal | None = None
    pool_reserved: Decimal = Decimal(0)
    pool_used: Decimal = Decimal(0)
    trips_applied: int = 0
    trips_approved: int = 0
    trips_done: int = 0
    funnel: list[FunnelStep] = field(default_factory=list)
    other_targets: list[ProjectTarget] = field(default_factory=list)

    @property
    def pool_left(self) -> Decimal | None:
        return None if self.pool_total is None else self.pool_total - self.pool_reserved

    @staticmethod
    def _percent(done, target) -> int | None:
        return round(100 * done / target) if target else None

    @property
    def involved_percent(self) -> int | None:
        return self._percent(self.firms_involved, self.project.target_firms)

    @property
    def completed_percent(self) -> int | None:
        return self._percent(self.firms_completed, self.project.target_completed)

    @property
    def coaching_percent(self) -> int | None:
        return self._percent(self.coaching_hours_used, self.coaching_hours_allotted)

    @property
    def pool_percent(self) -> int | None:
        return self._percent(self.pool_reserved, self.pool_total)


def _grouped(queryset: QuerySet, key: str, **aggregates) -> dict[int, dict]:
    return {row.pop(key): row for row in queryset.values(key).annotate(**aggregates).order_by()}


def _activities(projects: QuerySet[Project]) -> dict[int, dict]:
    """{project: {"coaching": hours, "logged": hours, "applied", "approved", "done": trips}}:
    coaching hours, consultant hours logged and trips of each project, grouped by project in
    one query (three grouped reads joined by UNION ALL; a subquery per project would read the
    activity tables once per project)."""
    number = DecimalField(max_digits=14, decimal_places=2)

    def zero() -> Value:
        return Value(0, output_field=number)

    def measures(kind: str, hours=None, applied=None, approved=None, done=None) -> dict:
        return {
            "kind": Value(kind),
            "hours": Cast(hours, number) if hours is not None else zero(),
            "applied": Cast(applied, number) if applied is not None else zero(),
            "approved": Cast(approved, number) if approved is not None else zero(),
            "done": Cast(done, number) if done is not None else zero(),
        }

    fields = ["kind", "hours", "applied", "approved", "done"]
    coaching = (
        CoachingSession.objects.filter(enrolment__project__in=projects)
        .values(project=F("enrolment__project"))
        .annotate(**measures("coaching", hours=Sum("hours")))
        .values("project", *fields)
        .order_by()
    )
    logged = (
        TimesheetEntry.objects.filter(request__enrolment__project__in=projects)
        .values(project=F("request__enrolment__project"))
        .annotate(**measures("logged", hours=Sum("hours")))
        .values("project", *fields)
        .order_by()
    )
    decided = Q(status__in=(TripStatus.APPROVED, TripStatus.DONE))
    trips = (
        Trip.objects.filter(enrolment__project__in=projects)
        .values(project=F("enrolment__project"))
        .annotate(
            **measures(
                "trips",
                applied=Count("pk"),
                approved=Count("pk", filter=decided),
                done=Count("pk", filter=Q(status=TripStatus.DONE)),
            )
        )
        .values("project", *fields)
        .order_by()
    )
    # Firms that reached each status ("funnel:<status>", in ``applied``).
    funnel = (
        EnrolmentStatusChange.objects.filter(enrolment__project__in=projects)
        .values(project=F("enrolment__project"), kind=Concat(Value("funnel:"), "to_status"))
        .annotate(
            hours=zero(),
            applied=Cast(Count(f"enrolment__{FIRM}", distinct=True), number),
            approved=zero(),
            done=zero(),
        )
        .values("project", *fields)
        .order_by()
    )
    totals: dict[int, dict] = defaultdict(dict)
    for row in coaching.union(logged, trips, funnel, all=True):
        totals[row["project"]][row["kind"]] = row
    return totals


def _sums(projects: QuerySet[Project], today: date) -> tuple[dict[int, dict], dict[int, dict]]:
    """Firms supported and completed with their coaching allotment, and the activities, per
    project."""
    supported = _grouped(
        supported_enrolments(projects, today),
        "project",
        firms=Count(FIRM, distinct=True),
        completed=Count(FIRM, distinct=True, filter=Q(status=EnrolmentStatus.COMPLETED)),
        allotted=Sum("coaching_hours_allotted"),
    )
    return supported, _activities(projects)


def with_pool(projects: QuerySet[Project]) -> QuerySet[Project]:
    """The projects with their timbank pool's hours (one row per project at most)."""
    pool = TimbankPool.objects.filter(project=OuterRef("pk"))
    return projects.annotate(
        pool_hours=Subquery(pool.values("hours_total")[:1]),
        pool_reserved_hours=Subquery(pool.values("hours_reserved")[:1]),
    )


def project_figures(user, cluster: Cluster, today: date) -> list[ProjectFigures]:
    """The cluster's live projects the user may see, with firms involved (accepted at some
    point, as the report's ``firms_supported``) and completed against the project's targets,
    coaching hours used of those allotted, the timbank pool reserved and used, trips, the
    funnel and the project's other named targets. Four queries."""
    projects = Project.objects.visible_to(user).filter(
        cluster=cluster, status__in=LIVE_PROJECT_STATUSES
    )
    figures = {p.pk: ProjectFigures(p) for p in with_pool(projects).order_by("start", "name")}
    if not figures:
        return []
    # Sums over every enrolment and activity row of the live projects: cached until one
    # changes (clusters/read_cache.py).
    project_ids = sorted(figures)
    supported, activities = cached_read(
        f"home-projects:{today.isoformat()}:{','.join(map(str, project_ids))}",
        lambda: _sums(Project.objects.filter(pk__in=project_ids), today),
        seconds=settings.FIGURES_CACHE_SECONDS,
    )
    for target in ProjectTarget.objects.filter(project__in=projects).order_by("name", "pk"):
        figures[target.project_id].other_targets.append(target)
    labels = dict(EnrolmentStatus.choices)
    for pk, item in figures.items():
        row, project = supported.get(pk, {}), item.project
        item.firms_involved = row.get("firms", 0)
        item.firms_completed = row.get("completed", 0)
        item.coaching_hours_allotted = row.get("allotted") or Decimal(0)
        done = activities.get(pk, {})
        item.coaching_hours_used = done.get("coaching", {}).get("hours") or Decimal(0)
        item.pool_used = done.get("logged", {}).get("hours") or Decimal(0)
        item.pool_total = project.pool_hours
        item.pool_reserved = project.pool_reserved_hours or Decimal(0)
        trips = done.get("trips", {})
        item.trips_applied = int(trips.get("applied") or 0)
        item.trips_approved = int(trips.get("approved") or 0)
        item.trips_done = int(trips.get("done") or 0)
        item.funnel = [
            FunnelStep(
                status,
                str(labels[status]),
                int(done.get(f"funnel:{status}", {}).get("applied") or 0),
            )
            for status in FUNNEL
        ]
    return list(figures.values())


def overall_funnel(figures: list[ProjectFigures]) -> list[FunnelStep]:
    """The funnel of all the live projects together (a firm in two projects counts twice)."""
    if not figures:
        return []
    return [
        FunnelStep(step.status, step.label, sum(item.funnel[i].firms for item in figures))
        for i, step in enumerate(figures[0].funnel)
    ]


@dataclass(frozen=True)
class Upcoming:
    """A meeting, workshop or interview coming up."""

    kind: str
    day: date
    title: str
    detail: str
    url: str
    at: datetime | None = None


def upcoming_events(user, cluster: Cluster, today: date) -> list[Upcoming]:
    """Meetings of the cluster's bodies, workshops of its projects and scheduled interviews of
    the next ``UPCOMING_DAYS`` days, by date: the first ``UPCOMING_LIMIT`` + 1 of each kind are
    read (the extra one tells the page there are more). Three queries."""
    until = today + timedelta(days=UPCOMING_DAYS)
    events = [
        Upcoming(
            "meeting",
            meeting.date,
            meeting.title or str(meeting.body),
            meeting.location,
            meeting.get_absolute_url(),
        )
        for meeting in Meeting.objects.visible_to(user)
        .filter(body__cluster=cluster, date__gte=today, date__lte=until)
        .select_related("body")
        .order_by("date", "pk")[: UPCOMING_LIMIT + 1]
    ]
    events += [
        Upcoming(
            "workshop",
            workshop.date,
            workshop.title,
            workshop.place,
            reverse("internationalization:workshop-detail", args=[workshop.pk]),
        )
        for workshop in Workshop.objects.visible_to(user)
        .filter(project__cluster=cluster, date__gte=today, date__lte=until)
        .order_by("date", "pk")
        .only("pk", "date", "title", "place")[: UPCOMING_LIMIT + 1]
    ]
    zone = timezone.get_current_timezone()
    start = datetime.combine(today, time.min, tzinfo=zone)
    events += [
        Upcoming(
            "interview",
            timezone.localdate(enrolment.interview_at),
            _("Interview: %(firm)s") % {"firm": enrolment.organization.legal_name},
            enrolment.project.name,
            enrolment.get_absolute_url(),
            at=enrolment.interview_at,
        )
        for enrolment in Enrolment.objects.visible_to(user)
        .filter(
            project__cluster=cluster,
            status=EnrolmentStatus.APPLIED,
            interview_at__gte=start,
            interview_at__lt=start + timedelta(days=UPCOMING_DAYS + 1),
        )
        .select_related("organization", "project")
        .order_by("interview_at", "pk")[: UPCOMING_LIMIT + 1]
    ]
    events.sort(key=lambda event: (event.day, event.at or datetime.min.replace(tzinfo=zone)))
    return events

"""The home page of each role, the landing page after log-in (reports.views.home).

A user sees the sections of every role they hold in the current cluster: office staff the
work queue, the running projects and what comes next (``queue``, ``projects``); a coach their
firms (``coach``); a funder user its programmes (``funder``); a person with a seat on a
governance body its meetings, actions and decisions (``committee``). A firm's representative's
home is the firm portal (``internationalization.portal``). Who the user is comes from
``clusters.roles`` and ``members.permissions``; each module here only reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Subquery

from accounts.models import User
from clusters.models import Cluster, Funder, FunderUser
from clusters.roles import is_coach_in, is_manager, is_office_staff
from internationalization.models import CoachingSession
from members.models import Representative
from reports.models import ReportRun
from reports.selectors.home.coach import CoachFirmRow, coach_firms, sessions_to_confirm
from reports.selectors.home.committee import CommitteeSection, committee_sections
from reports.selectors.home.funder import (
    ProgrammeAchievement,
    funder_programme_achievements,
    latest_report_runs,
)
from reports.selectors.home.projects import (
    UPCOMING_LIMIT,
    FunnelStep,
    ProjectFigures,
    Upcoming,
    overall_funnel,
    project_figures,
    upcoming_events,
)
from reports.selectors.home.queue import Queue, work_queue


@dataclass(frozen=True)
class OfficeHome:
    can_act: bool
    queue: Queue
    projects: list[ProjectFigures]
    funnel: list[FunnelStep]
    upcoming: list[Upcoming]
    #: More events fall in the next 30 days than the page lists (the calendar has them all).
    upcoming_truncated: bool = False


@dataclass(frozen=True)
class CoachHome:
    firms: list[CoachFirmRow]
    sessions: list[CoachingSession]

    @property
    def at_risk(self) -> int:
        return sum(1 for row in self.firms if row.at_risk)


@dataclass(frozen=True)
class FunderHome:
    funder: Funder
    programmes: list[ProgrammeAchievement]
    runs: list[ReportRun]


@dataclass
class Home:
    office: OfficeHome | None = None
    coach: CoachHome | None = None
    represents_firm: bool = False
    funder: FunderHome | None = None
    committees: list[CommitteeSection] = field(default_factory=list)

    @property
    def is_firm_portal(self) -> bool:
        """A firm's representative without a staff role here: the home is the firm portal
        itself, followed by the user's other sections (a seat on a body, a funder)."""
        return self.represents_firm and not (self.office or self.coach)

    @property
    def is_empty(self) -> bool:
        return not (
            self.office or self.coach or self.represents_firm or self.funder or self.committees
        )


def office_home(user, cluster: Cluster, today: date) -> OfficeHome:
    projects = project_figures(user, cluster, today)
    upcoming = upcoming_events(user, cluster, today)
    return OfficeHome(
        can_act=is_manager(user, cluster.pk),
        queue=work_queue(user, cluster, today),
        projects=projects,
        funnel=overall_funnel(projects),
        upcoming=upcoming[:UPCOMING_LIMIT],
        upcoming_truncated=len(upcoming) > UPCOMING_LIMIT,
    )


def _firm_and_funder_links(user) -> tuple[bool, int | None]:
    """Whether the user represents a firm, and their funder link's id: one query for both
    (most users have neither, and the office's home page counts its queries)."""
    known = getattr(user, "_clusterdesk_represented", None)
    links = (
        User.objects.filter(pk=user.pk)
        .annotate(
            represents_firm=Exists(Representative.objects.filter(user=OuterRef("pk"))),
            funder_link_id=Subquery(
                FunderUser.objects.filter(user=OuterRef("pk")).order_by("pk").values("pk")[:1]
            ),
        )
        .values_list("represents_firm", "funder_link_id")
        .first()
    )
    represents, link_id = links or (False, None)
    return (bool(known) if known is not None else represents), link_id


def home_for(user, cluster: Cluster | None, today: date) -> Home:
    """The sections of each role the user holds (in ``cluster`` for the staff roles)."""
    home = Home()
    if cluster is not None and is_office_staff(user, cluster.pk):
        home.office = office_home(user, cluster, today)
    elif cluster is not None and is_coach_in(user, cluster.pk):
        home.coach = CoachHome(
            coach_firms(user, cluster, today), sessions_to_confirm(user, cluster)
        )
    represents, link_id = _firm_and_funder_links(user)
    home.represents_firm = represents
    link = None
    if link_id is not None:
        link = FunderUser.objects.select_related("funder").get(pk=link_id)
        home.funder = FunderHome(
            link.funder, funder_programme_achievements(user, today), latest_report_runs(user)
        )
    home.committees = committee_sections(user, today)
    return home

"""The project workspace: which tabs of a project a user may open.

A project's pages (overview, enrolments, coaching, workshops, timbank, trips, export lab,
outcomes, reports) live in three apps; this module, on the top floor, is the one place that
knows them all. A tab is offered only when its page would answer 200: each tab asks the same
rule its page requires, so a firm or a funder never meets a tab that answers 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.permissions import can_read_member_data
from clusters.roles import is_office_staff
from internationalization.permissions import can_view_project_activities
from projects.models import Project
from projects.permissions import can_view_enrolments
from reports.querysets import reportable_projects


@dataclass(frozen=True)
class Tab:
    """One tab: its key (``active`` names it), label, address and whether it is the page."""

    key: str
    label: str
    url: str
    current: bool


# (key, label, URL name) in the order the bar shows them.
TABS = (
    ("overview", _("Overview"), "projects:project-detail"),
    ("enrolments", _("Enrolments"), "projects:enrolment-list"),
    ("coaching", _("Coaching"), "internationalization:project-coaching"),
    ("workshops", _("Workshops"), "internationalization:workshop-list"),
    ("timbank", _("Timbank"), "internationalization:project-timbank"),
    ("trips", _("Trips"), "internationalization:project-trips"),
    ("export_lab", _("Export lab"), "internationalization:export-lab-board"),
    ("outcomes", _("Outcomes"), "internationalization:project-outcomes"),
    ("reports", _("Reports"), "reports:project-reports"),
)


def allowed_tabs(user, project: Project) -> set[str]:
    """The keys of the tabs whose pages ``user`` may open (the project itself is visible).
    The office opens every page of its cluster's projects: told without a query (the roles
    are read once per request)."""
    if is_office_staff(user, project.cluster_id):
        return {key for key, _label, _name in TABS}
    allowed = {"overview"}
    if can_view_enrolments(user, project):
        allowed.add("enrolments")
    if can_view_project_activities(user, project):
        allowed |= {"coaching", "workshops", "export_lab", "outcomes"}
    if can_read_member_data(user, project.cluster):
        allowed |= {"timbank", "trips"}
    if reportable_projects(user).filter(pk=project.pk).exists():
        allowed.add("reports")
    return allowed


def workspace_tabs(user, project: Project, active: str) -> list[Tab]:
    allowed = allowed_tabs(user, project)
    return [
        Tab(key, str(label), reverse(name, kwargs={"slug": project.slug}), key == active)
        for key, label, name in TABS
        if key in allowed
    ]

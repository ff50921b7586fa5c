"""The project workspace's activity tabs: coaching, timbank, trips and outcomes of one project.

Each tab is an existing list with the project fixed: ``ProjectWorkspaceMixin`` finds the project
among those the user may see (404 otherwise), requires the tab's rule (403 with its reason),
narrows the list to the project and takes the project filter off the FilterSet, so the
cross-project lists (the timbank queue, the trips of the cluster) keep working unchanged.
The tab bar itself is ``{% workspace_tabs %}`` (reports/workspace.py).
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import DateRangeWidget

from clusters.mixins import FilteredListView
from clusters.permissions import Verdict
from internationalization.filters import CoachingSessionFilter, OutcomeFilter
from internationalization.models import CoachingSession, Outcome, TimbankPool
from internationalization.permissions import can_view_project_activities
from internationalization.views.timbank import TimbankQueueView
from internationalization.views.trips import TripListView
from projects.models import Project


class ProjectWorkspaceMixin(LoginRequiredMixin):
    """A list view shown as one tab of a project's workspace (the URL's ``slug``).

    ``project_path`` is how a row reaches its project; ``project_permission`` the tab's rule
    (None where the view's own cluster rule already guards it, as for the office's lists,
    whose cluster becomes the project's).
    """

    project_path = "enrolment__project"
    project_permission: Callable[..., Verdict] | None = None
    workspace_tab = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        projects = Project.objects.visible_to(request.user).select_related("cluster")
        self.project = get_object_or_404(projects, slug=kwargs["slug"])
        rule = type(self).project_permission
        if rule is not None:
            rule(request.user, self.project).require()
        return super().dispatch(request, *args, **kwargs)

    def get_cluster(self):
        return self.project.cluster

    def get_queryset(self):
        return super().get_queryset().filter(**{self.project_path: self.project})

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        filterset.filters.pop("project", None)
        return filterset

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            workspace_project=self.project, workspace_tab=self.workspace_tab, **kwargs
        )


class ProjectTimbankView(ProjectWorkspaceMixin, TimbankQueueView):
    """The timbank queue of one project, with that project's pool (even once it is closed)."""

    workspace_tab = "timbank"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pool = TimbankPool.objects.filter(project=self.project).first()
        context["projects"] = [(self.project, pool)]
        return context


class ProjectTripsView(ProjectWorkspaceMixin, TripListView):
    """The trips of one project, applications first."""

    workspace_tab = "trips"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["projects"]:
            context["projects"] = [self.project]
        return context


class ProjectActivityListView(ProjectWorkspaceMixin, FilteredListView):
    """A project's rows of an enrolment's activity, for its office and its firms' coaches (a
    coach sees the rows of its own firms: the queryset starts from ``visible_to``)."""

    model = None
    project_permission = staticmethod(can_view_project_activities)
    paginate_by = 25

    def get_queryset(self):
        return (
            self.model.objects.visible_to(self.request.user)
            .filter(enrolment__project=self.project)
            .select_related("enrolment__organization")
        )

    def get_filterset(self, filterset_class):
        """The API's FilterSet, worded for a page: no enrolment id, dates picked as dates."""
        filterset = super().get_filterset(filterset_class)
        filterset.filters.pop("enrolment", None)
        date = filterset.filters["date"]
        date.label = _("From – to")
        date.extra["widget"] = DateRangeWidget(attrs={"type": "date"})
        if "confirmed" in filterset.filters:
            filterset.filters["confirmed"].extra["widget"] = forms.Select(
                choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]
            )
        return filterset


class ProjectCoachingView(ProjectActivityListView):
    """The project's coaching sessions, the latest first, whether the firm confirmed them."""

    model = CoachingSession
    filterset_class = CoachingSessionFilter
    template_name = "internationalization/coaching/project_sessions.html"
    context_object_name = "sessions"
    workspace_tab = "coaching"

    def get_queryset(self):
        return super().get_queryset().select_related("coach").order_by("-date", "-pk")


class ProjectOutcomesView(ProjectActivityListView):
    """The project's outcomes, the latest first."""

    model = Outcome
    filterset_class = OutcomeFilter
    template_name = "internationalization/outcomes/project_outcomes.html"
    context_object_name = "outcomes"
    workspace_tab = "outcomes"

    def get_queryset(self):
        return super().get_queryset().select_related("partner").order_by("-date", "-pk")


urls = [
    path("projects/<slug:slug>/coaching/", ProjectCoachingView.as_view(), name="project-coaching"),
    path("projects/<slug:slug>/timbank/", ProjectTimbankView.as_view(), name="project-timbank"),
    path("projects/<slug:slug>/trips/", ProjectTripsView.as_view(), name="project-trips"),
    path("projects/<slug:slug>/outcomes/", ProjectOutcomesView.as_view(), name="project-outcomes"),
]

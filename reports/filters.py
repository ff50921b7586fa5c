"""One FilterSet per list: the report runs of the API; a bad value answers 400 naming the
parameter."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.filters import ListFilterSet
from projects.models import ProjectFunding
from reports.models import ReportKind, ReportRun, RunStatus


class ReportRunFilter(ListFilterSet):
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices)
    status = django_filters.ChoiceFilter(choices=RunStatus.choices)
    project = django_filters.CharFilter(
        field_name="project__slug", label=_("Runs of the project with this slug.")
    )
    programme = django_filters.CharFilter(
        method="filter_programme",
        label=_("Runs of the programme with this code, and of the projects it funds."),
    )
    created_after = django_filters.DateFilter(
        field_name="created_at",
        lookup_expr="date__gte",
        label=_("Runs created on this day (YYYY-MM-DD) or later."),
    )
    created_before = django_filters.DateFilter(
        field_name="created_at",
        lookup_expr="date__lte",
        label=_("Runs created on this day (YYYY-MM-DD) or earlier."),
    )

    class Meta:
        model = ReportRun
        fields = ["kind", "status", "project", "programme", "created_after", "created_before"]

    def filter_programme(self, queryset, name, value):
        funded = ProjectFunding.objects.filter(programme__code=value).values("project_id")
        return queryset.filter(Q(programme__code=value) | Q(project__in=funded))

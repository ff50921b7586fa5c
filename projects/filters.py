"""One FilterSet per list, shared by the HTML pages and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from clusters.filters import FoldedExactFilter, ListFilterSet, TextSearchFilter
from clusters.roles import cluster_roles_of, is_staff_of
from projects.choices import Commitment, EnrolmentStatus, ProjectStatus
from projects.models import Cohort, Enrolment, Project


class ProjectFilter(ListFilterSet):
    q = TextSearchFilter(fields=("name", "slug", "description"))
    status = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=ProjectStatus.choices, label=_("Status")
    )

    programme = django_filters.CharFilter(method="by_programme", label=_("Programme (code)"))

    class Meta:
        model = Project
        fields = ["q", "status", "programme"]

    def by_programme(self, queryset, name, value):
        """Projects financed by the programme with this code."""
        code = value.strip()
        if not code:
            return queryset
        return queryset.filter(pk__in=Project.objects.filter(fundings__programme__code=code))


class EnrolmentFilter(ListFilterSet):
    """Enrolments by project (slug), status, firm, region, cohort, eligibility and commitment.

    The commitment filter exists only for the cluster's staff: a firm may not probe the label
    it was given. ``project`` fixes the project (the HTML list of one project): the project
    filter goes away and the cohorts offered are that project's.
    """

    project = django_filters.CharFilter(field_name="project__slug", label=_("Project"))
    q = TextSearchFilter(
        fields=("organization__legal_name", "organization__short_name", "organization__registry_id")
    )
    status = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=EnrolmentStatus.choices, label=_("Status")
    )
    region = FoldedExactFilter(field_name="organization__region", label=_("Region"))
    cohort = django_filters.ModelChoiceFilter(
        queryset=Cohort.objects.none(), empty_label=_("Any"), label=_("Cohort")
    )
    eligible = django_filters.ChoiceFilter(
        empty_label=_("Any"),
        choices=[("true", _("Yes")), ("false", _("No"))],
        method="by_eligibility",
        label=_("Eligible"),
    )
    commitment = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=Commitment.choices, label=_("Commitment")
    )

    class Meta:
        model = Enrolment
        fields = ["project", "q", "status", "region", "cohort", "eligible", "commitment"]

    def __init__(self, data=None, queryset=None, *, request=None, project=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = getattr(request, "user", None)
        cohorts = Cohort.objects.visible_to(user)
        if project is not None:
            del self.filters["project"]
            cohorts = cohorts.filter(project=project)
            staff = user is not None and is_staff_of(user, project.cluster_id)
            if project.regions:
                self.offer_regions(project.regions)
        else:
            staff = user is not None and (user.is_superuser or bool(cluster_roles_of(user)))
        self.filters["cohort"].queryset = cohorts.order_by("name")
        if not staff:
            del self.filters["commitment"]

    def offer_regions(self, regions: list[str]) -> None:
        """The project's regions as a choice instead of free text."""
        choice = django_filters.ChoiceFilter(
            field_name="organization__region",
            lookup_expr="iexact",
            choices=[(region, region) for region in regions],
            empty_label=_("Any"),
            label=_("Region"),
        )
        choice.model, choice.parent = self.queryset.model, self
        self.filters["region"] = choice

    def by_eligibility(self, queryset, name, value):
        return queryset.filter(eligible=value == "true")

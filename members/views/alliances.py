"""Inter-cluster alliances and the alliance portfolio, for the cluster's office staff."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import plotly.graph_objects as go
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import UpdateView
from django_countries import countries

from clusters.mixins import (
    CurrentClusterManagerMixin,
    CurrentClusterMixin,
    ServiceFormMixin,
    VisibleQuerysetMixin,
)
from clusters.permissions import ALLOWED, Decision, can_manage_cluster, role_in
from clusters.querysets import OFFICE_ROLES
from clusters.selectors import history_of
from members.choices import MembershipStatus
from members.forms_alliances import AllianceForm, AllianceParticipantsForm
from members.models import Alliance, AllianceParticipation, Organization
from members.selectors import AlliancePortfolio, alliance_portfolio
from members.services import alliance_save, alliance_set_participants


def can_view_alliances(user, cluster) -> Decision:
    """Alliances and their participants are internal: the cluster's office staff."""
    if user.is_superuser or role_in(user, cluster) in OFFICE_ROLES:
        return ALLOWED
    return Decision(
        False, _("Alliances are shown to the cluster's administrators, managers and viewers.")
    )


def can_manage_alliance(user, alliance: Alliance) -> Decision:
    return can_manage_cluster(user, alliance.cluster)


class AllianceStaffMixin(CurrentClusterMixin):
    """Pages about the current cluster's alliances: office staff only, told why otherwise."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.cluster:
            decision = can_view_alliances(request.user, request.cluster)
            if not decision:
                raise PermissionDenied(decision.reason)
        return super().dispatch(request, *args, **kwargs)


class AllianceObjectMixin(VisibleQuerysetMixin):
    model = Alliance

    def get_queryset(self):
        return super().get_queryset().select_related("cluster")


class AllianceListView(AllianceStaffMixin, ListView):
    paginate_by = 25
    template_name = "members/alliances/list.html"
    context_object_name = "alliances"

    def get_queryset(self):
        queryset = (
            Alliance.objects.visible_to(self.request.user)
            .filter(cluster=self.cluster)
            .annotate(participant_count=Count("participations"))
        )
        query = self.request.GET.get("q", "").strip()
        if query:
            queryset = queryset.filter(
                Q(partner_name__icontains=query)
                | Q(partner_city__icontains=query)
                | Q(partner_sector__icontains=query)
            )
        return queryset.order_by("-start", "partner_name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = can_manage_cluster(self.request.user, self.cluster)
        return context


class AllianceDetailView(AllianceObjectMixin, DetailView):
    template_name = "members/alliances/detail.html"
    context_object_name = "alliance"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        alliance = self.object
        context["participants"] = (
            Organization.objects.visible_to(self.request.user)
            .filter(alliance_participations__alliance=alliance)
            .select_related("membership")
            .order_by("legal_name")
        )
        context["can_manage"] = can_manage_alliance(self.request.user, alliance)
        context["history"] = history_of(alliance)
        return context


class AllianceCreateView(CurrentClusterManagerMixin, ServiceFormMixin, CreateView):
    model = Alliance
    form_class = AllianceForm
    template_name = "generic/form.html"
    success_message = gettext_lazy("The alliance was saved. Now choose the members taking part.")

    def save_with_service(self, form):
        return alliance_save(cluster=self.cluster, data=form.cleaned_data)

    def get_success_url(self):
        return reverse("members:alliance-participants", kwargs={"pk": self.object.pk})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("New alliance")
        context["intro"] = _("A partner agreement of %(cluster)s with a cluster abroad.") % {
            "cluster": self.cluster.name
        }
        context["cancel_url"] = reverse("members:alliance-list")
        return context


class AllianceUpdateView(AllianceObjectMixin, ServiceFormMixin, UpdateView):
    form_class = AllianceForm
    permission = staticmethod(can_manage_alliance)
    template_name = "generic/form.html"
    success_message = gettext_lazy("The alliance was saved.")

    def save_with_service(self, form):
        return alliance_save(
            cluster=self.object.cluster, data=form.cleaned_data, alliance=self.object
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit alliance")
        context["cancel_url"] = reverse("members:alliance-detail", kwargs={"pk": self.object.pk})
        return context


class AllianceParticipantsView(AllianceObjectMixin, ServiceFormMixin, SingleObjectMixin, FormView):
    """Tick the member organizations that take an active part in the alliance."""

    form_class = AllianceParticipantsForm
    permission = staticmethod(can_manage_alliance)
    template_name = "members/alliances/participants.html"
    success_message = gettext_lazy("The members taking part were saved.")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def current_participant_ids(self):
        return AllianceParticipation.objects.filter(alliance=self.object).values("organization_id")

    def get_initial(self):
        return {"participants": [row["organization_id"] for row in self.current_participant_ids()]}

    def get_form_kwargs(self):
        choices = (
            Organization.objects.visible_to(self.request.user)
            .filter(cluster=self.object.cluster)
            .filter(
                Q(membership__status=MembershipStatus.ACTIVE)
                | Q(pk__in=self.current_participant_ids())
            )
            .select_related("membership")
            .order_by("legal_name")
        )
        return {**super().get_form_kwargs(), "choices": choices}

    def save_with_service(self, form):
        alliance_set_participants(
            alliance=self.object, organizations=list(form.cleaned_data["participants"])
        )
        return self.object

    def get_success_url(self):
        return self.object.get_absolute_url()


@dataclass(frozen=True)
class PortfolioChart:
    """A chart of the portfolio page, in the shape of reports.charts.Chart (members/ may not
    import reports/)."""

    element_id: str
    title: str
    figure: dict
    rows: list[tuple[str, int]]
    value_label: str


def portfolio_bar_chart(element_id: str, title: str, counts: list[tuple[str, int]]):
    if not counts:
        return None
    ordered = sorted(counts, key=lambda item: item[1])
    figure = go.Figure(
        go.Bar(
            x=[count for _label, count in ordered],
            y=[str(label) for label, _count in ordered],
            orientation="h",
            marker={"color": "#1f4e79"},
            text=[count for _label, count in ordered],
            textposition="auto",
            hovertemplate="%{y}: %{x}<extra></extra>",
        ),
        layout={
            "template": "none",
            "height": max(160, 60 + 32 * len(ordered)),
            "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
            "font": {"family": "system-ui, sans-serif", "color": "#1d2733"},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "showlegend": False,
        },
    )
    # Ticks on whole numbers only: counts have no halves (about six ticks at most).
    step = max(1, math.ceil(max(count for _label, count in counts) / 6))
    figure.update_xaxes(
        showgrid=True,
        gridcolor="#d9e0e7",
        rangemode="tozero",
        tick0=0,
        dtick=step,
        tickformat="d",
        automargin=True,
    )
    figure.update_yaxes(automargin=True)
    spec = json.loads(figure.to_json())
    spec["config"] = {"displaylogo": False, "responsive": True}
    rows = [(str(label), count) for label, count in counts]
    return PortfolioChart(element_id, title, spec, rows, _("Alliances"))


def countries_named(portfolio: AlliancePortfolio) -> list[tuple[str, int]]:
    return [(countries.name(code) or code, count) for code, count in portfolio.countries]


class AlliancePortfolioView(AllianceStaffMixin, TemplateView):
    """Size, tie strength, spread and diffusion of the current cluster's alliances."""

    template_name = "members/alliances/portfolio.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        portfolio = alliance_portfolio(self.cluster)
        by_country = countries_named(portfolio)
        charts = [
            portfolio_bar_chart(
                "chart-alliances-by-kind", _("Alliances by kind"), portfolio.by_kind
            ),
            portfolio_bar_chart(
                "chart-alliances-by-country", _("Alliances by country"), by_country
            ),
        ]
        context.update(
            cluster=self.cluster,
            portfolio=portfolio,
            by_country=by_country,
            charts=[chart for chart in charts if chart is not None],
        )
        return context


urls = [
    path("alliances/", AllianceListView.as_view(), name="alliance-list"),
    path("alliances/portfolio/", AlliancePortfolioView.as_view(), name="alliance-portfolio"),
    path("alliances/new/", AllianceCreateView.as_view(), name="alliance-create"),
    path("alliances/<int:pk>/", AllianceDetailView.as_view(), name="alliance-detail"),
    path("alliances/<int:pk>/edit/", AllianceUpdateView.as_view(), name="alliance-edit"),
    path(
        "alliances/<int:pk>/participants/",
        AllianceParticipantsView.as_view(),
        name="alliance-participants",
    ),
]

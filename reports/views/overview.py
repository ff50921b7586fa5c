"""The cluster overview: members, governance, programmes and alliances on one page."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_countries import countries

from clusters.mixins import OfficeStaffMixin
from members import selectors as members_selectors
from reports.charts import builders as charts
from reports.selectors import overview


class OverviewView(OfficeStaffMixin, TemplateView):
    """Charts of the members, then the bodies, programmes and alliances of the cluster.

    A fixed number of queries whatever the number of members (see tests/reports).
    """

    template_name = "reports/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, cluster = self.request.user, self.cluster
        today = timezone.localdate()
        active = members_selectors.active_members(cluster)
        by_helix, by_type = active.by_helix, active.by_type
        series = overview.trim_leading_zeros(
            overview.member_count_series(cluster, overview.series_days(today))
        )
        bodies = list(overview.bodies_with_next_meeting(user, cluster, today))
        programmes = list(overview.cluster_programmes(user, cluster))
        alliances = list(overview.cluster_alliances(user, cluster))
        context.update(
            cluster=cluster,
            today=today,
            counts=overview.overview_counts(by_helix, bodies, programmes, alliances),
            charts=[
                chart
                for chart in (
                    charts.members_by_helix_chart(by_helix),
                    charts.members_by_type_chart(by_type),
                    charts.member_count_chart(series),
                )
                if chart is not None
            ],
            bodies=bodies,
            upcoming_meetings=list(members_selectors.upcoming_meetings(user, cluster, today, 5)),
            programmes=programmes,
            alliances=alliances,
            portfolio=members_selectors.alliance_portfolio(cluster, active.total),
        )
        return context


class AlliancePortfolioView(OfficeStaffMixin, TemplateView):
    """Size, tie strength, spread and diffusion of the current cluster's alliances."""

    template_name = "reports/portfolio.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        portfolio = members_selectors.alliance_portfolio(self.cluster)
        by_country = [(countries.name(code) or code, count) for code, count in portfolio.countries]
        alliances = _("Alliances")
        built = [
            charts.horizontal_bar_chart(
                "chart-alliances-by-kind", _("Alliances by kind"), portfolio.by_kind, alliances
            ),
            charts.horizontal_bar_chart(
                "chart-alliances-by-country", _("Alliances by country"), by_country, alliances
            ),
        ]
        context.update(
            cluster=self.cluster,
            portfolio=portfolio,
            by_country=by_country,
            charts=[chart for chart in built if chart is not None],
        )
        return context

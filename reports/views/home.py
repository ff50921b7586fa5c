from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from reports.selectors.dashboard import dashboard_for


class HomeView(LoginRequiredMixin, TemplateView):
    """The dashboard: counts of what exists for the user, in the current cluster."""

    template_name = "reports/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["dashboard"] = dashboard_for(self.request.user, self.request.cluster or None)
        return context

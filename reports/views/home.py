from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from internationalization.portal import portal_for
from reports.selectors.home import home_for


class HomeView(LoginRequiredMixin, TemplateView):
    """The landing page after log-in: the sections of each role the user holds. A firm's
    representative without a staff role gets the firm portal itself (its template extended,
    its selector), followed by their other sections, so the portal and the home page never
    drift apart."""

    template_name = "reports/home.html"
    portal_template_name = "reports/home_portal.html"

    def get(self, request, *args, **kwargs):
        self.today = timezone.localdate()
        self.home = home_for(request.user, request.cluster or None, self.today)
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        return [self.portal_template_name if self.home.is_firm_portal else self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(home=self.home, today=self.today, **kwargs)
        if self.home.is_firm_portal:
            context["portal"] = portal_for(self.request.user, self.today)
        return context

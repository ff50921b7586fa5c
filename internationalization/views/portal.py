from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView

from internationalization.portal import portal_for


class PortalView(LoginRequiredMixin, TemplateView):
    """The firm portal: every task of a firm's representative from one page."""

    template_name = "internationalization/portal/portal.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        context["portal"] = portal_for(self.request.user, context["today"])
        return context


urls = [path("portal/", PortalView.as_view(), name="portal")]

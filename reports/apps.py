from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Aggregates across the apps: the dashboard now; report runs and the funder API next."""

    name = "reports"
    verbose_name = _("Reports")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConfigConfig(AppConfig):
    """Wires the apps together: the site shell, health check and cross-app commands."""

    name = "config"
    verbose_name = _("Clusterdesk")

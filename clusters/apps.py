from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    """The meta-organization: clusters (the tenants), staff roles, funders."""

    name = "clusters"
    verbose_name = _("Clusters")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    """The meta-organization: clusters (the tenants), staff roles, funders."""

    name = "clusters"
    verbose_name = _("Clusters")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from clusters.search import register_sqlite_fold

        connection_created.connect(register_sqlite_fold, dispatch_uid="clusterdesk_fold")

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

        # Any write makes the cached reads stale (clusters/read_cache.py).
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from clusters.read_cache import model_changed

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(model_changed, dispatch_uid=f"read-cache-{id(signal)}")

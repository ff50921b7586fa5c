from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Aggregates across the apps: the dashboard now; report runs and the funder API next."""

    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # The home page caches counts and sums of these rows (clusters/figures_cache.py): any
        # save or delete makes them stale. Bulk writers call ``activity_changed`` themselves.
        from django.db.models.signals import post_delete, post_save

        from clusters.figures_cache import activity_changed
        from internationalization.models import CoachingSession, TimesheetEntry, Trip
        from projects.models import Enrolment, EnrolmentStatusChange

        for model in (Enrolment, EnrolmentStatusChange, CoachingSession, TimesheetEntry, Trip):
            for signal in (post_save, post_delete):
                signal.connect(activity_changed, sender=model, dispatch_uid=f"figures-{model}")

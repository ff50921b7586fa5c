from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternationalizationConfig(AppConfig):
    """What enrolled firms do: coaching, workshops, timbank, trips, export lab, outcomes."""

    name = "internationalization"
    verbose_name = _("Internationalization")

    def ready(self) -> None:
        from clusters.indicators import register_outcome_kinds
        from internationalization.choices import OutcomeKind

        # Programme-specific indicators may count firms with an outcome of one of these kinds.
        register_outcome_kinds(OutcomeKind.choices)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternationalizationConfig(AppConfig):
    """What enrolled firms do: coaching, workshops, timbank, trips, export lab, outcomes."""

    name = "internationalization"
    verbose_name = _("Internationalization")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """Time-bounded projects: partners, funding, eligibility, intake and enrolments."""

    name = "projects"
    verbose_name = _("Projects")

from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def coach_sees_assigned_firms(user) -> Q:
    """A coach sees the organizations whose enrolments are assigned to them."""
    from projects.models import Enrolment

    return Q(pk__in=Enrolment.objects.filter(coach=user).values("organization_id"))


class ProjectsConfig(AppConfig):
    """Time-bounded projects: partners, funding, eligibility, intake and enrolments."""

    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        # members/ may not import projects/, so projects/ widens its visibility from here.
        from members.querysets import ORGANIZATION_VISIBILITY_HOOKS

        if coach_sees_assigned_firms not in ORGANIZATION_VISIBILITY_HOOKS:
            ORGANIZATION_VISIBILITY_HOOKS.append(coach_sees_assigned_firms)

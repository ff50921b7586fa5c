"""Which coach serves a firm: the partners' coaches by region (docs/domain.md §2: "a
business coach is assigned depending on the firm's region")."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from accounts.models import User
from projects.models import Enrolment, PartnerCoach, Project


def coach_for_region(project: Project, region: str) -> User | None:
    """A coach whose partner serves the firm's region, the least loaded first."""
    assignments = (
        PartnerCoach.objects.filter(partner__project=project)
        .select_related("coach")
        .annotate(
            load=Count(
                "coach__coached_enrolments", filter=Q(coach__coached_enrolments__project=project)
            )
        )
        .order_by("load", "pk")
    )
    for assignment in assignments:
        if not assignment.regions or region in assignment.regions:
            return assignment.coach
    return None


def coach_region_problem(project: Project, coach: User, enrolment: Enrolment) -> str | None:
    """Why ``coach`` is not the coach of the firm's region, or None. A coach whom no partner of
    the project supplies, or supplied for every region, serves any firm; one supplied for
    other regions only is assigned when the manager confirms it."""
    served = list(
        PartnerCoach.objects.filter(partner__project=project, coach=coach).values_list(
            "regions", flat=True
        )
    )
    region = enrolment.organization.region
    if not served or any(not regions or region in regions for regions in served):
        return None
    return _(
        "%(coach)s coaches firms in %(regions)s; %(firm)s is in %(region)s. Confirm that this "
        "coach is assigned anyway, or choose a coach of the firm's region."
    ) % {
        "coach": coach.get_full_name() or coach.email,
        "regions": ", ".join(sorted({name for regions in served for name in regions})),
        "firm": enrolment.organization,
        "region": region or _("no region"),
    }

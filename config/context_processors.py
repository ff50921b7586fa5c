"""Which navigation the header shows. It asks every floor (staff roles of clusters/, firm
representation of members/), so it lives in config, which wires the apps together."""

from django.utils.functional import SimpleLazyObject

from clusters.models import FunderUser
from clusters.roles import is_coach_in, is_office_staff
from members.models import Representative


def navigation_role(request) -> str:
    """Office staff, coach, firm, funder or none."""
    user = request.user
    if not user.is_authenticated:
        return ""
    cluster = getattr(request, "cluster", None)
    if user.is_superuser or (cluster and is_office_staff(user, cluster.pk)):
        return "office" if cluster else "none"
    if cluster and is_coach_in(user, cluster.pk):
        return "coach"
    if Representative.objects.filter(user=user).exists():
        return "firm"
    if FunderUser.objects.filter(user=user).exists():
        return "funder"
    return "none"


def navigation(request) -> dict:
    return {"nav_role": SimpleLazyObject(lambda: navigation_role(request))}

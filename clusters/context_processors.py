from django.apps import apps
from django.utils.functional import SimpleLazyObject

from clusters.permissions import role_in
from clusters.selectors import clusters_for_switcher

OFFICE = ("admin", "manager", "viewer")


def navigation_role(request) -> str:
    """Which navigation the header shows: office staff, coach, firm, funder or none."""
    user = request.user
    if not user.is_authenticated:
        return ""
    cluster = getattr(request, "cluster", None)
    if user.is_superuser or (cluster and role_in(user, cluster) in OFFICE):
        return "office" if cluster else "none"
    if cluster and role_in(user, cluster) == "coach":
        return "coach"
    if apps.get_model("members", "Representative").objects.filter(user=user).exists():
        return "firm"
    if apps.get_model("clusters", "FunderUser").objects.filter(user=user).exists():
        return "funder"
    return "none"


def current_cluster(request) -> dict:
    cluster = getattr(request, "cluster", None)
    return {
        "current_cluster": cluster if cluster else None,
        "switchable_clusters": SimpleLazyObject(lambda: list(clusters_for_switcher(request.user))),
        "nav_role": SimpleLazyObject(lambda: navigation_role(request)),
    }

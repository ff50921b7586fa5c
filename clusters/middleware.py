from django.utils.functional import SimpleLazyObject

from clusters.models import Cluster

SESSION_KEY = "current_cluster_id"


def resolve_current_cluster(request) -> Cluster | None:
    """The cluster chosen in the header switcher, else the user's first one."""
    user = request.user
    if not user.is_authenticated:
        return None
    # Every cluster the user works in, read once: the header's switcher lists the same ones
    # (clusters.context_processors), so a page reads them in one query, not two.
    visible = list(Cluster.objects.visible_to(user).order_by("name"))
    request.visible_clusters = visible
    chosen_id = request.session.get(SESSION_KEY)
    chosen = next((cluster for cluster in visible if cluster.pk == chosen_id), None)
    return chosen or (visible[0] if visible else None)


class CurrentClusterMiddleware:
    """Puts ``request.cluster``, evaluated only when a view or template asks for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.cluster = SimpleLazyObject(lambda: resolve_current_cluster(request))
        return self.get_response(request)

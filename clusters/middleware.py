from django.utils.functional import SimpleLazyObject

from clusters.models import Cluster

SESSION_KEY = "current_cluster_id"


def resolve_current_cluster(request) -> Cluster | None:
    """The cluster chosen in the header switcher, else the user's first one."""
    user = request.user
    if not user.is_authenticated:
        return None
    visible = Cluster.objects.visible_to(user).order_by("name")
    chosen_id = request.session.get(SESSION_KEY)
    if chosen_id is not None:
        chosen = visible.filter(pk=chosen_id).first()
        if chosen is not None:
            return chosen
    return visible.first()


class CurrentClusterMiddleware:
    """Puts ``request.cluster``, evaluated only when a view or template asks for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.cluster = SimpleLazyObject(lambda: resolve_current_cluster(request))
        return self.get_response(request)

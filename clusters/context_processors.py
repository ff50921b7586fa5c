"""The current cluster and the clusters the user may switch to, on every page."""

from django.utils.functional import SimpleLazyObject

from clusters.selectors import clusters_for_switcher


def current_cluster(request) -> dict:
    cluster = getattr(request, "cluster", None)
    return {
        "current_cluster": cluster if cluster else None,
        "switchable_clusters": SimpleLazyObject(lambda: list(clusters_for_switcher(request.user))),
    }

"""The current cluster and the clusters the user may switch to, on every page."""

from django.utils.functional import SimpleLazyObject

from clusters.selectors import clusters_for_switcher


def switchable_clusters(request) -> list:
    """The clusters of the switcher: those the current cluster is chosen from
    (clusters.middleware, which keeps them on the request), else read here."""
    # Resolving the current cluster (the header shows it anyway) reads the list once.
    bool(getattr(request, "cluster", None))
    if hasattr(request, "visible_clusters"):
        return request.visible_clusters
    return list(clusters_for_switcher(request.user))


def current_cluster(request) -> dict:
    cluster = getattr(request, "cluster", None)
    return {
        "current_cluster": cluster if cluster else None,
        "switchable_clusters": SimpleLazyObject(lambda: switchable_clusters(request)),
    }

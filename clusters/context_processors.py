"""The current cluster and the clusters the user may switch to, on every page."""

from django.utils.functional import SimpleLazyObject

from clusters.selectors import clusters_for_switcher


def switchable_clusters(request) -> list:
    """The clusters of the switcher: those the current cluster was chosen from, when the
    page has resolved it already (clusters.middleware), else read here."""
    if bool(getattr(request, "cluster", None)) and hasattr(request, "visible_clusters"):
        return request.visible_clusters
    return list(clusters_for_switcher(request.user))


def current_cluster(request) -> dict:
    cluster = getattr(request, "cluster", None)
    return {
        "current_cluster": cluster if cluster else None,
        "switchable_clusters": SimpleLazyObject(lambda: switchable_clusters(request)),
    }

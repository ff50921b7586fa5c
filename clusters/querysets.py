"""The visibility choke point: every tenant-owned queryset answers ``visible_to(user)``."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class VisibleQuerySet(models.QuerySet):
    """Base queryset of every model that belongs to a cluster, directly or through a parent.

    ``cluster_path`` is the lookup from the model to its Cluster ("" for Cluster itself).
    Subclasses widen ``visibility_filter`` for firm representatives, coaches or funders; staff
    of a cluster see its rows and superusers see everything. Rows of other clusters are simply
    absent, so a detail view answers 404 and existence never leaks.
    """

    cluster_path = "cluster"

    def visible_to(self, user) -> VisibleQuerySet:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(self.visibility_filter(user))

    def visibility_filter(self, user) -> Q:
        return self.staff_filter(user)

    def staff_filter(self, user, roles: list[str] | None = None) -> Q:
        prefix = f"{self.cluster_path}__" if self.cluster_path else ""
        lookup = {f"{prefix}staff_roles__user": user}
        if roles is not None:
            lookup[f"{prefix}staff_roles__role__in"] = roles
        return Q(**lookup)

    def in_cluster(self, cluster) -> VisibleQuerySet:
        prefix = f"{self.cluster_path}__" if self.cluster_path else ""
        return self.filter(**{f"{prefix}pk": cluster.pk})


class ClusterQuerySet(VisibleQuerySet):
    cluster_path = ""


class FunderQuerySet(models.QuerySet):
    def visible_to(self, user) -> FunderQuerySet:
        """Funders are shared by the installation; a funder user sees only its own funder."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.cluster_roles.exists():
            return self.all()
        return self.filter(users__user=user)

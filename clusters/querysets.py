"""The visibility choke point: every tenant-owned queryset answers ``visible_to(user)``."""

from __future__ import annotations

from django.apps import apps
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
    # Staff roles that see every row of their clusters; None means all of them. Member data
    # leaves the coach out: a coach sees only the firms assigned to them.
    staff_roles: tuple[str, ...] | None = None

    def visible_to(self, user) -> VisibleQuerySet:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(self.visibility_filter(user))

    def visibility_filter(self, user) -> Q:
        return self.staff_filter(user)

    def staff_filter(self, user, roles: tuple[str, ...] | None = None) -> Q:
        """Rows of the clusters where the user holds a staff role (of ``roles``, if given).

        A subquery rather than a join: a join on staff roles would duplicate rows when OR-ed
        with other many-valued conditions, and would narrow aggregates over staff roles.
        """
        cluster_roles = apps.get_model("clusters", "ClusterRole").objects.filter(user=user)
        roles = roles if roles is not None else self.staff_roles
        if roles is not None:
            cluster_roles = cluster_roles.filter(role__in=roles)
        lookup = f"{self.cluster_path}__in" if self.cluster_path else "pk__in"
        return Q(**{lookup: cluster_roles.values("cluster_id")})

    def in_cluster(self, cluster) -> VisibleQuerySet:
        prefix = f"{self.cluster_path}__" if self.cluster_path else ""
        return self.filter(**{f"{prefix}pk": cluster.pk})


# Every staff role but the coach.
OFFICE_ROLES = ("admin", "manager", "viewer")


class ClusterQuerySet(VisibleQuerySet):
    cluster_path = ""


class FunderQuerySet(models.QuerySet):
    def visible_to(self, user) -> FunderQuerySet:
        """Funders are shared by the installation; a funder user sees only its own funder."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        # Installation administrators change funders, so they see every one.
        if user.is_superuser or user.is_staff or user.cluster_roles.exists():
            return self.all()
        return self.filter(
            pk__in=apps.get_model("clusters", "FunderUser")
            .objects.filter(user=user)
            .values("funder_id")
        )

from __future__ import annotations

from django.db.models import Q

from clusters.querysets import VisibleQuerySet


class OrganizationQuerySet(VisibleQuerySet):
    def visibility_filter(self, user) -> Q:
        # A firm's representative sees its own organization and nothing else of the cluster.
        return self.staff_filter(user) | Q(representatives__user=user)


class RepresentativeQuerySet(VisibleQuerySet):
    cluster_path = "organization__cluster"

    def visibility_filter(self, user) -> Q:
        return self.staff_filter(user) | Q(user=user)

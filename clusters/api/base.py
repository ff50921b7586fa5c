"""Base API viewsets: the visibility choke point for the REST face."""

from __future__ import annotations

from collections.abc import Callable

from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied

from clusters.permissions import Decision


class VisibleModelViewSet(viewsets.ModelViewSet):
    """Scopes every query to ``visible_to(request.user)``; ``write_permission`` guards writes.

    Invisible objects answer 404. Visible objects the caller may not change answer 403 with
    the reason from the ``can_*`` rule.
    """

    write_permission: Callable[..., Decision] | None = None

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def check_object_permissions(self, request, obj) -> None:
        super().check_object_permissions(request, obj)
        rule = type(self).write_permission
        if request.method in ("GET", "HEAD", "OPTIONS") or rule is None:
            return
        decision = rule(request.user, obj)
        if not decision:
            raise PermissionDenied(decision.reason)


class VisibleReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only counterpart of VisibleModelViewSet."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

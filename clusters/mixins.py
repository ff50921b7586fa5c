"""Base mixins of every browser view that shows tenant data."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from clusters.permissions import Decision


class VisibleQuerysetMixin(LoginRequiredMixin):
    """Starts every query from ``Model.objects.visible_to(user)``.

    Objects the user may not see are outside the queryset, so detail views answer 404.
    ``permission`` (a ``can_*`` rule) is checked against the object; a refusal answers 403
    with the rule's reason.
    """

    model = None
    permission: Callable[..., Decision] | None = None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.check_object_permission(obj)
        return obj

    def check_object_permission(self, obj) -> None:
        rule = type(self).permission
        if rule is None:
            return
        decision = rule(self.request.user, obj)
        if not decision:
            raise PermissionDenied(decision.reason)

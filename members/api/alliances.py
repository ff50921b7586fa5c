"""Alliances over REST; participants are organization ids of the alliance's cluster."""

from __future__ import annotations

from django.db import transaction
from rest_framework.routers import SimpleRouter

from clusters.api.base import VisibleModelViewSet
from clusters.permissions import can_manage_cluster
from members.api.serializers.alliances import (
    AllianceCreateSerializer,
    AllianceInputSerializer,
    AllianceOutputSerializer,
)
from members.filters import AllianceFilter
from members.models import Alliance
from members.permissions import can_manage_alliance
from members.services import alliance_save, alliance_set_participants


class AllianceViewSet(VisibleModelViewSet):
    """Alliances of the caller's clusters (office staff). Managers create and change them."""

    queryset = (
        Alliance.objects.select_related("cluster")
        .prefetch_related("participations")
        .order_by("-start", "partner_name")
    )
    output_serializer_class = AllianceOutputSerializer
    input_serializer_class = AllianceInputSerializer
    create_permission = staticmethod(lambda user, data: can_manage_cluster(user, data["cluster"]))
    write_permission = staticmethod(can_manage_alliance)
    search_fields = ["partner_name", "partner_city", "partner_sector"]
    ordering_fields = ["start", "partner_name"]
    filterset_class = AllianceFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_serializer_class(self):
        if self.action == "create":
            return AllianceCreateSerializer
        return super().get_serializer_class()

    @transaction.atomic
    def create_with_service(self, data: dict) -> Alliance:
        data = dict(data)
        cluster = data.pop("cluster")
        participants = data.pop("participants", None)
        alliance = alliance_save(cluster=cluster, data=data)
        if participants is not None:
            alliance_set_participants(alliance=alliance, organizations=participants)
        return alliance

    @transaction.atomic
    def update_with_service(self, instance: Alliance, data: dict) -> Alliance:
        data = dict(data)
        participants = data.pop("participants", None)
        alliance = alliance_save(cluster=instance.cluster, data=data, alliance=instance)
        if participants is not None:
            alliance_set_participants(alliance=alliance, organizations=participants)
        return alliance

    def respond(self, instance, code):
        # Re-read: the participants changed after the instance was loaded.
        return super().respond(self.get_queryset().get(pk=instance.pk), code)


def register(router: SimpleRouter) -> None:
    """Register this area's viewsets on the /api/v1/ router."""
    router.register("alliances", AllianceViewSet, basename="alliance")

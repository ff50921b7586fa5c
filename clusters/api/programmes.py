"""Funders and programmes over REST: serializers and viewsets; writes go through services."""

from __future__ import annotations

from django.db.models import Prefetch
from django_countries.serializer_fields import CountryField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from clusters.api.base import ModelSerializer, Serializer, VisibleModelViewSet
from clusters.api.fields import VisibleSlugRelatedField
from clusters.filters import FunderFilter, ProgrammeFilter
from clusters.models import (
    PROGRAMME_FIELDS,
    ChangeProposal,
    Cluster,
    ConsentDecision,
    Funder,
    FunderKind,
    Programme,
    ProgrammeParticipation,
    ProgrammePeriod,
)
from clusters.money import CURRENCY_CHOICES
from clusters.permissions import (
    can_manage_cluster,
    can_manage_funders,
    can_propose_programme_change,
)
from clusters.services import funder_save, programme_save, programme_update

NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


@extend_schema_field(OpenApiTypes.STR)
class NameOrSlugField(VisibleSlugRelatedField):
    """A related object by a text key; typed for the schema, which cannot see a queryset."""


class FunderOutputSerializer(ModelSerializer):
    country = CountryField()

    class Meta:
        model = Funder
        fields = ["id", "name", "kind", "country", "website"]
        read_only_fields = fields


class FunderInputSerializer(Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=FunderKind.choices)
    country = CountryField(required=False, allow_blank=True)
    website = serializers.URLField(allow_blank=True, required=False)


class ProgrammeOutputSerializer(ModelSerializer):
    funder = serializers.CharField(source="funder.name")
    clusters = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = [*PROGRAMME_FIELDS, "clusters"]
        read_only_fields = fields

    def get_clusters(self, programme: Programme) -> list[str]:
        """Slugs of the clusters taking part."""
        return [participation.cluster.slug for participation in programme.participations.all()]


class ProgrammeInputSerializer(Serializer):
    """Types only; the rules (unique code, dates in order, ranges) are the service's."""

    funder = NameOrSlugField(model=Funder, slug_field="name", help_text="Funder name.")
    name = serializers.CharField(max_length=200)
    code = serializers.CharField(max_length=40)
    budget = serializers.DecimalField(max_digits=16, decimal_places=2)
    currency = serializers.ChoiceField(choices=CURRENCY_CHOICES, required=False)
    start = serializers.DateField()
    end = serializers.DateField()
    cofinancing_rate = serializers.DecimalField(max_digits=5, decimal_places=2)
    hourly_value = serializers.DecimalField(max_digits=10, decimal_places=2)
    period = serializers.ChoiceField(
        choices=ProgrammePeriod.choices,
        required=False,
        help_text="EU programming period of its indicators; by default from the start year.",
    )
    min_support_hours = serializers.DecimalField(max_digits=7, decimal_places=2, required=False)


class ProgrammeCreateSerializer(ProgrammeInputSerializer):
    cluster = NameOrSlugField(
        model=Cluster, slug_field="slug", help_text="Slug of the cluster that takes part."
    )


class FunderViewSet(VisibleModelViewSet):
    """Funders, shared by the installation. Installation administrators add and change them."""

    queryset = Funder.objects.order_by("name")
    output_serializer_class = FunderOutputSerializer
    input_serializer_class = FunderInputSerializer
    create_permission = staticmethod(lambda user, data: can_manage_funders(user))
    write_permission = staticmethod(lambda user, funder: can_manage_funders(user))
    search_fields = ["name"]
    ordering_fields = ["name"]
    filterset_class = FunderFilter
    http_method_names = NO_DELETE

    def create_with_service(self, data: dict) -> Funder:
        return funder_save(data=data, actor=self.request.user)

    def update_with_service(self, instance: Funder, data: dict) -> Funder:
        return funder_save(data=data, funder=instance, actor=self.request.user)


class ProgrammeViewSet(VisibleModelViewSet):
    """Programmes of the caller's clusters, or of the caller's funder, by code.

    A new programme names the ``cluster`` that takes part; its managers may create it. The
    managers of a cluster taking part change it alone while theirs is the only cluster taking
    part; otherwise a change answers 202 with the proposal that waits for the other clusters'
    consent (clusters.services.programme_update). Installation administrators change it.
    """

    queryset = (
        Programme.objects.select_related("funder")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=ProgrammeParticipation.objects.select_related("cluster").order_by(
                    "cluster__slug"
                ),
            )
        )
        .order_by("-start", "code")
    )
    lookup_field = "code"
    # Codes may hold dots and slashes.
    lookup_value_regex = r"[A-Za-z0-9][A-Za-z0-9._/-]*"
    output_serializer_class = ProgrammeOutputSerializer
    input_serializer_class = ProgrammeInputSerializer
    create_permission = staticmethod(lambda user, data: can_manage_cluster(user, data["cluster"]))
    write_permission = staticmethod(can_propose_programme_change)
    search_fields = ["code", "name", "funder__name"]
    ordering_fields = ["code", "start", "end", "budget"]
    filterset_class = ProgrammeFilter
    http_method_names = NO_DELETE

    def get_serializer_class(self):
        if self.action == "create":
            return ProgrammeCreateSerializer
        return super().get_serializer_class()

    def create_with_service(self, data: dict) -> Programme:
        data = dict(data)
        cluster = data.pop("cluster")
        return programme_save(data=data, cluster=cluster)

    def update_with_service(self, instance: Programme, data: dict):
        proposal = programme_update(
            actor=self.request.user,
            programme=instance,
            data=data,
            cluster=getattr(self.request, "cluster", None) or None,
        )
        return instance if proposal is None else proposal

    def respond(self, instance, code):
        if isinstance(instance, ChangeProposal):
            return Response(
                {
                    "proposal": instance.pk,
                    "status": instance.status,
                    "changes": instance.changes,
                    "waiting_for": [
                        consent.cluster.slug
                        for consent in instance.consents.select_related("cluster")
                        if consent.decision == ConsentDecision.PENDING
                    ],
                },
                status=status.HTTP_202_ACCEPTED,
            )
        # Re-read so the output shows the clusters taking part, prefetched.
        return super().respond(self.get_queryset().get(pk=instance.pk), code)

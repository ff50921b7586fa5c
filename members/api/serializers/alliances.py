"""Alliance serializers: separate output and input; the rules live in the services."""

from django_countries.serializer_fields import CountryField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusters.api.base import ModelSerializer, Serializer
from clusters.api.fields import VisiblePrimaryKeyRelatedField, VisibleSlugRelatedField
from clusters.models import Cluster
from members.choices import AllianceGoal, AllianceKind, AllianceStatus, TieStrength
from members.models import Alliance, Organization
from members.models.alliances import ALLIANCE_FIELDS


@extend_schema_field(OpenApiTypes.STR)
class ClusterSlugField(VisibleSlugRelatedField):
    """A cluster by slug; typed for the schema, which cannot see a queryset."""


class AllianceOutputSerializer(ModelSerializer):
    cluster = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    partner_country = CountryField()
    participants = serializers.SerializerMethodField()

    class Meta:
        model = Alliance
        fields = ["id", "cluster", *ALLIANCE_FIELDS, "participants"]
        read_only_fields = fields

    def get_participants(self, alliance: Alliance) -> list[int]:
        """Ids of the member organizations taking part."""
        return sorted(row.organization_id for row in alliance.participations.all())


class AllianceInputSerializer(Serializer):
    partner_name = serializers.CharField(max_length=200)
    partner_country = CountryField()
    partner_city = serializers.CharField(max_length=120, allow_blank=True, required=False)
    partner_sector = serializers.CharField(max_length=200, allow_blank=True, required=False)
    kind = serializers.ChoiceField(choices=AllianceKind.choices)
    goal = serializers.ChoiceField(choices=AllianceGoal.choices)
    tie_strength = serializers.ChoiceField(choices=TieStrength.choices, required=False)
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True, required=False)
    status = serializers.ChoiceField(choices=AllianceStatus.choices, required=False)
    # pk_field gives the schema its type: the field has no queryset until a request comes.
    participants = VisiblePrimaryKeyRelatedField(
        model=Organization, many=True, required=False, pk_field=serializers.IntegerField()
    )


class AllianceCreateSerializer(AllianceInputSerializer):
    cluster = ClusterSlugField(
        model=Cluster, slug_field="slug", help_text="Slug of the cluster the alliance is of."
    )

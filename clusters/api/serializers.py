from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from clusters.api.base import ModelSerializer, Serializer
from clusters.models import CLUSTER_EDITABLE_FIELDS, Cluster, LegalForm


class ClusterOutputSerializer(ModelSerializer):
    country = CountryField()

    class Meta:
        model = Cluster
        fields = ["slug", *CLUSTER_EDITABLE_FIELDS]
        read_only_fields = fields


class ClusterInputSerializer(Serializer):
    """What a manager may change; every field optional for PATCH."""

    name = serializers.CharField(max_length=200)
    country = CountryField()
    region = serializers.CharField(max_length=120, allow_blank=True, required=False)
    city = serializers.CharField(max_length=120, allow_blank=True, required=False)
    sectors = serializers.CharField(max_length=300, allow_blank=True, required=False)
    legal_form = serializers.ChoiceField(choices=LegalForm.choices, required=False)
    founded = serializers.IntegerField(
        min_value=1800, max_value=2100, allow_null=True, required=False
    )
    website = serializers.URLField(allow_blank=True, required=False)
    description = serializers.CharField(allow_blank=True, required=False)


class MeOutputSerializer(Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    is_superuser = serializers.BooleanField()
    cluster_roles = serializers.DictField(
        child=serializers.CharField(), help_text=_("Cluster slug → staff role.")
    )
    funder = serializers.CharField(allow_null=True)

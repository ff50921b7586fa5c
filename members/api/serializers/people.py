"""Input and output serializers of people and affiliations."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusters.api.base import ModelSerializer, Serializer
from clusters.api.fields import VisiblePrimaryKeyRelatedField, VisibleSlugRelatedField
from clusters.models import Cluster
from members.models import Affiliation, Organization, Person


@extend_schema_field(OpenApiTypes.STR)
class ClusterSlugField(VisibleSlugRelatedField):
    """A cluster the caller works in, by slug."""

    def __init__(self, **kwargs):
        super().__init__(model=Cluster, slug_field="slug", **kwargs)


def visible_id(model, **kwargs) -> VisiblePrimaryKeyRelatedField:
    """An id among the objects of ``model`` the caller may see; another cluster's id answers
    "does not exist". The integer pk field gives the OpenAPI schema its type."""
    return VisiblePrimaryKeyRelatedField(model=model, pk_field=serializers.IntegerField(), **kwargs)


class CreateOnlyFieldsMixin:
    """Drops ``create_only_fields`` when updating: a child never moves to another parent."""

    create_only_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            for name in self.create_only_fields:
                self.fields.pop(name)


class PersonOutputSerializer(ModelSerializer):
    cluster = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    user = serializers.SlugRelatedField(slug_field="email", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "cluster",
            "first_name",
            "last_name",
            "email",
            "phone",
            "consent",
            "consent_on",
            "user",
        ]
        read_only_fields = fields


class PersonInputSerializer(CreateOnlyFieldsMixin, Serializer):
    """A person; ``cluster`` (slug) only on create. ``user`` is the e-mail of an account."""

    create_only_fields = ("cluster",)

    cluster = ClusterSlugField()
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    email = serializers.EmailField(allow_blank=True, required=False)
    phone = serializers.CharField(max_length=40, allow_blank=True, required=False)
    consent = serializers.BooleanField(required=False)
    consent_on = serializers.DateField(allow_null=True, required=False)
    # The e-mail of the account; the service finds it among those the cluster may link, with
    # one message whether or not the account exists.
    user = serializers.EmailField(allow_null=True, allow_blank=True, required=False)


class AffiliationOutputSerializer(ModelSerializer):
    class Meta:
        model = Affiliation
        fields = ["id", "person", "organization", "title", "share_of_time", "start", "end"]
        read_only_fields = fields


class AffiliationInputSerializer(CreateOnlyFieldsMixin, Serializer):
    """An affiliation; ``person`` only on create. The organization must be of the person's
    cluster."""

    create_only_fields = ("person",)

    person = visible_id(Person)
    organization = visible_id(Organization)
    title = serializers.CharField(max_length=150, allow_blank=True, required=False)
    share_of_time = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    start = serializers.DateField(allow_null=True, required=False)
    end = serializers.DateField(allow_null=True, required=False)

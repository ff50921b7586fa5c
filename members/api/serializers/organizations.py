from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from clusters.api.base import ModelSerializer, Serializer
from clusters.api.fields import VisiblePrimaryKeyRelatedField, VisibleSlugRelatedField
from clusters.models import Cluster
from members.choices import MembershipStatus
from members.models import (
    FeePayment,
    FeeSchedule,
    Membership,
    MembershipTransition,
    Organization,
)
from members.models.organizations import ORGANIZATION_FIELDS


class OrganizationOutputSerializer(ModelSerializer):
    cluster = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = CountryField()
    membership_status = serializers.CharField(source="membership.status", default=None)
    member_since = serializers.DateField(source="membership.member_since", default=None)

    class Meta:
        model = Organization
        fields = [
            "id",
            "cluster",
            *ORGANIZATION_FIELDS,
            "size_class",
            "membership_status",
            "member_since",
        ]
        read_only_fields = fields


class OrganizationInputSerializer(ModelSerializer):
    """Fields a manager writes; model validators (NACE codes, non-negative figures) apply."""

    cluster = VisibleSlugRelatedField(model=Cluster, slug_field="slug", required=False)
    country = CountryField(required=False)
    parent = VisiblePrimaryKeyRelatedField(model=Organization, required=False, allow_null=True)
    membership_status = serializers.ChoiceField(
        choices=[MembershipStatus.APPLIED, MembershipStatus.ACTIVE],
        default=MembershipStatus.APPLIED,
        write_only=True,
    )
    status_on = serializers.DateField(required=False, write_only=True)

    class Meta:
        model = Organization
        fields = ["cluster", *ORGANIZATION_FIELDS, "membership_status", "status_on"]
        # Uniqueness within the cluster is the service's rule, answered at registry_id.
        validators: list = []

    def validate(self, attrs):
        if self.instance is None and "cluster" not in attrs:
            raise serializers.ValidationError({"cluster": ["This field is required."]})
        return attrs


class MembershipTransitionOutputSerializer(ModelSerializer):
    class Meta:
        model = MembershipTransition
        fields = ["from_status", "to_status", "on", "reason", "recorded_at"]


class MembershipOutputSerializer(ModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(read_only=True)
    transitions = MembershipTransitionOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "organization", "status", "status_since", "member_since", "transitions"]


class MembershipTransitionInputSerializer(Serializer):
    to_status = serializers.ChoiceField(choices=MembershipStatus.choices)
    on = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class FeePaymentOutputSerializer(ModelSerializer):
    class Meta:
        model = FeePayment
        fields = ["id", "organization", "year", "amount", "currency", "due_on", "paid_on"]


class FeePaidInputSerializer(Serializer):
    paid_on = serializers.DateField()


class FeeScheduleOutputSerializer(ModelSerializer):
    cluster = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = FeeSchedule
        fields = ["id", "cluster", "year", "size_class", "amount", "currency", "due_on"]


class FeeScheduleInputSerializer(ModelSerializer):
    cluster = VisibleSlugRelatedField(model=Cluster, slug_field="slug", required=False)

    class Meta:
        model = FeeSchedule
        fields = ["cluster", "year", "size_class", "amount", "currency", "due_on"]
        # One fee per year and size class is the service's rule, answered at size_class.
        validators: list = []

    def validate(self, attrs):
        if self.instance is None and "cluster" not in attrs:
            raise serializers.ValidationError({"cluster": ["This field is required."]})
        return attrs


class FeesIssueInputSerializer(Serializer):
    year = serializers.IntegerField(min_value=1990, max_value=2100)


class FeesIssueOutputSerializer(Serializer):
    issued = serializers.IntegerField()

"""Input and output serializers of trips, expense claims and trip reports.

A claim's receipt is never exposed as a media URL: the output gives the protected download,
which checks who asks.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusters.api.base import ModelSerializer, Serializer
from clusters.money import CURRENCY_CHOICES
from internationalization.api.serializers.timbank import decided_on_field
from internationalization.choices import TripPurpose
from internationalization.models import ExpenseClaim, Trip, TripReport
from members.api.serializers.people import visible_id
from projects.models import Enrolment


def money_field(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, **kwargs)


class TripReportSerializer(ModelSerializer):
    class Meta:
        model = TripReport
        fields = ["meetings_held", "leads", "contracts_signed", "units_sold", "notes"]


class TripOutputSerializer(ModelSerializer):
    country = CountryField()
    project = serializers.SlugRelatedField(
        source="enrolment.project", slug_field="slug", read_only=True
    )
    organization = serializers.IntegerField(source="enrolment.organization_id", read_only=True)
    report = serializers.SerializerMethodField()

    class Meta:
        model = Trip
        fields = [
            "id",
            "enrolment",
            "project",
            "organization",
            "country",
            "city",
            "event",
            "start",
            "end",
            "purpose",
            "status",
            "budget_requested",
            "budget_approved",
            "currency",
            "requested_at",
            "decided_at",
            "decision_note",
            "reported_by_firm",
            "verification",
            "report",
        ]
        read_only_fields = fields

    @extend_schema_field(TripReportSerializer(allow_null=True))
    def get_report(self, trip) -> dict | None:
        report = getattr(trip, "report", None)
        return TripReportSerializer(report).data if report is not None else None


class TripInputSerializer(Serializer):
    """A firm's application for a trip; its representatives or the cluster's managers."""

    enrolment = visible_id(Enrolment)
    country = CountryField()
    city = serializers.CharField(max_length=120)
    event = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    start = serializers.DateField()
    end = serializers.DateField()
    purpose = serializers.ChoiceField(choices=TripPurpose.choices)
    budget_requested = money_field(min_value=0)

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": _("The trip ends before it starts.")})
        return attrs


class TripApproveInputSerializer(Serializer):
    budget = money_field(min_value=0)
    decided_on = decided_on_field()


class ExpenseClaimOutputSerializer(ModelSerializer):
    receipt_url = serializers.SerializerMethodField(
        help_text=_("The protected download of the receipt.")
    )

    class Meta:
        model = ExpenseClaim
        fields = [
            "id",
            "trip",
            "description",
            "amount",
            "currency",
            "status",
            "submitted_at",
            "decided_at",
            "reimbursed_on",
            "decision_note",
            "receipt_url",
        ]
        read_only_fields = fields

    def get_receipt_url(self, claim) -> str:
        url = reverse("internationalization:receipt", kwargs={"pk": claim.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class ExpenseClaimInputSerializer(Serializer):
    """A claim with its receipt (multipart): a PDF, JPEG or PNG of at most 5 MB. The
    currency is the trip's if left out."""

    trip = visible_id(Trip)
    description = serializers.CharField(max_length=200)
    amount = money_field(min_value=0)
    currency = serializers.ChoiceField(choices=CURRENCY_CHOICES, required=False)
    receipt = serializers.FileField()


class ClaimReimbursedInputSerializer(Serializer):
    on = serializers.DateField()

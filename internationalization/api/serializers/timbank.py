"""Input and output serializers of the timbank: requests, their decisions, timesheets."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from clusters.api.base import ModelSerializer, Serializer
from internationalization.choices import ConsultantService
from internationalization.models import Consultant, TimbankRequest, TimesheetEntry
from internationalization.selectors import lead_time
from members.api.serializers.people import visible_id
from projects.models import Enrolment


def hours_field(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=7, decimal_places=2, **kwargs)


class TimbankRequestOutputSerializer(ModelSerializer):
    project = serializers.SlugRelatedField(
        source="enrolment.project", slug_field="slug", read_only=True
    )
    organization = serializers.IntegerField(source="enrolment.organization_id", read_only=True)
    hours_used = serializers.SerializerMethodField(help_text=_("Hours on the timesheet."))
    decision_seconds = serializers.SerializerMethodField(
        help_text=_("Seconds from the request to the decision; null while undecided.")
    )

    class Meta:
        model = TimbankRequest
        fields = [
            "id",
            "enrolment",
            "project",
            "organization",
            "service",
            "hours_requested",
            "needed_by",
            "purpose",
            "status",
            "hours_approved",
            "hours_used",
            "requested_at",
            "decided_at",
            "decision_seconds",
            "decision_note",
            "closed_at",
        ]
        read_only_fields = fields

    def get_hours_used(self, request) -> Decimal:
        used = getattr(request, "used", None)
        return Decimal(used or 0).quantize(Decimal("0.01"))

    def get_decision_seconds(self, request) -> int | None:
        waited = lead_time(request.requested_at, request.decided_at)
        return int(waited.total_seconds()) if waited is not None else None


class TimbankRequestInputSerializer(Serializer):
    """A firm's request; its representatives or the cluster's managers send it."""

    enrolment = visible_id(Enrolment)
    service = serializers.ChoiceField(choices=ConsultantService.choices)
    hours_requested = hours_field(help_text=_("In quarter hours."))
    needed_by = serializers.DateField()
    purpose = serializers.CharField()


def decided_on_field() -> serializers.DateField:
    return serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_(
            "The day the decision was taken (ISO date); today when left out. Not in the "
            "future, not before the day of the request."
        ),
    )


class ApproveInputSerializer(Serializer):
    hours = hours_field(help_text=_("Hours to reserve from the pool, in quarter hours."))
    decided_on = decided_on_field()


class RejectInputSerializer(Serializer):
    reason = serializers.CharField()


class DecisionRejectInputSerializer(RejectInputSerializer):
    """The rejection of a request (timbank hours, a trip), with the day it was decided."""

    decided_on = decided_on_field()


class AskInfoInputSerializer(Serializer):
    question = serializers.CharField()


class ReplyInputSerializer(Serializer):
    text = serializers.CharField()


class TimesheetEntryOutputSerializer(ModelSerializer):
    class Meta:
        model = TimesheetEntry
        fields = ["id", "request", "consultant", "date", "hours", "note"]
        read_only_fields = fields


class TimesheetEntryInputSerializer(Serializer):
    request = visible_id(TimbankRequest)
    consultant = visible_id(Consultant)
    date = serializers.DateField()
    hours = hours_field()
    note = serializers.CharField(max_length=300, allow_blank=True, required=False)

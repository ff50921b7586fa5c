"""Separate input and output serializers of projects and enrolments."""

from __future__ import annotations

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from clusters.api.base import ModelSerializer, Serializer
from clusters.api.fields import VisiblePrimaryKeyRelatedField, VisibleSlugRelatedField
from clusters.models import Cluster
from members.choices import SizeClass
from members.models import Organization
from projects.choices import Commitment, DropoutPhase, DropoutReason
from projects.forms import NACE_PREFIX
from projects.models import (
    PROJECT_FIELDS,
    SELF_ASSESSMENT_FIELDS,
    Cohort,
    CompletionRule,
    Enrolment,
    EnrolmentStatusChange,
    Project,
)
from projects.permissions import can_see_commitment

# What only the cluster's staff read of an enrolment; a firm's answer leaves them out.
STAFF_ONLY_FIELDS = ("commitment", "interview_notes", "dropout_reason", "dropout_note")

PROJECT_OUTPUT_FIELDS = ["cluster", *PROJECT_FIELDS]


class CompletionRuleSerializer(ModelSerializer):
    """One activity the whole process requires: ``minimum`` hours, workshops or trips, or the
    export-lab ``stage`` to reach."""

    class Meta:
        model = CompletionRule
        fields = ["activity", "minimum", "stage"]
        # One rule per activity is the service's check, over the whole list.
        validators = []

    def validate(self, attrs: dict) -> dict:
        # The model's own rule (a minimum above zero, a stage for the export lab), so that an
        # error names the rule of the list it belongs to; the service checks it again.
        CompletionRule(**attrs).clean()
        return attrs


class ProjectOutputSerializer(ModelSerializer):
    cluster = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    regions = serializers.ListField(child=serializers.CharField())
    completion_rules = CompletionRuleSerializer(many=True, read_only=True)
    allowed_size_classes = serializers.ListField(child=serializers.CharField())
    allowed_sectors = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Project
        fields = ["id", *PROJECT_OUTPUT_FIELDS, "completion_rules"]
        read_only_fields = fields


class ProjectInputSerializer(ModelSerializer):
    """What a manager writes. ``cluster`` (slug) is needed to create and ignored on update;
    the windows' order and the slug's uniqueness are checked by the service."""

    cluster = VisibleSlugRelatedField(model=Cluster, slug_field="slug", required=False)
    slug = serializers.SlugField(max_length=60)
    regions = serializers.ListField(child=serializers.CharField(max_length=120), required=False)
    completion_rules = CompletionRuleSerializer(many=True, required=False)
    allowed_size_classes = serializers.ListField(
        child=serializers.ChoiceField(
            choices=[choice for choice in SizeClass.choices if choice[0] != SizeClass.UNKNOWN]
        ),
        required=False,
    )
    allowed_sectors = serializers.ListField(
        child=serializers.CharField(
            validators=[
                RegexValidator(
                    NACE_PREFIX.pattern,
                    _("Not a NACE code or prefix (e.g. 'C22')."),
                    flags=re.IGNORECASE,
                ),
            ]
        ),
        required=False,
    )

    class Meta:
        model = Project
        fields = [*PROJECT_OUTPUT_FIELDS, "completion_rules"]

    def validate_allowed_sectors(self, value: list[str]) -> list[str]:
        return [code.upper() for code in value]

    def validate(self, attrs: dict) -> dict:
        if self.instance is None and "cluster" not in attrs:
            raise serializers.ValidationError({"cluster": _("Name the project's cluster.")})
        return attrs


class EnrolmentStatusChangeSerializer(ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="email", read_only=True)

    class Meta:
        model = EnrolmentStatusChange
        # ``on``: the day the step happened (reports count from it); ``at``: when recorded.
        fields = ["from_status", "to_status", "on", "at", "actor"]
        read_only_fields = fields


class EnrolmentOutputSerializer(ModelSerializer):
    """An enrolment; the commitment label and the internal notes only for the staff."""

    project = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organization_name = serializers.CharField(source="organization.legal_name", read_only=True)
    coach = serializers.SlugRelatedField(slug_field="email", read_only=True)
    cohort = serializers.PrimaryKeyRelatedField(read_only=True)
    status_changes = EnrolmentStatusChangeSerializer(many=True, read_only=True)
    # Left out for those who may not see them (to_representation); the schema says so.
    fields_shown_to_some = STAFF_ONLY_FIELDS

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "project",
            "organization",
            "organization_name",
            "status",
            "applied_on",
            *SELF_ASSESSMENT_FIELDS,
            "eligible",
            "eligibility_reasons",
            "override_justification",
            "interview_at",
            "interviewed_on",
            "interview_notes",
            "decided_on",
            "decision_reason",
            "fee_due",
            "fee_paid_on",
            "coach",
            "cohort",
            "commitment",
            "coaching_hours_allotted",
            "completed_on",
            "dropped_on",
            "dropout_phase",
            "dropout_reason",
            "dropout_note",
            "status_changes",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Enrolment) -> dict:
        data = super().to_representation(instance)
        user = self.context["request"].user
        if not can_see_commitment(user, instance.project.cluster_id):
            for field in STAFF_ONLY_FIELDS:
                data.pop(field, None)
        return data


@extend_schema_field(OpenApiTypes.STR)
class ProjectSlugField(VisibleSlugRelatedField):
    """A project the caller may see, by its slug."""

    def __init__(self, **kwargs):
        super().__init__(model=Project, slug_field="slug", **kwargs)


class EnrolmentApplySerializer(Serializer):
    """An application: the project (slug), the firm (id) and the self-assessment."""

    project = ProjectSlugField()
    organization = VisiblePrimaryKeyRelatedField(model=Organization)
    score_market = serializers.IntegerField(min_value=1, max_value=5)
    comment_market = serializers.CharField(required=False, allow_blank=True, default="")
    score_customers = serializers.IntegerField(min_value=1, max_value=5)
    comment_customers = serializers.CharField(required=False, allow_blank=True, default="")
    score_situation = serializers.IntegerField(min_value=1, max_value=5)
    comment_situation = serializers.CharField(required=False, allow_blank=True, default="")


class EnrolmentInterviewInputSerializer(Serializer):
    """Schedule the interview (``interview_at``) or record it (``held_on``, ``notes``)."""

    interview_at = serializers.DateTimeField(required=False)
    held_on = serializers.DateField(required=False)
    notes = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs: dict) -> dict:
        if "interview_at" not in attrs and "held_on" not in attrs:
            raise serializers.ValidationError(
                {"interview_at": _("Give the time of the interview, or held_on to record it.")}
            )
        return attrs


def step_day_field() -> serializers.DateField:
    return serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_(
            "The day the step happened (ISO date); today when left out. Not in the future, "
            "not before the step before."
        ),
    )


class EnrolmentDecideInputSerializer(Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    cohort = VisiblePrimaryKeyRelatedField(model=Cohort, required=False, allow_null=True)
    coach = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(), required=False, allow_null=True
    )
    decided_on = step_day_field()
    coach_other_region = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("True to assign a chosen coach who serves another region than the firm's."),
    )

    def __init__(self, *args, coaches=None, **kwargs):
        super().__init__(*args, **kwargs)
        if coaches is not None:
            self.fields["coach"].queryset = coaches


class EnrolmentActivateInputSerializer(Serializer):
    activated_on = step_day_field()


class EnrolmentDropInputSerializer(Serializer):
    phase = serializers.ChoiceField(
        choices=DropoutPhase.choices, required=False, allow_blank=True, default=""
    )
    reason = serializers.ChoiceField(
        choices=DropoutReason.choices, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    dropped_on = step_day_field()


class EnrolmentCommitmentInputSerializer(Serializer):
    commitment = serializers.ChoiceField(choices=Commitment.choices, allow_blank=True)


class EnrolmentOverrideInputSerializer(Serializer):
    justification = serializers.CharField(required=False, allow_blank=True, default="")


class EnrolmentFeePaidInputSerializer(Serializer):
    paid_on = serializers.DateField()

"""Input and output serializers of the activities: coaching sessions, workshops, export-lab
tracks and outcomes. Inputs only shape the data; the services hold the rules."""

from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from clusters.api.base import ModelSerializer, Serializer
from clusters.api.fields import VisiblePrimaryKeyRelatedField
from internationalization.choices import ExportLabStage, OutcomeKind
from internationalization.models import (
    WORKSHOP_FIELDS,
    CoachingSession,
    ExportLabStep,
    ExportLabTrack,
    Outcome,
    Workshop,
    WorkshopParticipation,
)
from members.models import Organization
from projects.models import Cohort, Enrolment, Project


def visible_id(model, **kwargs) -> VisiblePrimaryKeyRelatedField:
    return VisiblePrimaryKeyRelatedField(model=model, **kwargs)


def hours_field(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=7, decimal_places=2, **kwargs)


# Coaching -----------------------------------------------------------------------------------


class CoachingSessionOutputSerializer(ModelSerializer):
    coach = serializers.SlugRelatedField(slug_field="email", read_only=True)
    logged_by = serializers.SlugRelatedField(slug_field="email", read_only=True)
    confirmed_by = serializers.SlugRelatedField(slug_field="email", read_only=True)

    class Meta:
        model = CoachingSession
        fields = [
            "id",
            "enrolment",
            "date",
            "hours",
            "topic",
            "notes",
            "coach",
            "logged_by_side",
            "logged_by",
            "status",
            "confirmed_at",
            "confirmed_by",
            "dispute_reason",
            "created_at",
        ]
        read_only_fields = fields


class CoachingSessionInputSerializer(Serializer):
    """A session logged by the caller (the firm's coach, a manager or the firm's
    representative; the other side confirms it). Hours in steps of 0.25, within the
    allotment; a past date within the project's activities."""

    enrolment = visible_id(Enrolment)
    date = serializers.DateField()
    hours = hours_field()
    topic = serializers.CharField(max_length=200)
    notes = serializers.CharField(allow_blank=True, required=False, default="")


class CoachingSessionCorrectionSerializer(Serializer):
    """The session as the side that logged it corrects it."""

    date = serializers.DateField()
    hours = hours_field()
    topic = serializers.CharField(max_length=200)
    notes = serializers.CharField(allow_blank=True, required=False, default="")


class CoachingSessionDisputeSerializer(Serializer):
    reason = serializers.CharField(max_length=2000)


# Workshops ----------------------------------------------------------------------------------


class WorkshopParticipationSerializer(ModelSerializer):
    class Meta:
        model = WorkshopParticipation
        fields = ["enrolment", "invited_at", "attended"]
        read_only_fields = fields


class WorkshopOutputSerializer(ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    participations = serializers.SerializerMethodField(
        help_text=_("The invitations the caller may see (a firm: its own; a coach: their firms).")
    )

    class Meta:
        model = Workshop
        fields = ["id", "project", *WORKSHOP_FIELDS, "participations"]
        read_only_fields = fields

    def get_participations(self, workshop) -> list[dict]:
        visible = getattr(workshop, "visible_participations", None)
        if visible is None:
            user = self.context["request"].user
            visible = WorkshopParticipation.objects.visible_to(user).filter(workshop=workshop)
        return WorkshopParticipationSerializer(visible, many=True).data


class WorkshopInputSerializer(Serializer):
    """A workshop; ``project`` (slug) only on create. The date lies within the project's
    activities; the cohort, if any, is one of the project's."""

    project = serializers.SlugRelatedField(slug_field="slug", queryset=Project.objects.none())
    title = serializers.CharField(max_length=200)
    topic = serializers.CharField(allow_blank=True, required=False)
    date = serializers.DateField()
    place = serializers.CharField(max_length=200, allow_blank=True, required=False)
    expert_name = serializers.CharField(max_length=200, allow_blank=True, required=False)
    expert_organization = serializers.CharField(max_length=200, allow_blank=True, required=False)
    cohort = visible_id(Cohort, allow_null=True, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            self.fields.pop("project")
        else:
            user = self.context["request"].user
            self.fields["project"].queryset = Project.objects.visible_to(user)


class WorkshopInviteInputSerializer(Serializer):
    enrolments = visible_id(
        Enrolment,
        many=True,
        required=False,
        help_text=_(
            "Enrolment ids to invite; left out: the accepted and active firms of the "
            "workshop's cohort, or of the whole project."
        ),
    )


class WorkshopAttendanceInputSerializer(Serializer):
    attended = visible_id(
        Enrolment,
        many=True,
        help_text=_("Enrolment ids of the invited firms that came; the others did not."),
    )


# Export lab ---------------------------------------------------------------------------------


class ExportLabStepSerializer(ModelSerializer):
    class Meta:
        model = ExportLabStep
        fields = ["stage", "entered_on", "notes"]
        read_only_fields = fields


class ExportLabTrackOutputSerializer(ModelSerializer):
    target_market = CountryField()
    steps = ExportLabStepSerializer(many=True, read_only=True)

    class Meta:
        model = ExportLabTrack
        fields = [
            "id",
            "enrolment",
            "target_market",
            "stage",
            "stage_entered_on",
            "iterations",
            "steps",
        ]
        read_only_fields = fields


class ExportLabStartInputSerializer(Serializer):
    """Open a firm's track at market choice."""

    enrolment = visible_id(Enrolment)
    target_market = CountryField()
    entered_on = serializers.DateField()
    notes = serializers.CharField(allow_blank=True, required=False, default="")


class ExportLabAdvanceInputSerializer(Serializer):
    """The next stage, or back from evaluation to incubation; skipping stages is refused."""

    to_stage = serializers.ChoiceField(choices=ExportLabStage.choices)
    entered_on = serializers.DateField()
    notes = serializers.CharField(allow_blank=True, required=False, default="")


# Outcomes -----------------------------------------------------------------------------------


class OutcomeOutputSerializer(ModelSerializer):
    country = CountryField()
    recorded_by = serializers.SlugRelatedField(slug_field="email", read_only=True)

    class Meta:
        model = Outcome
        fields = [
            "id",
            "enrolment",
            "kind",
            "date",
            "country",
            "quantity",
            "note",
            "partner",
            "source",
            "recorded_by",
            "verification",
            "verification_note",
        ]
        read_only_fields = fields


class OutcomeInputSerializer(Serializer):
    """An outcome; its source (firm, coach, manager) follows from the caller."""

    enrolment = visible_id(Enrolment)
    kind = serializers.ChoiceField(choices=OutcomeKind.choices)
    date = serializers.DateField()
    country = CountryField(allow_blank=True, required=False, default="")
    quantity = serializers.IntegerField(allow_null=True, required=False, default=None)
    note = serializers.CharField(allow_blank=True, required=False, default="")
    partner = visible_id(
        Organization,
        allow_null=True,
        required=False,
        default=None,
        help_text="Id of the research organisation of a research_cooperation outcome.",
    )


class OutcomeVerifyInputSerializer(Serializer):
    """Verified, or rejected with a reason in ``note``."""

    verified = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=2000)

"""Input and output serializers of governance: bodies, seats, meetings, decisions, actions."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from clusters.api.base import ModelSerializer, Serializer
from members.api.serializers.people import ClusterSlugField, CreateOnlyFieldsMixin, visible_id
from members.choices import BodyKind, DecisionOutcome, SeatRole
from members.models import ActionItem, Body, Decision, Meeting, Organization, Person, Seat


class BodyOutputSerializer(ModelSerializer):
    cluster = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Body
        fields = ["id", "cluster", "name", "kind", "description"]
        read_only_fields = fields


class BodyInputSerializer(CreateOnlyFieldsMixin, Serializer):
    """A governance body; ``cluster`` (slug) only on create."""

    create_only_fields = ("cluster",)

    cluster = ClusterSlugField()
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=BodyKind.choices)
    description = serializers.CharField(allow_blank=True, required=False)


class SeatOutputSerializer(ModelSerializer):
    class Meta:
        model = Seat
        fields = [
            "id",
            "body",
            "person",
            "organization",
            "role",
            "voting_right",
            "term_start",
            "term_end",
        ]
        read_only_fields = fields


class SeatInputSerializer(CreateOnlyFieldsMixin, Serializer):
    """A seat; ``body`` only on create. The person and organization are of the body's cluster;
    the same person's terms in a body must not overlap, and a body has one chair and one
    vice-chair at a time."""

    create_only_fields = ("body",)

    body = visible_id(Body)
    person = visible_id(Person)
    organization = visible_id(Organization, allow_null=True, required=False)
    role = serializers.ChoiceField(choices=SeatRole.choices)
    voting_right = serializers.BooleanField(required=False)
    term_start = serializers.DateField()
    term_end = serializers.DateField(allow_null=True, required=False)

    def validate(self, attrs):
        start = attrs.get("term_start", getattr(self.instance, "term_start", None))
        end = attrs.get("term_end", getattr(self.instance, "term_end", None))
        if start and end and end < start:
            raise serializers.ValidationError({"term_end": _("The term ends before it starts.")})
        return attrs


class MeetingOutputSerializer(ModelSerializer):
    present = serializers.SerializerMethodField(help_text=_("Ids of the people present."))
    excused = serializers.SerializerMethodField(help_text=_("Ids of the people excused."))

    class Meta:
        model = Meeting
        fields = [
            "id",
            "body",
            "date",
            "title",
            "location",
            "agenda",
            "minutes",
            "recording_consent",
            "present",
            "excused",
        ]
        read_only_fields = fields

    def get_present(self, meeting) -> list[int]:
        return [a.person_id for a in meeting.attendances.all() if a.present]

    def get_excused(self, meeting) -> list[int]:
        return [a.person_id for a in meeting.attendances.all() if not a.present]


class MeetingInputSerializer(CreateOnlyFieldsMixin, Serializer):
    """A meeting; ``body`` only on create. ``present`` and ``excused`` (person ids), when given,
    replace the attendance record; one left out keeps its people."""

    create_only_fields = ("body",)

    body = visible_id(Body)
    date = serializers.DateField()
    title = serializers.CharField(max_length=200, allow_blank=True, required=False)
    location = serializers.CharField(max_length=200, allow_blank=True, required=False)
    agenda = serializers.CharField(allow_blank=True, required=False)
    minutes = serializers.CharField(allow_blank=True, required=False)
    recording_consent = serializers.BooleanField(required=False)
    present = visible_id(Person, many=True, required=False)
    excused = visible_id(Person, many=True, required=False)


class ActionItemOutputSerializer(ModelSerializer):
    class Meta:
        model = ActionItem
        fields = ["id", "decision", "text", "owner", "due_on", "done_on"]
        read_only_fields = fields


class DecisionOutputSerializer(ModelSerializer):
    action_items = ActionItemOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "text",
            "votes_for",
            "votes_against",
            "abstentions",
            "outcome",
            "action_items",
        ]
        read_only_fields = fields


class DecisionInputSerializer(CreateOnlyFieldsMixin, Serializer):
    """A decision; ``meeting`` only on create. The votes cannot outnumber the voting seats."""

    create_only_fields = ("meeting",)

    meeting = visible_id(Meeting)
    text = serializers.CharField()
    votes_for = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    votes_against = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    abstentions = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)


class ActionItemInputSerializer(CreateOnlyFieldsMixin, Serializer):
    """An action item; ``decision`` only on create. The owner is a person of the cluster."""

    create_only_fields = ("decision",)

    decision = visible_id(Decision)
    text = serializers.CharField(max_length=300)
    owner = visible_id(Person)
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True, required=False)

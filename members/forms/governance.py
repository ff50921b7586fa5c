"""Forms of the governance pages: bodies, seats, meetings, attendance, decisions, actions."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from clusters.forms import Form, ModelForm, iso_date_input
from clusters.models import Cluster
from members.models import ActionItem, Body, Decision, Meeting, Organization, Person, Seat


def cluster_people(user, cluster_id: int):
    return Person.objects.visible_to(user).filter(cluster_id=cluster_id)


class BodyForm(ModelForm):
    class Meta:
        model = Body
        fields = ["name", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SeatForm(ModelForm):
    """A seat in a body; the person and the organization represented are of its cluster."""

    class Meta:
        model = Seat
        fields = ["person", "organization", "role", "voting_right", "term_start", "term_end"]
        widgets = {"term_start": iso_date_input(), "term_end": iso_date_input()}

    def __init__(self, *args, user, cluster: Cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = cluster_people(user, cluster.pk)
        self.fields["organization"].queryset = (
            Organization.objects.visible_to(user).filter(cluster=cluster).order_by("legal_name")
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term ends before it starts."))
        return cleaned


class MeetingForm(ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "title", "location", "agenda", "minutes", "recording_consent"]
        widgets = {
            "date": iso_date_input(),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }


class AttendanceForm(Form):
    """Who was present and who sent apologies, among the people of the body's cluster.

    The body's seat holders on the day of the meeting come first.
    """

    present = forms.ModelMultipleChoiceField(
        label=_("Present"), queryset=Person.objects.none(), required=False
    )
    excused = forms.ModelMultipleChoiceField(
        label=_("Excused"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args, user, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        seated_that_day = Seat.objects.filter(
            body_id=meeting.body_id, person=OuterRef("pk"), term_start__lte=meeting.date
        ).filter(Q(term_end__isnull=True) | Q(term_end__gte=meeting.date))
        people = (
            cluster_people(user, meeting.body.cluster_id)
            .annotate(holds_seat=Exists(seated_that_day))
            .order_by("-holds_seat", "last_name", "first_name")
        )
        self.fields["present"].queryset = people
        self.fields["excused"].queryset = people
        self.people = list(people)

    def _chosen(self, name: str) -> set[str]:
        if self.is_bound:
            return set(self.data.getlist(name))
        return {str(getattr(person, "pk", person)) for person in self.initial.get(name, [])}

    def rows(self) -> list[tuple[Person, bool, bool]]:
        """(person, ticked present, ticked excused) for every person the form offers."""
        present, excused = self._chosen("present"), self._chosen("excused")
        return [
            (person, str(person.pk) in present, str(person.pk) in excused) for person in self.people
        ]


class DecisionForm(ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "votes_for", "votes_against", "abstentions", "outcome"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class ActionItemForm(ModelForm):
    class Meta:
        model = ActionItem
        fields = ["text", "owner", "due_on", "done_on"]
        widgets = {"due_on": iso_date_input(), "done_on": iso_date_input()}

    def __init__(self, *args, user, cluster_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = cluster_people(user, cluster_id)

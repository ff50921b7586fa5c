"""Forms of the activity pages: coaching, workshops, the export lab and outcomes.

They only shape the input; the rules (quarter hours, the allotment, the project's window, the
order of the export-lab stages ...) live in the services, whose errors show at these fields.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.forms import Form, ModelForm, iso_date_input
from internationalization.choices import ExportLabStage, OutcomeKind
from internationalization.models import WORKSHOP_FIELDS, ExportLabTrack, Outcome, Workshop
from internationalization.selectors import CoachingBalance, research_organisations
from members.models import Organization
from projects.models import Cohort, Enrolment, Project


def hours_field(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "min": "0"}),
    )


class CoachingSessionForm(Form):
    """A session; the hours field says how many hours are left of the allotment."""

    date = forms.DateField(label=_("Date"), widget=iso_date_input())
    hours = hours_field(_("Hours"))
    topic = forms.CharField(label=_("Topic"), max_length=200)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, balance: CoachingBalance, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["hours"].help_text = _(
            "In steps of a quarter hour. %(left)s of the %(allotted)s hours allotted are left."
        ) % {"left": balance.left, "allotted": balance.allotted}


class SessionDisputeForm(Form):
    """Why the session is not right: the side that logged it reads this and corrects it."""

    reason = forms.CharField(
        label=_("What is not right?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the date, the hours or the topic; the other side corrects it."),
    )


class OutcomeVerifyForm(Form):
    """The manager's answer to what a firm reported: verified, or rejected with a reason."""

    verified = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("1", _("Verified")), ("0", _("Rejected"))],
        coerce=lambda value: value == "1",
    )
    note = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class AllotmentForm(Form):
    hours = hours_field(_("Coaching hours allotted"))

    def __init__(self, *args, used: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hours"].help_text = _(
            "In steps of a quarter hour; not less than the %(used)s hours already logged."
        ) % {"used": used}


class WorkshopForm(ModelForm):
    """A workshop of the project; the cohort is one of the project's cohorts, or none."""

    class Meta:
        model = Workshop
        fields = list(WORKSHOP_FIELDS)
        widgets = {"date": iso_date_input(), "topic": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"cohort": _("Leave empty for a workshop open to every firm.")}

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = Cohort.objects.filter(project=project).order_by("name")


class EnrolmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, enrolment: Enrolment) -> str:
        cohort = f" ({enrolment.cohort})" if enrolment.cohort_id else ""
        return f"{enrolment.organization}{cohort}"


class WorkshopInviteForm(Form):
    enrolments = EnrolmentChoiceField(
        label=_("Firms to invite"),
        queryset=Enrolment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolments"].queryset = candidates


class WorkshopAttendanceForm(Form):
    attended = EnrolmentChoiceField(
        label=_("Attended"),
        queryset=Enrolment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, invited, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = invited


class ExportLabStartForm(Form):
    target_market = ExportLabTrack._meta.get_field("target_market").formfield()
    entered_on = forms.DateField(label=_("Market choice began on"), widget=iso_date_input())
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExportLabAdvanceForm(Form):
    """Only the stages the track may go to (``moves``, from the service's rule) are offered:
    the one next stage preselected, or, from evaluation, a choice between going on and going
    back with none preselected. Another stage posted is refused at the field, naming the
    stages offered; the API asks the service, which says why."""

    to_stage = forms.ChoiceField(label=_("Move to"))
    entered_on = forms.DateField(label=_("Entered on"), widget=iso_date_input())
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, moves: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["to_stage"]
        labels = [(stage, ExportLabStage(stage).label) for stage in moves]
        field.choices = labels if len(labels) == 1 else [("", _("Choose a stage")), *labels]
        field.initial = moves[0] if len(moves) == 1 else ""
        field.error_messages["invalid_choice"] = _("From here the track may go to: %(stages)s.") % {
            "stages": ", ".join(str(label) for _stage, label in labels)
        }


class OutcomeForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OutcomeKind.choices)
    date = forms.DateField(label=_("Date"), widget=iso_date_input())
    country = Outcome._meta.get_field("country").formfield(required=False)
    quantity = forms.IntegerField(
        label=_("Quantity"),
        required=False,
        help_text=_("How many (customers, units, prototypes …); 1 when left empty."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    partner = forms.ModelChoiceField(
        label=_("Research organisation"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("For a joint activity with a research organisation: which one."),
    )

    def __init__(self, *args, enrolment=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)
        if enrolment is not None:
            # The rule (a research organisation of the project's cluster) is the service's;
            # the list offers the cluster's universities and institutes.
            self.fields["partner"].queryset = research_organisations(enrolment.project.cluster)


class CompletionForm(Form):
    """Mark an enrolment completed: the day it did, and why when a completion rule is unmet
    (internationalization.services.completion checks the rules)."""

    # Empty: today. The service refuses a day in the future or before the step before it.
    completed_on = forms.DateField(label=_("Completed on"), required=False, widget=iso_date_input())
    justification = forms.CharField(label=_("Justification"), required=False)

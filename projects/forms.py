"""Forms of the project pages: the project, its funding, partners, targets and cohorts; the
application with its self-assessment; and one small form per step of an enrolment."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from clusters.forms import Form, ModelForm, PastDateField, UniqueByServiceMixin, iso_date_input
from members.choices import SizeClass
from projects.choices import (
    Commitment,
    DropoutPhase,
    DropoutReason,
    PartnerRole,
)
from projects.models import (
    PROJECT_FIELDS,
    Cohort,
    CompletionRule,
    Enrolment,
    Project,
    ProjectTarget,
)

NACE_PREFIX = re.compile(r"^(?:[A-U]|[A-U]?\d{1,2}(?:\.\d{1,2})?)$")
ASSESSED = ("market", "customers", "situation")
SCORES = [(score, str(score)) for score in range(1, 6)]
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class CommaSeparatedField(forms.CharField):
    """A list of short texts typed as 'a, b, c'; blanks and repeats are dropped."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        items = []
        for item in text.split(","):
            item = item.strip()
            if item and item not in items:
                items.append(item)
        return items


class NacePrefixField(CommaSeparatedField):
    def to_python(self, value) -> list[str]:
        return [code.upper() for code in super().to_python(value)]

    def validate(self, value) -> None:
        super().validate(value)
        wrong = [code for code in value if not NACE_PREFIX.match(code)]
        if wrong:
            raise ValidationError(
                _("Not a NACE code or prefix: %(codes)s. Use e.g. 'C', 'C22' or 'J62.01'.")
                % {"codes": ", ".join(wrong)}
            )


class ProjectForm(UniqueByServiceMixin, ModelForm):
    unique_by_service = ("slug",)
    regions = CommaSeparatedField(
        label=_("Regions served"),
        required=False,
        help_text=_("Separated by commas, e.g. 'Gävleborg, Dalarna'. Empty: any region."),
    )
    allowed_size_classes = forms.MultipleChoiceField(
        label=_("Allowed size classes"),
        choices=[(value, label) for value, label in SizeClass.choices if value != "unknown"],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: any size."),
    )
    allowed_sectors = NacePrefixField(
        label=_("Allowed sectors (NACE prefixes)"),
        required=False,
        help_text=_("Separated by commas, e.g. 'C22, J62'. Empty: any sector."),
    )

    class Meta:
        model = Project
        fields = list(PROJECT_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "start": iso_date_input(),
            "end": iso_date_input(),
            "enrolment_start": iso_date_input(),
            "enrolment_end": iso_date_input(),
        }


class FundingForm(Form):
    """One share (%) per programme the cluster takes part in; empty or 0 means none."""

    def __init__(self, *args, programmes, current: dict[int, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        self.programmes = list(programmes)
        for programme in self.programmes:
            self.fields[self.field_name(programme)] = forms.DecimalField(
                label=str(programme),
                required=False,
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=2,
                initial=current.get(programme.pk),
            )

    @staticmethod
    def field_name(programme) -> str:
        return f"share_{programme.pk}"

    def shares(self) -> dict:
        shares = {}
        for programme in self.programmes:
            value = self.cleaned_data.get(self.field_name(programme))
            if value:
                shares[programme] = value
        return shares

    def add_share_errors(self, messages: list[str]) -> None:
        """Errors about the shares as a whole show next to the shares, not at the top."""
        self.errors.setdefault("shares", self.error_class()).extend(messages)

    @property
    def share_errors(self):
        return self.errors.get("shares")


class PartnerForm(Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=PartnerRole.choices)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class PartnerCoachForm(Form):
    coach = forms.ModelChoiceField(label=_("Coach"), queryset=None)

    def __init__(self, *args, coaches, project_regions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coaches
        if project_regions:
            self.fields["regions"] = forms.MultipleChoiceField(
                label=_("Regions served"),
                choices=[(region, region) for region in project_regions],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text=_("None ticked: every region of the project."),
            )
        else:
            self.fields["regions"] = CommaSeparatedField(
                label=_("Regions served"),
                required=False,
                help_text=_("Separated by commas. Empty: every region."),
            )


class TargetForm(ModelForm):
    class Meta:
        model = ProjectTarget
        fields = ["name", "number"]


class CompletionRuleForm(ModelForm):
    """One activity the whole process requires; a rule for an activity already listed
    replaces it."""

    class Meta:
        model = CompletionRule
        fields = ["activity", "minimum", "stage"]
        help_texts = {"stage": _("For the export lab only.")}

    def validate_unique(self):
        # The service replaces the project's rule for the activity; no duplicate to refuse.
        pass


class CohortForm(ModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "description"]


def score_field(model_field: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=capfirst(Enrolment._meta.get_field(model_field).verbose_name),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1: none, 5: thorough."),
    )


def comment_field(model_field: str) -> forms.CharField:
    return forms.CharField(
        label=capfirst(Enrolment._meta.get_field(model_field).verbose_name),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ApplyForm(Form):
    """The application: which firm, and its self-assessment of export readiness."""

    organization = forms.ModelChoiceField(label=_("Firm"), queryset=None)
    score_market = score_field("score_market")
    comment_market = comment_field("comment_market")
    score_customers = score_field("score_customers")
    comment_customers = comment_field("comment_customers")
    score_situation = score_field("score_situation")
    comment_situation = comment_field("comment_situation")

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        only = list(organizations[:2])
        if len(only) == 1:
            self.fields["organization"].initial = only[0].pk
            self.fields["organization"].empty_label = None

    def assessment(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "organization"}

    def assessment_pairs(self):
        """(score, comment) bound fields of each question, for the template."""
        return [(self[f"score_{topic}"], self[f"comment_{topic}"]) for topic in ASSESSED]


class OverrideForm(Form):
    justification = forms.CharField(
        label=_("Why the rules do not apply here"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class InterviewScheduleForm(Form):
    interview_at = forms.DateTimeField(
        label=_("Interview on"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )


class InterviewRecordForm(Form):
    held_on = forms.DateField(label=_("Held on"), widget=iso_date_input())
    notes = forms.CharField(
        label=_("Interview notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecideForm(Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Accept")), ("no", _("Reject"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for a rejection."),
    )
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=None, required=False)
    coach = forms.ModelChoiceField(
        label=_("Coach"),
        queryset=None,
        required=False,
        help_text=_("Empty: a coach of a partner serving the firm's region is assigned."),
    )
    coach_other_region = forms.BooleanField(
        label=_("Assign this coach although they serve another region"),
        required=False,
        help_text=_("A coach is assigned by the firm's region; tick to confirm another one."),
    )
    decided_on = PastDateField(label=_("Decided on"))

    def __init__(self, *args, cohorts, coaches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["coach"].queryset = coaches


class ActivateForm(Form):
    activated_on = PastDateField(label=_("Started on"))


class DropForm(Form):
    phase = forms.ChoiceField(
        label=_("Phase"), choices=[("", "---------"), *DropoutPhase.choices], required=False
    )
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", "---------"), *DropoutReason.choices], required=False
    )
    note = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    dropped_on = PastDateField(label=_("Dropped out on"))

    def __init__(self, *args, **kwargs):
        # Its "reason" shares the page with the decision's "reason": ids must differ.
        kwargs.setdefault("auto_id", "id_drop_%s")
        super().__init__(*args, **kwargs)


class CommitmentForm(Form):
    commitment = forms.ChoiceField(
        label=_("Commitment"),
        choices=[("", _("Not set")), *Commitment.choices],
        required=False,
    )


class FeePaidForm(Form):
    paid_on = forms.DateField(
        label=_("Paid on"), initial=timezone.localdate, widget=iso_date_input()
    )

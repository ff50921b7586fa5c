"""Forms of the cluster, staff, funder and programme pages; the rules live in clusters.services.

``Form`` and ``ModelForm`` are the bases of every form of the apps from clusters on: they
guard free text as clusters.text says (no control characters, a bounded length).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.indicators import outcome_kind_choices
from clusters.models import (
    CLUSTER_EDITABLE_FIELDS,
    PROGRAMME_FIELDS,
    Cluster,
    CountingRule,
    Funder,
    Indicator,
    Programme,
    ProgrammeIndicator,
    ProgrammePeriod,
    StaffRole,
)
from clusters.text import TEXT_MAX_LENGTH, NoControlCharactersValidator


def guard_text_field(field: forms.Field) -> None:
    """Refuse control characters in a text field (tab and line breaks only in a text area),
    and bound its length when it declares no maximum."""
    if not isinstance(field, forms.CharField) or isinstance(field, forms.JSONField):
        return
    multiline = isinstance(field.widget, forms.Textarea)
    field.validators.append(NoControlCharactersValidator(multiline=multiline))
    if field.max_length is None:
        field.max_length = TEXT_MAX_LENGTH
        field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
        field.widget.attrs["maxlength"] = str(TEXT_MAX_LENGTH)


class TextGuardMixin:
    """Guards every text field of the form (guard_text_field), declared or generated from a
    model, in the copy of the fields each form instance has."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            guard_text_field(field)


class Form(TextGuardMixin, forms.Form):
    """The base of the apps' forms."""


class ModelForm(TextGuardMixin, forms.ModelForm):
    """The base of the apps' model forms."""


class ClusterForm(ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Cluster
        fields = list(CLUSTER_EDITABLE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class StaffRoleAssignForm(Form):
    email = forms.EmailField(label=_("E-mail address of an existing user"))
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices)


def iso_date_input() -> forms.DateInput:
    # The browser's date picker needs ISO dates whatever the language's date format.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PastDateField(forms.DateField):
    """The day something happened, for a step or a decision recorded after the fact (at a
    meeting last week, on the phone): optional, prefilled with today, and left empty it means
    today (the services' default). A day in the future is refused here, next to the field; the
    services refuse it too, with the rules that need the record (not before the step before)."""

    def __init__(self, *, label, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", timezone.localdate)
        kwargs.setdefault("widget", iso_date_input())
        kwargs.setdefault("help_text", _("The day it happened, if not today."))
        super().__init__(label=label, **kwargs)

    def bound_data(self, data, initial):
        # Posted empty (from a form that did not offer the day, e.g. the timbank queue), the
        # form shown again offers today, which is what the empty day meant.
        return initial if data in self.empty_values else data

    def validate(self, value) -> None:
        super().validate(value)
        if value and value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."), code="future")


class UniqueByServiceMixin:
    """A model form whose ``unique_by_service`` fields are checked by the service alone: its
    refusal names no other cluster's record and offers a free value
    (clusters.services.unavailable), where the model form's would say "... already exists"."""

    unique_by_service: tuple[str, ...] = ()

    def validate_unique(self):
        exclude = {*self._get_validation_exclusions(), *self.unique_by_service}
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


class ProgrammeForm(UniqueByServiceMixin, ModelForm):
    unique_by_service = ("code",)

    class Meta:
        model = Programme
        fields = list(PROGRAMME_FIELDS)
        widgets = {"start": iso_date_input(), "end": iso_date_input()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Funder.objects.visible_to(user)
        period = self.fields["period"]
        period.required = False
        if self.instance.pk is None:
            period.choices = [("", _("From the start year")), *ProgrammePeriod.choices]
            period.initial = ""


class FunderForm(ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Funder
        fields = ["name", "kind", "country", "website"]


class ProgrammeIndicatorForm(Form):
    """An indicator of the programme's own; the rules (unique code, an outcome kind for the
    outcome rule) are clusters.services.programme_indicator_define's."""

    code = Indicator._meta.get_field("code").formfield()
    name = Indicator._meta.get_field("name").formfield()
    unit = Indicator._meta.get_field("unit").formfield()
    counting_rule = forms.ChoiceField(label=_("Counting rule"), choices=CountingRule.choices)
    outcome_kind = forms.ChoiceField(
        label=_("Outcome kind"),
        required=False,
        help_text=_("Only for the rule 'enterprises with an outcome of a given kind'."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome_kind"].choices = [("", "—"), *outcome_kind_choices()]


class IndicatorTargetsForm(Form):
    """The baseline of a programme's indicator and a milestone and a target for each year the
    programme runs (fields ``milestone_<year>`` and ``target_<year>``)."""

    baseline = forms.IntegerField(label=_("Baseline"), min_value=0)

    def __init__(self, *args, programme_indicator: ProgrammeIndicator, **kwargs):
        programme = programme_indicator.programme
        self.years = list(range(programme.start.year, programme.end.year + 1))
        existing = {target.year: target for target in programme_indicator.targets.all()}
        initial = {"baseline": programme_indicator.baseline}
        for year, target in existing.items():
            initial[f"milestone_{year}"] = target.milestone
            initial[f"target_{year}"] = target.target
        kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        for year in self.years:
            for kind, label in (("milestone", _("Milestone")), ("target", _("Target"))):
                self.fields[f"{kind}_{year}"] = forms.IntegerField(
                    label=f"{label} {year}", min_value=0, required=False
                )

    def year_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(year, self[f"milestone_{year}"], self[f"target_{year}"]) for year in self.years]

    def targets(self) -> dict[int, tuple[int | None, int | None]]:
        data = self.cleaned_data
        return {
            year: (data.get(f"milestone_{year}"), data.get(f"target_{year}")) for year in self.years
        }

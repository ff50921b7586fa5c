"""Forms of the cluster, staff, funder and programme pages; the rules live in clusters.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Funder, Programme, StaffRole


class ClusterForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Cluster
        fields = [
            "name",
            "country",
            "region",
            "city",
            "sectors",
            "legal_form",
            "founded",
            "website",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class StaffRoleAssignForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of an existing user"))
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices)


def iso_date_input() -> forms.DateInput:
    # The browser's date picker needs ISO dates whatever the language's date format.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "funder",
            "name",
            "code",
            "budget",
            "currency",
            "start",
            "end",
            "cofinancing_rate",
            "hourly_value",
            "min_support_hours",
        ]
        widgets = {"start": iso_date_input(), "end": iso_date_input()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Funder.objects.visible_to(user)


class FunderForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Funder
        fields = ["name", "kind", "country", "website"]

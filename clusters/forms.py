"""Forms of the cluster, staff, funder and programme pages; the rules live in clusters.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.models import (
    CLUSTER_EDITABLE_FIELDS,
    PROGRAMME_FIELDS,
    Cluster,
    Funder,
    Programme,
    StaffRole,
)


class ClusterForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Cluster
        fields = list(CLUSTER_EDITABLE_FIELDS)
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
        fields = list(PROGRAMME_FIELDS)
        widgets = {"start": iso_date_input(), "end": iso_date_input()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Funder.objects.visible_to(user)


class FunderForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Funder
        fields = ["name", "kind", "country", "website"]

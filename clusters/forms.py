from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, StaffRole


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

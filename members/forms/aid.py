from django import forms

from clusters.forms import ModelForm, iso_date_input
from members.models import DeclaredAid
from members.models.aid import DECLARED_AID_FIELDS


class DeclaredAidForm(ModelForm):
    """Aid a firm received from another source; the rules are the service's."""

    class Meta:
        model = DeclaredAid
        fields = list(DECLARED_AID_FIELDS)
        widgets = {
            "granted_on": iso_date_input(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

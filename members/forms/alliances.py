"""Forms of the alliance pages; the rules live in members.services.alliances."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.forms import Form, ModelForm, iso_date_input
from members.choices import MembershipStatus
from members.models import Alliance, Organization
from members.models.alliances import ALLIANCE_FIELDS


class AllianceForm(ModelForm):
    class Meta:
        model = Alliance
        fields = list(ALLIANCE_FIELDS)
        widgets = {"start": iso_date_input(), "end": iso_date_input()}


class ParticipantChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, organization: Organization) -> str:
        membership = getattr(organization, "membership", None)
        if membership is None or membership.status == MembershipStatus.ACTIVE:
            return organization.legal_name
        return f"{organization.legal_name} ({membership.get_status_display().lower()})"


class AllianceParticipantsForm(Form):
    """The member organizations taking part: the cluster's active members, plus those
    already taking part whose membership has since changed (so saving does not drop them
    unnoticed)."""

    participants = ParticipantChoiceField(
        label=_("Member organizations taking part"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = choices

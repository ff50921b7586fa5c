from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.forms import Form, ModelForm, iso_date_input
from members.choices import MEMBERSHIP_TRANSITIONS, MembershipStatus
from members.models import FeeSchedule, Membership, Organization
from members.models.organizations import ORGANIZATION_FIELDS


class OrganizationForm(ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = list(ORGANIZATION_FIELDS)
        widgets = {"founded_on": iso_date_input()}

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Organization.objects.filter(cluster=cluster)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        if not self.instance.pk:
            # A new organization is proposed the cluster's own country, not the model's default.
            self.initial.setdefault("country", cluster.country)


class OrganizationCreateForm(OrganizationForm):
    membership_status = forms.ChoiceField(
        label=_("Membership starts as"),
        choices=[
            (MembershipStatus.APPLIED, MembershipStatus.APPLIED.label),
            (MembershipStatus.ACTIVE, MembershipStatus.ACTIVE.label),
        ],
        initial=MembershipStatus.ACTIVE,
    )
    status_on = forms.DateField(
        label=_("As of"), initial=timezone.localdate, widget=iso_date_input()
    )


class MembershipTransitionForm(Form):
    to_status = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=iso_date_input())
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the member leaves."),
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (status, MembershipStatus(status).label)
            for status in MembershipStatus.values
            if status in MEMBERSHIP_TRANSITIONS[membership.status]
        ]


class FeeScheduleForm(ModelForm):
    class Meta:
        model = FeeSchedule
        fields = ["year", "size_class", "amount", "currency", "due_on"]
        widgets = {"due_on": iso_date_input()}


class FeesIssueForm(Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)


class FeePaidForm(Form):
    paid_on = forms.DateField(
        label=_("Paid on"),
        initial=timezone.localdate,
        widget=iso_date_input(),
    )

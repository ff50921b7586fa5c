"""Forms of the trip pages: applying, deciding, claiming expenses, reporting, country caps.

The rules (the project's window, the cap, the budget, the receipt's type and size) are the
services'; their errors show at these fields.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from clusters.forms import Form, ModelForm, iso_date_input
from clusters.money import CURRENCY_CHOICES
from internationalization.choices import TripPurpose
from internationalization.forms.timbank import DecisionForm, decided_on_field
from internationalization.models import TripReport
from internationalization.uploads import RECEIPT_ACCEPT


def money_field(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, min_value=0, **kwargs)


class TripApplyForm(Form):
    # No country is preselected (the first of the alphabet would be chosen unseen): the
    # empty choice asks for one, and the field is required.
    country = LazyTypedChoiceField(
        label=_("Destination country"),
        choices=lambda: [("", _("Choose a country")), *countries],
    )
    city = forms.CharField(label=_("City"), max_length=120)
    event = forms.CharField(label=_("Event or fair"), max_length=200, required=False)
    start = forms.DateField(label=_("From"), widget=iso_date_input())
    end = forms.DateField(label=_("To"), widget=iso_date_input())
    purpose = forms.ChoiceField(label=_("Purpose"), choices=TripPurpose.choices)
    budget_requested = money_field(_("Budget requested"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The trip ends before it starts."))
        return cleaned


class ApproveTripForm(DecisionForm):
    id_prefix = "approve"
    budget = money_field(_("Budget approved"))
    decided_on = decided_on_field()


class ExpenseClaimForm(Form):
    description = forms.CharField(label=_("What"), max_length=200)
    amount = money_field(_("Amount"))
    receipt = forms.FileField(
        label=_("Receipt"),
        help_text=_("A PDF, JPEG or PNG file of at most %(size)d MB.")
        % {"size": settings.RECEIPT_MAX_BYTES // (1024 * 1024)},
        widget=forms.FileInput(attrs={"accept": RECEIPT_ACCEPT}),
    )

    def __init__(self, *args, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].label = _("Amount (%(currency)s)") % {"currency": currency}


class ClaimDecisionForm(Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Reject"))],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)


class ReimbursedForm(Form):
    on = forms.DateField(label=_("Reimbursed on"), widget=iso_date_input())


class TripReportForm(ModelForm):
    class Meta:
        model = TripReport
        fields = ["meetings_held", "leads", "contracts_signed", "units_sold", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class TripCapForm(Form):
    country = LazyTypedChoiceField(label=_("Country"), choices=countries)
    cap = money_field(_("Cap per trip"))
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)

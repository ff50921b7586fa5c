"""Forms of the timbank pages: requests and their decisions, timesheets, pools, consultants.

The forms only shape the input; the rules (quarter hours, the pool, the project's window)
are the services', whose errors show at these fields.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.forms import Form, ModelForm, PastDateField, iso_date_input
from clusters.models import Cluster
from clusters.money import CURRENCY_CHOICES
from internationalization.choices import ConsultantService
from internationalization.models import Consultant, TimbankRequest
from members.models import Organization, Person


def hours_field(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "min": "0.25"}),
        **kwargs,
    )


def text_field(label, rows: int = 3, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class TimbankRequestForm(Form):
    service = forms.ChoiceField(label=_("Service"), choices=ConsultantService.choices)
    hours_requested = hours_field(
        _("Hours requested"), help_text=_("In quarter hours: 0.25, 0.5, 0.75…")
    )
    needed_by = forms.DateField(label=_("Needed by"), widget=iso_date_input())
    purpose = text_field(_("Purpose"), rows=4, help_text=_("What the consultant should do."))


class DecisionForm(Form):
    """A decision on a request (hours, a trip): ``decided_on`` is the day it was taken, when
    earlier than it is recorded; the view turns it into the instant the service keeps. The
    approval and the rejection share a page, so their ids carry ``id_prefix``."""

    id_prefix = "decision"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


def decided_on_field() -> PastDateField:
    return PastDateField(label=_("Decided on"))


class ApproveForm(DecisionForm):
    id_prefix = "approve"
    hours = hours_field(_("Hours to approve"))
    decided_on = decided_on_field()


class RejectForm(DecisionForm):
    id_prefix = "reject"
    reason = text_field(_("Reason"), rows=2)
    decided_on = decided_on_field()


class AskInfoForm(Form):
    question = text_field(_("Question to the firm"), rows=2)


class ReplyForm(Form):
    text = text_field(_("Your answer"), rows=3)


class TimesheetForm(Form):
    consultant = forms.ModelChoiceField(label=_("Consultant"), queryset=Consultant.objects.none())
    date = forms.DateField(label=_("Date"), widget=iso_date_input())
    hours = hours_field(_("Hours"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, user, request: TimbankRequest, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the consultants offering the request's service (a list in a JSON field, which
        # not every database can search).
        consultants = Consultant.objects.visible_to(user).filter(
            cluster_id=request.enrolment.project.cluster_id
        )
        offering = [
            c.pk for c in consultants.only("pk", "services") if request.service in c.services
        ]
        self.fields["consultant"].queryset = consultants.filter(pk__in=offering)


class PoolForm(Form):
    hours_total = forms.DecimalField(
        label=_("Hours in the pool"),
        max_digits=9,
        decimal_places=2,
        min_value=0,
        widget=forms.NumberInput(attrs={"step": "0.25", "min": "0"}),
    )
    hourly_value = forms.DecimalField(
        label=_("Hourly value"), max_digits=12, decimal_places=2, min_value=0
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)


class ConsultantForm(ModelForm):
    services = forms.MultipleChoiceField(
        label=_("Services"),
        choices=ConsultantService.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Consultant
        fields = ["name", "person", "organization", "services", "email"]

    def __init__(self, *args, user, cluster: Cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.visible_to(user).filter(cluster=cluster).order_by("last_name")
        )
        self.fields["person"].required = False
        self.fields["organization"].queryset = (
            Organization.objects.visible_to(user).filter(cluster=cluster).order_by("legal_name")
        )
        self.fields["organization"].required = False

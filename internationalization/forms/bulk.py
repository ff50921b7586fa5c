"""Forms of the bulk steps on a project's enrolments pipeline: which firms and which step, then
the step's own details (a workshop, a decision, a message)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.forms import Form
from internationalization.models import Workshop
from projects.forms import DecideForm

INVITE, DECIDE, MESSAGE = "invite", "decide", "message"
ACTIONS = [
    (INVITE, _("Invite to a workshop")),
    (DECIDE, _("Decide: accept or reject")),
    (MESSAGE, _("Send a message to the firms")),
]


class BulkChoiceForm(Form):
    """The chosen enrolments (among those of the project the user may see) and the step."""

    action = forms.ChoiceField(label=_("Step"), choices=ACTIONS)
    enrolments = forms.ModelMultipleChoiceField(
        label=_("Firms"),
        queryset=None,
        error_messages={"required": _("Select at least one firm.")},
    )

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolments"].queryset = enrolments


class BulkInviteForm(Form):
    workshop = forms.ModelChoiceField(label=_("Workshop"), queryset=Workshop.objects.none())

    def __init__(self, *args, workshops, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = workshops


class BulkMessageForm(Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}))


BulkDecideForm = DecideForm

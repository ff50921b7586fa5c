from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.choices import Delivery, NotificationKind


class ApiTokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. 'Quarterly report script'."),
    )


class NotificationSettingsForm(forms.Form):
    """One choice per kind of notification (immediately, daily digest, off) and the language
    of the e-mails."""

    language = forms.ChoiceField(label=_("Language of e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args, deliveries: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=Delivery.choices,
                initial=deliveries[kind],
                widget=forms.RadioSelect,
            )

    def kind_fields(self):
        return [self[kind] for kind in NotificationKind.values]

    def deliveries(self) -> dict[str, str]:
        return {kind: self.cleaned_data[kind] for kind in NotificationKind.values}

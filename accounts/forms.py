from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.choices import Delivery, NotificationKind, TokenScope
from accounts.two_factor import confirmed_device, totp_code_matches

TOKEN_LIFETIMES = (30, 90, 180, 365)


def totp_code_field(*, required: bool) -> forms.CharField:
    return forms.CharField(
        label=_("Code from your authenticator app"),
        required=required,
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )


class TwoFactorLoginMixin:
    """After the password, the code of the user's authenticator app, if they enrolled one."""

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        device = confirmed_device(user) if user else None
        if device is None:
            return cleaned
        code = (cleaned.get("otp_token") or "").strip()
        if not code:
            raise forms.ValidationError(
                _("Two-factor log-in is on for this account: enter the code from your app."),
                code="code_required",
            )
        if not totp_code_matches(device=device, code=code):
            raise forms.ValidationError(
                _("That code is wrong or was already used. Wait for the next one and retry."),
                code="code_invalid",
            )
        # django-otp's user_logged_in receiver marks the session verified with this device.
        user.otp_device = device
        return cleaned


class LoginForm(TwoFactorLoginMixin, AuthenticationForm):
    otp_token = totp_code_field(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_token"].help_text = _("Only if you turned on two-factor log-in.")


class AdminLoginForm(TwoFactorLoginMixin, AdminAuthenticationForm):
    otp_token = totp_code_field(required=False)


class TotpCodeForm(forms.Form):
    otp_token = totp_code_field(required=True)


class ApiTokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. 'Quarterly report script'."),
    )
    # Not required: a form sent without them (an older page, a script) gets the defaults.
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=TokenScope.choices,
        initial=TokenScope.READ_ONLY,
        required=False,
        help_text=_("A read-only token cannot change anything."),
    )
    lifetime_days = forms.TypedChoiceField(
        label=_("Expires after"),
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = settings.API_TOKEN_DEFAULT_DAYS
        lifetimes = sorted(
            {days for days in TOKEN_LIFETIMES if days <= settings.API_TOKEN_MAX_DAYS} | {default}
        )
        field = self.fields["lifetime_days"]
        field.choices = [(days, _("%(days)s days") % {"days": days}) for days in lifetimes]
        field.initial = default

    def clean_scope(self) -> str:
        return self.cleaned_data["scope"] or self.fields["scope"].initial


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

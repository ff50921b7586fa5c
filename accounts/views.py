import io
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView, TemplateView
from django.views.i18n import set_language as django_set_language

from accounts.forms import ApiTokenCreateForm, LoginForm, NotificationSettingsForm, TotpCodeForm
from accounts.lockout import client_address, login_unlock
from accounts.models import ApiToken
from accounts.notifications.selectors import deliveries_of, inbox
from accounts.notifications.services import (
    notification_mark_read,
    notification_preferences_save,
    notifications_mark_all_read,
)
from accounts.ratelimit import within_limit
from accounts.services import api_token_create, api_token_revoke, user_language_set
from accounts.two_factor import (
    confirmed_device,
    totp_disable,
    totp_enrolment_confirm,
    totp_enrolment_start,
    two_factor_available,
    two_factor_required,
)


class LoginView(auth_views.LoginView):
    """Log-in by e-mail and password, then the authenticator code where one is enrolled;
    django-axes locks a username+address out after repeated failures."""

    form_class = LoginForm


class PasswordResetView(auth_views.PasswordResetView):
    """Mails a reset link, at most PASSWORD_RESET_LIMIT_PER_EMAIL per address and
    PASSWORD_RESET_LIMIT_PER_IP per client address in PASSWORD_RESET_LIMIT_WINDOW. Past a
    limit the same "mail sent" page answers, so the page never tells whether an account
    exists or a limit was hit."""

    def form_valid(self, form):
        window = settings.PASSWORD_RESET_LIMIT_WINDOW
        email_ok = within_limit(
            bucket="password-reset-email",
            subject=form.cleaned_data["email"].strip().lower(),
            limit=settings.PASSWORD_RESET_LIMIT_PER_EMAIL,
            window=window,
        )
        address_ok = within_limit(
            bucket="password-reset-ip",
            subject=client_address(self.request),
            limit=settings.PASSWORD_RESET_LIMIT_PER_IP,
            window=window,
        )
        if email_ok and address_ok:
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through a reset link also lifts a log-in lockout of the
    address: whoever holds the mailbox is the account's owner. API tokens stay valid; the
    user revokes them on the tokens page if they leaked too."""

    def form_valid(self, form):
        response = super().form_valid(form)
        login_unlock(email=self.user.email)
        return response


class TwoFactorView(LoginRequiredMixin, TemplateView):
    """Turn two-factor log-in on (scan the QR code, confirm with a code) or off."""

    template_name = "accounts/two_factor.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["available"] = two_factor_available(user)
        if not context["available"]:
            return context
        device = confirmed_device(user)
        context.update(
            device=device,
            required=two_factor_required(user),
            form=kwargs.get("form") or TotpCodeForm(),
        )
        if device is None:
            pending = totp_enrolment_start(user=user)
            context.update(secret=_base32_secret(pending), config_url=pending.config_url)
        return context

    def post(self, request, *args, **kwargs):
        if not two_factor_available(request.user):
            raise PermissionDenied(_("Two-factor log-in is offered to staff and funder users."))
        form = TotpCodeForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        code = form.cleaned_data["otp_token"]
        if confirmed_device(request.user) is None:
            done = totp_enrolment_confirm(request=request, code=code)
            success = _("Two-factor log-in is on: you will be asked for a code at each log-in.")
        else:
            done = totp_disable(user=request.user, code=code)
            success = _("Two-factor log-in is off.")
        if not done:
            form.add_error("otp_token", _("That code is wrong or was already used."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, success)
        return redirect("accounts:two-factor")


class TwoFactorQrView(LoginRequiredMixin, View):
    """The QR code of the pending authenticator's setup URL, as SVG made here (no service)."""

    def get(self, request):
        if not two_factor_available(request.user) or confirmed_device(request.user):
            raise PermissionDenied(_("There is no authenticator waiting to be set up."))
        device = totp_enrolment_start(user=request.user)
        svg = io.BytesIO()
        # A standalone SVG document (with its namespace), served as an image.
        segno.make(device.config_url, error="m").save(svg, kind="svg", scale=4, border=2)
        response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
        # The key is in the image: never keep it in a cache.
        response["Cache-Control"] = "no-store"
        return response


def _base32_secret(device) -> str:
    return b32encode(device.bin_key).decode()


class ApiTokenListView(LoginRequiredMixin, TemplateView):
    """The user's personal API tokens; a new key is shown once, right after creation."""

    template_name = "accounts/token_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tokens"] = ApiToken.objects.visible_to(self.request.user)
        context["form"] = kwargs.get("form") or ApiTokenCreateForm()
        context["new_key"] = kwargs.get("new_key")
        context["max_active"] = settings.API_TOKEN_MAX_ACTIVE
        return context

    def post(self, request, *args, **kwargs):
        form = ApiTokenCreateForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            token, key = api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                lifetime_days=form.cleaned_data["lifetime_days"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Token “%(name)s” created.") % {"name": token.name})
        # Rendered, not redirected: the key must never be stored where it could be shown again.
        return self.render_to_response(self.get_context_data(new_key=key))


class ApiTokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=pk)
        api_token_revoke(token=token)
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
        return redirect("accounts:tokens")


class InboxView(LoginRequiredMixin, ListView):
    """The user's notifications, newest first; each opens the page where they act."""

    template_name = "accounts/inbox.html"
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        return inbox(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unread"] = inbox(self.request.user).unread().exists()
        return context


class InboxBadgeView(LoginRequiredMixin, TemplateView):
    """The header's unread count, fetched by htmx once the page has loaded: one query, and
    none added to the page itself (whose query budget stays its own)."""

    template_name = "accounts/_inbox_badge.html"

    def get_context_data(self, **kwargs):
        return {"unread": inbox(self.request.user).unread().count()}


class NotificationOpenView(LoginRequiredMixin, View):
    """Mark the notification read and go where it points; another user's answers 404."""

    def get(self, request, pk: int):
        notification = get_object_or_404(inbox(request.user), pk=pk)
        notification_mark_read(notification=notification, user=request.user)
        if url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
            return redirect(notification.url or "accounts:inbox")
        return redirect("accounts:inbox")


class NotificationsReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        count = notifications_mark_all_read(user=request.user)
        messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
        return redirect("accounts:inbox")


class NotificationSettingsView(LoginRequiredMixin, FormView):
    """Per kind of notification: immediately, in the daily digest, or off; and the language
    the e-mails are written in."""

    template_name = "accounts/notification_settings.html"
    form_class = NotificationSettingsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "deliveries": deliveries_of(self.request.user)}

    def get_initial(self):
        return {"language": self.request.user.language}

    def form_valid(self, form):
        notification_preferences_save(
            user=self.request.user,
            deliveries=form.deliveries(),
            language=form.cleaned_data["language"],
        )
        messages.success(self.request, _("Your notification settings were saved."))
        return redirect("accounts:notification-settings")


@require_POST
def set_language(request):
    """The header's language buttons: Django's ``set_language``, and for a logged-in user the
    language of their e-mails too, so that what they read on the site is what they receive."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        user_language_set(user=request.user, language=request.POST.get("language", ""))
    return response

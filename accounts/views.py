from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView, TemplateView
from django.views.i18n import set_language as django_set_language

from accounts.forms import ApiTokenCreateForm, NotificationSettingsForm
from accounts.models import ApiToken
from accounts.notifications.selectors import deliveries_of, inbox
from accounts.notifications.services import (
    notification_mark_read,
    notification_preferences_save,
    notifications_mark_all_read,
)
from accounts.services import api_token_create, api_token_revoke, user_language_set


class ApiTokenListView(LoginRequiredMixin, TemplateView):
    """The user's personal API tokens; a new key is shown once, right after creation."""

    template_name = "accounts/token_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tokens"] = ApiToken.objects.visible_to(self.request.user)
        context["form"] = kwargs.get("form") or ApiTokenCreateForm()
        context["new_key"] = kwargs.get("new_key")
        return context

    def post(self, request, *args, **kwargs):
        form = ApiTokenCreateForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        token, key = api_token_create(user=request.user, name=form.cleaned_data["name"])
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

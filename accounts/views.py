from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.forms import ApiTokenCreateForm
from accounts.models import ApiToken
from accounts.services import api_token_create, api_token_revoke


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

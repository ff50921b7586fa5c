"""A firm's state-aid ledger as the cluster's office and the firm see it, and the aid the firm
declares from other sources (recorded and deleted through members/ services)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from clusters.forms import Form, iso_date_input
from clusters.mixins import ParentObjectMixin, ServiceFormMixin
from internationalization.aid import aid_ledger
from internationalization.permissions import can_view_aid_ledger
from members.forms.aid import DeclaredAidForm
from members.models import DeclaredAid, Organization
from members.permissions import can_record_declared_aid, can_withdraw_declared_aid
from members.services import declared_aid_create, declared_aid_withdraw


def aid_ledger_url(organization_id: int) -> str:
    return reverse("internationalization:organization-aid", kwargs={"pk": organization_id})


class AsOfForm(Form):
    on = forms.DateField(label=gettext_lazy("As of"), required=False, widget=iso_date_input())


class OrganizationPageMixin(ParentObjectMixin):
    """Pages about the organization named by the URL's ``pk`` (404 unless the user sees it,
    403 with the rule's reason unless ``parent_permission``); Cancel and success lead back to
    its ledger."""

    parent_model = Organization
    parent_related = ("cluster",)
    parent_permission = staticmethod(can_view_aid_ledger)

    @property
    def organization(self) -> Organization:
        return self.parent

    def parent_url(self) -> str:
        return aid_ledger_url(self.parent.pk)


class OrganizationAidView(OrganizationPageMixin, TemplateView):
    """The firm's de minimis ledger as of a day (today unless asked): the regulation in force,
    its period and ceiling, and how each figure was valued."""

    template_name = "internationalization/aid/ledger.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        as_of = AsOfForm(self.request.GET or None)
        day = (as_of.cleaned_data["on"] if as_of.is_valid() else None) or today
        user, organization = self.request.user, self.organization
        return super().get_context_data(
            organization=organization,
            ledger=aid_ledger(organization, day),
            as_of_form=as_of if as_of.is_bound else AsOfForm(initial={"on": day}),
            can_declare=can_record_declared_aid(user, organization),
            **kwargs,
        )


class DeclaredAidCreateView(OrganizationPageMixin, ServiceFormMixin, FormView):
    """The firm (or the cluster's managers for it) declares aid received from another source."""

    parent_permission = staticmethod(can_record_declared_aid)
    form_class = DeclaredAidForm
    success_message = gettext_lazy("The aid was added to the ledger.")

    def page_title(self) -> str:
        return _("Declare aid %(firm)s received from another source") % {
            "firm": self.organization.legal_name
        }

    def page_intro(self) -> str:
        return _(
            "De minimis aid from a municipality, an agency or another cluster counts towards "
            "the same ceiling. Give the day it was granted and its value as the decision "
            "states it."
        )

    def save_with_service(self, form):
        return declared_aid_create(
            organization=self.organization, data=form.cleaned_data, actor=self.request.user
        )


class DeclaredAidWithdrawView(LoginRequiredMixin, TemplateView):
    """Asks before withdrawing a declared aid item (GET), withdraws it as of today (POST):
    never a delete, the ledger of earlier days keeps counting it."""

    template_name = "internationalization/aid/declared_withdraw.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        declared = (
            DeclaredAid.objects.visible_to(request.user)
            .filter(withdrawn_on__isnull=True)
            .select_related("organization")
        )
        self.declared = get_object_or_404(declared, pk=kwargs["pk"])
        can_withdraw_declared_aid(request.user, self.declared).require()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            declared=self.declared,
            cancel_url=aid_ledger_url(self.declared.organization_id),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        declared_aid_withdraw(aid=self.declared, actor=request.user)
        messages.success(request, _("The declared aid was withdrawn from the ledger."))
        return HttpResponseRedirect(aid_ledger_url(self.declared.organization_id))


urls = [
    path("aid/<int:pk>/", OrganizationAidView.as_view(), name="organization-aid"),
    path("aid/<int:pk>/declare/", DeclaredAidCreateView.as_view(), name="declared-aid-create"),
    path(
        "aid/declared/<int:pk>/withdraw/",
        DeclaredAidWithdrawView.as_view(),
        name="declared-aid-withdraw",
    ),
]

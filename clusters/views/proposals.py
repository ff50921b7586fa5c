"""Proposed changes of shared programmes in the browser: the list and page of a proposal, and
a cluster's answer; thin views over clusters.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from clusters.models import ChangeProposal, ProposalStatus
from clusters.permissions import can_decide_consent, can_withdraw_proposal
from clusters.services import change_consent_decide, change_proposal_withdraw


class ProposalQuerysetMixin(LoginRequiredMixin):
    def get_queryset(self):
        return ChangeProposal.objects.visible_to(self.request.user).select_related(
            "proposed_by", "proposed_for", "content_type"
        )


class ProposalListView(ProposalQuerysetMixin, ListView):
    """The proposals addressed to the user's clusters, newest first."""

    paginate_by = 25

    def get_queryset(self):
        # The changed record of every row in one query per kind of record, not one per row.
        return super().get_queryset().prefetch_related("record")
    template_name = "clusters/proposals/list.html"
    context_object_name = "proposals"


class ProposalDetailView(ProposalQuerysetMixin, DetailView):
    template_name = "clusters/proposals/detail.html"
    context_object_name = "proposal"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposal = self.object
        user = self.request.user
        model = proposal.content_type.model_class()
        context["changes"] = [
            (model._meta.get_field(name).verbose_name, proposal.before.get(name), value)
            for name, value in proposal.changes.items()
        ]
        consents = proposal.consents.select_related("cluster", "decided_by", "proposal")
        context["consents"] = [(consent, can_decide_consent(user, consent)) for consent in consents]
        context["can_withdraw"] = can_withdraw_proposal(user, proposal)
        return context


class ProposalDecideView(LoginRequiredMixin, View):
    """A manager consents to a proposal, or refuses it, for one of their clusters."""

    def post(self, request, pk: int, consent: int):
        proposal = get_object_or_404(ChangeProposal.objects.visible_to(request.user), pk=pk)
        answer = get_object_or_404(proposal.consents.select_related("cluster"), pk=consent)
        given = request.POST.get("decision") == "consent"
        try:
            proposal = change_consent_decide(
                actor=request.user, consent=answer, consent_given=given
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(proposal.get_absolute_url())
        messages.success(request, outcome_message(proposal))
        return HttpResponseRedirect(proposal.get_absolute_url())


def outcome_message(proposal: ChangeProposal) -> str:
    if proposal.status == ProposalStatus.APPLIED:
        return _("Every cluster consented: the change was applied.")
    if proposal.status == ProposalStatus.REFUSED:
        return _("The proposal was refused.")
    return _("Your consent was recorded; the proposal waits for the other clusters.")


class ProposalWithdrawView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        proposal = get_object_or_404(ChangeProposal.objects.visible_to(request.user), pk=pk)
        change_proposal_withdraw(actor=request.user, proposal=proposal)
        messages.success(request, _("The proposal was withdrawn."))
        return HttpResponseRedirect(proposal.get_absolute_url())

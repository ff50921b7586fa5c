"""The end of a firm's path: the outcomes it reports (with its coach and the managers), and
marking its enrolment completed once every required activity is done."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView

from clusters.mixins import ServiceFormMixin, safe_next
from internationalization.forms.activities import CompletionForm, OutcomeForm, OutcomeVerifyForm
from internationalization.models import Outcome
from internationalization.permissions import (
    can_complete,
    can_record_outcome,
    can_verify_outcome,
    outcome_source_for,
)
from internationalization.services.completion import enrolment_complete, rule_checks
from internationalization.services.outcomes import outcome_record, outcome_verify
from internationalization.views.coaching import EnrolmentPageMixin
from projects.choices import EnrolmentStatus
from projects.models import Enrolment


def outcome_list_url(enrolment: Enrolment) -> str:
    return reverse("internationalization:outcome-list", kwargs={"pk": enrolment.pk})


class OutcomeListView(EnrolmentPageMixin, ListView):
    """The firm's outcomes, newest first; for managers also what completion still needs."""

    template_name = "internationalization/outcomes/outcome_list.html"
    context_object_name = "outcomes"
    paginate_by = 25

    def get_queryset(self):
        return (
            Outcome.objects.visible_to(self.request.user)
            .filter(enrolment=self.enrolment)
            .select_related("recorded_by")
            .order_by("-date", "-pk")
        )

    def get_context_data(self, **kwargs):
        user, enrolment = self.request.user, self.enrolment
        may_complete = can_complete(user, enrolment)
        offer_completion = bool(may_complete) and enrolment.status == EnrolmentStatus.ACTIVE
        return super().get_context_data(
            can_record=can_record_outcome(user, enrolment),
            # The rule asks only the cluster: one answer for every outcome of the page.
            can_verify=can_verify_outcome(user, Outcome(enrolment=enrolment)).allowed,
            offer_completion=offer_completion,
            checks=(checks := rule_checks(enrolment) if offer_completion else []),
            missing=[check for check in checks if not check.met],
            **kwargs,
        )


class OutcomeCreateView(EnrolmentPageMixin, ServiceFormMixin, FormView):
    """A firm representative, the firm's coach or a manager reports an outcome; the source
    (firm, coach, manager) follows from who reports it."""

    enrolment_permission = staticmethod(can_record_outcome)
    form_class = OutcomeForm
    success_message = gettext_lazy("The outcome was recorded.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Report a result of %(firm)s in %(project)s")
            % {"firm": self.enrolment.organization, "project": self.enrolment.project},
            intro=_(
                "New contacts, partners, customers, retailers, units sold, prototypes, "
                "launches, markets entered: every result counts."
            ),
            cancel_url=safe_next(self.request, outcome_list_url(self.enrolment)),
            **kwargs,
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "enrolment": self.enrolment}

    def save_with_service(self, form):
        return outcome_record(
            enrolment=self.enrolment,
            source=outcome_source_for(self.request.user, self.enrolment),
            recorded_by=self.request.user,
            **form.cleaned_data,
        )

    def get_success_url(self):
        return safe_next(self.request, outcome_list_url(self.enrolment))


class EnrolmentCompleteView(LoginRequiredMixin, View):
    """Mark the enrolment completed (POST, managers); says what is missing otherwise."""

    def post(self, request, pk: int):
        enrolments = Enrolment.objects.visible_to(request.user).select_related("project")
        enrolment = get_object_or_404(enrolments, pk=pk)
        can_complete(request.user, enrolment).require()
        form = CompletionForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors)
            enrolment_complete(enrolment=enrolment, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(firm)s has gone through the whole process: the enrolment is completed.")
                % {"firm": enrolment.organization},
            )
        return HttpResponseRedirect(enrolment.get_absolute_url())


class OutcomeVerifyView(LoginRequiredMixin, View):
    """A manager verifies or rejects an outcome the firm reported (POST)."""

    def post(self, request, pk: int):
        outcomes = Outcome.objects.visible_to(request.user).select_related("enrolment__project")
        outcome = get_object_or_404(outcomes, pk=pk)
        can_verify_outcome(request.user, outcome).require()
        form = OutcomeVerifyForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors)
            outcome_verify(outcome=outcome, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The outcome is %(state)s.")
                % {"state": outcome.get_verification_display().lower()},
            )
        return HttpResponseRedirect(safe_next(request, outcome_list_url(outcome.enrolment)))


urls = [
    path("outcomes/<int:pk>/verify/", OutcomeVerifyView.as_view(), name="outcome-verify"),
    path("enrolments/<int:pk>/outcomes/", OutcomeListView.as_view(), name="outcome-list"),
    path("enrolments/<int:pk>/outcomes/new/", OutcomeCreateView.as_view(), name="outcome-create"),
    path(
        "enrolments/<int:pk>/complete/",
        EnrolmentCompleteView.as_view(),
        name="enrolment-complete",
    ),
]

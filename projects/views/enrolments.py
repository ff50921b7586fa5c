"""An enrolment's page and its steps: override, interview, decision, activation, dropout,
commitment and the fee. Each step is a small form posting to its own address and calling
one service; a refusal re-renders the page (400) with the message at the field."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import path
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from clusters.mixins import ObjectStepView, VisibleQuerysetMixin
from clusters.permissions import Verdict
from clusters.selectors import history_of
from projects import selectors
from projects.forms import (
    ActivateForm,
    CommitmentForm,
    DecideForm,
    DropForm,
    FeePaidForm,
    InterviewRecordForm,
    InterviewScheduleForm,
    OverrideForm,
)
from projects.models import Enrolment
from projects.permissions import can_manage_enrolment, can_set_commitment
from projects.services import (
    enrolment_activate,
    enrolment_correct_interview,
    enrolment_decide,
    enrolment_drop,
    enrolment_mark_fee_paid,
    enrolment_override_eligibility,
    enrolment_record_interview,
    enrolment_schedule_interview,
    enrolment_set_commitment,
)


def enrolments_with_context(user):
    return Enrolment.objects.visible_to(user).select_related(
        "project__cluster", "organization", "coach", "cohort", "override_by"
    )


def decide_form(user, enrolment: Enrolment, data=None) -> DecideForm:
    return DecideForm(
        data,
        cohorts=selectors.project_cohorts(user, enrolment.project),
        coaches=selectors.cluster_coaches(enrolment.project),
    )


class EnrolmentDetailView(VisibleQuerysetMixin, DetailView):
    """Everything about one firm's path through a project. Staff see the commitment label,
    the internal notes and the audit history; a firm sees its own enrolment without them."""

    model = Enrolment
    template_name = "projects/enrolment_detail.html"
    context_object_name = "enrolment"

    def get_queryset(self):
        return enrolments_with_context(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, enrolment = self.request.user, self.object
        steps = selectors.enrolment_next_steps(user, enrolment)
        context.update(
            staff=steps.staff,
            office=steps.office,
            can_manage=steps.can_manage,
            status_changes=list(selectors.status_changes(user, enrolment)),
            history=history_of(enrolment) if steps.staff else [],
        )
        offered = {
            "override_form": (steps.override, OverrideForm),
            "schedule_form": (steps.schedule_interview, InterviewScheduleForm),
            "record_form": (steps.record_interview, InterviewRecordForm),
            # A recorded interview stays correctable by those who manage the enrolment.
            "correct_interview_form": (
                steps.can_manage and enrolment.interviewed_on is not None,
                lambda: InterviewRecordForm(
                    initial={
                        "held_on": enrolment.interviewed_on,
                        "notes": enrolment.interview_notes,
                    }
                ),
            ),
            "activate_form": (steps.activate, ActivateForm),
            "drop_form": (steps.drop, DropForm),
            "fee_form": (steps.fee, FeePaidForm),
            "decide_form": (steps.decide, lambda: decide_form(user, enrolment)),
            "commitment_form": (
                steps.commitment,
                lambda: CommitmentForm(initial={"commitment": enrolment.commitment}),
            ),
        }
        for name, (shown, make_form) in offered.items():
            if shown:
                context[name] = kwargs.get(name) or make_form()
        return context


class EnrolmentStepView(ObjectStepView):
    """POST one step of an enrolment. The enrolment comes from ``visible_to`` (404), the
    ``permission`` rule is checked (403 with its reason), then the form and the service."""

    model = Enrolment
    detail_view = EnrolmentDetailView
    permission: Callable[..., Verdict] = staticmethod(can_manage_enrolment)

    def get_queryset(self):
        return enrolments_with_context(self.request.user)

    def success_url(self, enrolment: Enrolment) -> str:
        return enrolment.get_absolute_url()


class OverrideView(EnrolmentStepView):
    form_class = OverrideForm
    form_name = "override_form"
    success_message = gettext_lazy("The eligibility rules were overridden.")

    def act(self, enrolment, data):
        enrolment_override_eligibility(
            enrolment=enrolment, justification=data["justification"], actor=self.request.user
        )


class InterviewScheduleView(EnrolmentStepView):
    form_class = InterviewScheduleForm
    form_name = "schedule_form"
    success_message = gettext_lazy("The interview was scheduled.")

    def act(self, enrolment, data):
        enrolment_schedule_interview(
            enrolment=enrolment, at=data["interview_at"], actor=self.request.user
        )


class InterviewRecordView(EnrolmentStepView):
    form_class = InterviewRecordForm
    form_name = "record_form"
    success_message = gettext_lazy("The interview was recorded.")

    def act(self, enrolment, data):
        enrolment_record_interview(enrolment=enrolment, actor=self.request.user, **data)


class InterviewCorrectView(EnrolmentStepView):
    form_class = InterviewRecordForm
    form_name = "correct_interview_form"
    success_message = gettext_lazy("The interview was corrected; the history keeps the change.")

    def act(self, enrolment, data):
        enrolment_correct_interview(enrolment=enrolment, actor=self.request.user, **data)


class DecideView(EnrolmentStepView):
    form_name = "decide_form"
    success_message = gettext_lazy("The decision was recorded.")

    def get_form(self, enrolment):
        return decide_form(self.request.user, enrolment, self.request.POST)

    def act(self, enrolment, data):
        enrolment_decide(enrolment=enrolment, actor=self.request.user, **data)


class ActivateView(EnrolmentStepView):
    form_class = ActivateForm
    form_name = "activate_form"
    success_message = gettext_lazy("The firm is now active in the project.")

    def act(self, enrolment, data):
        enrolment_activate(enrolment=enrolment, actor=self.request.user, **data)


class DropView(EnrolmentStepView):
    form_class = DropForm
    form_name = "drop_form"
    success_message = gettext_lazy("The dropout was recorded.")

    def act(self, enrolment, data):
        enrolment_drop(enrolment=enrolment, actor=self.request.user, **data)


class CommitmentView(EnrolmentStepView):
    permission = staticmethod(can_set_commitment)
    form_class = CommitmentForm
    form_name = "commitment_form"
    success_message = gettext_lazy("The commitment was saved.")

    def act(self, enrolment, data):
        enrolment_set_commitment(enrolment=enrolment, commitment=data["commitment"])


class FeePaidView(EnrolmentStepView):
    form_class = FeePaidForm
    form_name = "fee_form"
    success_message = gettext_lazy("The payment of the fee was recorded.")

    def act(self, enrolment, data):
        enrolment_mark_fee_paid(enrolment=enrolment, paid_on=data["paid_on"])


urls = [
    path("enrolments/<int:pk>/", EnrolmentDetailView.as_view(), name="enrolment-detail"),
    path("enrolments/<int:pk>/override/", OverrideView.as_view(), name="enrolment-override"),
    path(
        "enrolments/<int:pk>/interview/schedule/",
        InterviewScheduleView.as_view(),
        name="enrolment-interview-schedule",
    ),
    path(
        "enrolments/<int:pk>/interview/record/",
        InterviewRecordView.as_view(),
        name="enrolment-interview-record",
    ),
    path(
        "enrolments/<int:pk>/interview/correct/",
        InterviewCorrectView.as_view(),
        name="enrolment-interview-correct",
    ),
    path("enrolments/<int:pk>/decide/", DecideView.as_view(), name="enrolment-decide"),
    path("enrolments/<int:pk>/activate/", ActivateView.as_view(), name="enrolment-activate"),
    path("enrolments/<int:pk>/drop/", DropView.as_view(), name="enrolment-drop"),
    path("enrolments/<int:pk>/commitment/", CommitmentView.as_view(), name="enrolment-commitment"),
    path("enrolments/<int:pk>/fee-paid/", FeePaidView.as_view(), name="enrolment-fee-paid"),
]

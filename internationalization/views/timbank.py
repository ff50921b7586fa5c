"""The timbank pages: the manager's queue, a request with its timesheet, a firm's request,
the pools of the projects and the consultants.

The queue lists the requests waiting for a decision, the longest waiting first, with the hours
left in each project's pool; approving, rejecting and asking for information are inline.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView

from clusters.dates import dated_decision
from clusters.mixins import (
    FilteredListView,
    ObjectStepView,
    OfficeStaffMixin,
    ParentObjectMixin,
    VisibleQuerysetMixin,
    add_service_errors,
    safe_next,
)
from clusters.permissions import can_manage_cluster
from clusters.selectors import history_of, history_of_rows
from internationalization.choices import OPEN_TIMBANK_REQUEST
from internationalization.filters import TimbankRequestFilter
from internationalization.forms.timbank import (
    ApproveForm,
    AskInfoForm,
    PoolForm,
    RejectForm,
    ReplyForm,
    TimbankRequestForm,
    TimesheetForm,
)
from internationalization.models import TimbankRequest, TimesheetEntry
from internationalization.permissions import (
    can_act_for_firm,
    can_act_on_timbank_request,
    can_decide_for_project,
    can_decide_timbank_request,
)
from internationalization.selectors import days_waiting, timbank_request_page
from internationalization.services.timbank import (
    timbank_pool_set,
    timbank_request_approve,
    timbank_request_ask_info,
    timbank_request_close,
    timbank_request_create,
    timbank_request_reject,
    timbank_request_reply,
    timbank_request_withdraw,
    timesheet_log,
)
from projects.choices import ProjectStatus
from projects.models import Enrolment, Project


def request_url(request: TimbankRequest) -> str:
    return reverse("internationalization:timbank-request-detail", kwargs={"pk": request.pk})


# The queue ----------------------------------------------------------------------------------


class TimbankQueueView(OfficeStaffMixin, FilteredListView):
    """Requests of the current cluster's projects waiting for a decision, oldest first."""

    filterset_class = TimbankRequestFilter
    template_name = "internationalization/timbank/queue.html"
    context_object_name = "waiting"
    paginate_by = 25

    def get_queryset(self):
        return (
            TimbankRequest.objects.visible_to(self.request.user)
            .filter(enrolment__project__cluster=self.cluster, status__in=OPEN_TIMBANK_REQUEST)
            .select_related("enrolment__organization", "enrolment__project__timbank")
            .order_by("requested_at", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        for request in context["waiting"]:
            request.days_waiting = days_waiting(request.requested_at, now)
            request.pool = getattr(request.enrolment.project, "timbank", None)
        projects = (
            Project.objects.visible_to(self.request.user)
            .filter(cluster=self.cluster)
            .exclude(status=ProjectStatus.CLOSED)
            .select_related("timbank")
            .order_by("name")
        )
        context.update(
            cluster=self.cluster,
            can_manage=can_manage_cluster(self.request.user, self.cluster),
            projects=[(project, getattr(project, "timbank", None)) for project in projects],
        )
        return context


# A request ----------------------------------------------------------------------------------


class TimbankRequestObjectMixin(VisibleQuerysetMixin):
    model = TimbankRequest

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "enrolment__organization",
                "enrolment__project__cluster",
                "enrolment__project__timbank",
                "decided_by",
            )
        )


class TimbankRequestDetailView(TimbankRequestObjectMixin, DetailView):
    """A request: what was asked, the decision and its lead time, the timesheet, history."""

    template_name = "internationalization/timbank/request_detail.html"
    context_object_name = "timbank_request"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, timbank_request = self.request.user, self.object
        project = timbank_request.enrolment.project
        page = timbank_request_page(user, timbank_request)
        context.update(
            enrolment=timbank_request.enrolment,
            project=project,
            pool=getattr(project, "timbank", None),
            entries=page.entries,
            hours_used=page.hours_used,
            hours_left=page.hours_left,
            days_waiting=page.days_waiting,
            lead_time=page.lead_time,
            lead_days=page.lead_days,
            can_decide=page.can_decide,
            can_log=page.can_log,
            can_reply=page.can_reply,
            show_history=page.show_history,
            can_withdraw=timbank_request.status in OPEN_TIMBANK_REQUEST
            and bool(can_act_on_timbank_request(user, timbank_request)),
        )
        context.setdefault(
            "approve_form", ApproveForm(initial={"hours": timbank_request.hours_requested})
        )
        context.setdefault("reject_form", RejectForm())
        context.setdefault("ask_form", AskInfoForm())
        context.setdefault("reply_form", ReplyForm())
        if context["can_log"]:
            context.setdefault("timesheet_form", TimesheetForm(user=user, request=timbank_request))
        if context["show_history"]:
            context["history"] = history_of(timbank_request)
            context["timesheet_history"] = history_of_rows(
                TimesheetEntry,
                request_id=timbank_request.pk,
                related=["consultant"],
                subject=lambda record: (
                    f'{date_format(record.date, "SHORT_DATE_FORMAT")} {record.consultant.name}'
                ),
            )
        return context


class TimbankRequestActionView(TimbankRequestObjectMixin, ObjectStepView):
    """One step on a request (POST); a refusal shows the request's page with the message."""

    detail_view = TimbankRequestDetailView

    def success_url(self, timbank_request) -> str:
        return safe_next(self.request, request_url(timbank_request))


class TimbankRequestApproveView(TimbankRequestActionView):
    form_class = ApproveForm
    form_name = "approve_form"
    permission = staticmethod(can_decide_timbank_request)
    success_message = gettext_lazy("The hours were approved and reserved from the pool.")

    def act(self, timbank_request, data):
        timbank_request_approve(
            request=timbank_request, actor=self.request.user, **dated_decision(data)
        )


class TimbankRequestRejectView(TimbankRequestActionView):
    form_class = RejectForm
    form_name = "reject_form"
    permission = staticmethod(can_decide_timbank_request)
    success_message = gettext_lazy("The request was rejected.")

    def act(self, timbank_request, data):
        timbank_request_reject(
            request=timbank_request, actor=self.request.user, **dated_decision(data)
        )


class TimbankRequestAskInfoView(TimbankRequestActionView):
    form_class = AskInfoForm
    form_name = "ask_form"
    permission = staticmethod(can_decide_timbank_request)
    success_message = gettext_lazy("The question was sent to the firm.")

    def act(self, timbank_request, data):
        timbank_request_ask_info(
            request=timbank_request, question=data["question"], actor=self.request.user
        )


class TimbankRequestReplyView(TimbankRequestActionView):
    form_class = ReplyForm
    form_name = "reply_form"
    permission = staticmethod(can_act_on_timbank_request)
    success_message = gettext_lazy("Your answer was added; the request waits for a decision.")

    def act(self, timbank_request, data):
        timbank_request_reply(request=timbank_request, text=data["text"], actor=self.request.user)


class TimesheetLogView(TimbankRequestActionView):
    form_name = "timesheet_form"
    permission = staticmethod(can_decide_timbank_request)
    success_message = gettext_lazy("The hours were logged.")

    def get_form(self, timbank_request):
        return TimesheetForm(self.request.POST, user=self.request.user, request=timbank_request)

    def act(self, timbank_request, data):
        timesheet_log(request=timbank_request, **data)


class TimbankRequestCloseView(TimbankRequestActionView):
    form_class = forms.Form
    form_name = "close_form"
    permission = staticmethod(can_decide_timbank_request)
    success_message = gettext_lazy("The request was closed; unused hours went back to the pool.")

    def act(self, timbank_request, data):
        timbank_request_close(request=timbank_request, actor=self.request.user)


class TimbankRequestCreateView(ParentObjectMixin, FormView):
    """A firm (or a manager for it) asks for consultant hours."""

    parent_model = Enrolment
    parent_related = ("project__cluster", "project__timbank", "organization")
    parent_permission = staticmethod(can_act_for_firm)
    form_class = TimbankRequestForm
    template_name = "generic/form.html"

    def get_context_data(self, **kwargs):
        enrolment = self.parent
        pool = getattr(enrolment.project, "timbank", None)
        if pool is None:
            intro = _("This project has no timbank pool yet: ask the cluster to set one.")
        else:
            intro = _(
                "Consultants' hours of %(project)s: %(available)s h of %(total)s h are left in "
                "the pool. The cluster decides on your request; you see the answer on the "
                "request's page."
            ) % {
                "project": enrolment.project.name,
                "available": pool.hours_available,
                "total": pool.hours_total,
            }
        return super().get_context_data(
            title=_("Request timbank hours for %(firm)s") % {"firm": enrolment.organization},
            intro=intro,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            self.object = timbank_request_create(
                enrolment=self.parent, actor=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your request was sent to the cluster."))
        return HttpResponseRedirect(request_url(self.object))


# Pools ---------------------------------------------------------------------------------------


class TimbankPoolView(LoginRequiredMixin, FormView):
    """Set a project's pool of consultant hours and their hourly value: managers only."""

    form_class = PoolForm
    template_name = "internationalization/timbank/pool_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        projects = Project.objects.visible_to(request.user).select_related("cluster", "timbank")
        self.project = get_object_or_404(projects, slug=kwargs["slug"])
        can_decide_for_project(request.user, self.project).require()
        self.pool = getattr(self.project, "timbank", None)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        if self.pool is None:
            return {"hours_total": 0, "hourly_value": 0, "currency": self.project.currency}
        return {
            "hours_total": self.pool.hours_total,
            "hourly_value": self.pool.hourly_value,
            "currency": self.pool.currency,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            project=self.project,
            pool=self.pool,
            history=history_of(self.pool) if self.pool else [],
            cancel_url=reverse("internationalization:timbank-queue"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            timbank_pool_set(project=self.project, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The timbank pool was saved."))
        return HttpResponseRedirect(reverse("internationalization:timbank-queue"))


# Consultants ---------------------------------------------------------------------------------


class TimbankRequestWithdrawView(TimbankRequestActionView):
    """The firm withdraws a request the cluster has not decided yet."""

    form_name = "withdraw_form"
    permission = staticmethod(can_act_on_timbank_request)
    success_message = gettext_lazy("The request was withdrawn.")

    def act(self, timbank_request, data):
        timbank_request_withdraw(request=timbank_request, actor=self.request.user)


urls = [
    path(
        "timbank/requests/<int:pk>/withdraw/",
        TimbankRequestWithdrawView.as_view(),
        name="timbank-request-withdraw",
    ),
    path("timbank/", TimbankQueueView.as_view(), name="timbank-queue"),
    path(
        "timbank/requests/<int:pk>/",
        TimbankRequestDetailView.as_view(),
        name="timbank-request-detail",
    ),
    path(
        "timbank/requests/<int:pk>/approve/",
        TimbankRequestApproveView.as_view(),
        name="timbank-request-approve",
    ),
    path(
        "timbank/requests/<int:pk>/reject/",
        TimbankRequestRejectView.as_view(),
        name="timbank-request-reject",
    ),
    path(
        "timbank/requests/<int:pk>/ask-info/",
        TimbankRequestAskInfoView.as_view(),
        name="timbank-request-ask-info",
    ),
    path(
        "timbank/requests/<int:pk>/reply/",
        TimbankRequestReplyView.as_view(),
        name="timbank-request-reply",
    ),
    path(
        "timbank/requests/<int:pk>/timesheet/",
        TimesheetLogView.as_view(),
        name="timesheet-log",
    ),
    path(
        "timbank/requests/<int:pk>/close/",
        TimbankRequestCloseView.as_view(),
        name="timbank-request-close",
    ),
    path(
        "enrolments/<int:pk>/timbank/new/",
        TimbankRequestCreateView.as_view(),
        name="timbank-request-create",
    ),
    path("timbank/pools/<slug:slug>/", TimbankPoolView.as_view(), name="timbank-pool"),
]

"""Coaching pages: an enrolment's sessions and allotment, logging and confirming a session,
and the coach's own page listing their firms.

Also the mixins the other activity pages share: a page under an enrolment or a project named
by the URL, found among the objects the user may see (404 otherwise) and guarded by a
``can_*`` rule (403 with its reason).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

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

from clusters.mixins import ServiceFormMixin, add_service_errors, safe_next
from clusters.permissions import Verdict
from internationalization.choices import SessionSide, SessionStatus
from internationalization.forms.activities import AllotmentForm, CoachingSessionForm
from internationalization.models import CoachingSession
from internationalization.permissions import (
    can_change_allotment,
    can_confirm_session,
    can_log_session,
    session_side_for,
)
from internationalization.selectors import (
    CoachedFirm,
    CoachingBalance,
    allotment_history,
    coached_enrolments,
    coaching_balance,
    coaching_hours_confirmed,
)
from internationalization.services.coaching import (
    coaching_allotment_change,
    coaching_session_confirm,
    coaching_session_log_as,
)
from projects.models import Enrolment, Project


class EnrolmentPageMixin(LoginRequiredMixin):
    """A page under the enrolment named by the URL's ``pk``."""

    enrolment_permission: Callable[..., Verdict] | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        enrolments = Enrolment.objects.visible_to(request.user).select_related(
            "project__cluster", "organization", "coach", "cohort"
        )
        self.enrolment = get_object_or_404(enrolments, pk=kwargs["pk"])
        rule = type(self).enrolment_permission
        if rule is not None:
            rule(request.user, self.enrolment).require()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(enrolment=self.enrolment, **kwargs)


class ProjectPageMixin(LoginRequiredMixin):
    """A page about the project named by the URL's ``slug``."""

    project_permission: Callable[..., Verdict] | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        projects = Project.objects.visible_to(request.user).select_related("cluster")
        self.project = get_object_or_404(projects, slug=kwargs["slug"])
        rule = type(self).project_permission
        if rule is not None:
            rule(request.user, self.project).require()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.project, **kwargs)


def session_list_url(enrolment: Enrolment) -> str:
    return reverse("internationalization:session-list", kwargs={"pk": enrolment.pk})


class SessionListView(EnrolmentPageMixin, ListView):
    """The enrolment's sessions, its allotment and what is left; the firm confirms here."""

    template_name = "internationalization/coaching/session_list.html"
    context_object_name = "sessions"
    paginate_by = 25

    def get_queryset(self):
        return (
            CoachingSession.objects.visible_to(self.request.user)
            .filter(enrolment=self.enrolment)
            .select_related("coach")
            .order_by("-date", "-pk")
        )

    def get_context_data(self, **kwargs):
        user, enrolment = self.request.user, self.enrolment
        context = super().get_context_data(
            balance=coaching_balance(enrolment),
            hours_confirmed=coaching_hours_confirmed(enrolment),
            can_log=can_log_session(user, enrolment),
            can_change_allotment=can_change_allotment(user, enrolment),
            **kwargs,
        )
        # The side the user is on decides which sessions wait for them: those the other
        # side logged. Asked once, not per row.
        side = session_side_for(user, enrolment)
        other = {SessionSide.OFFICE: SessionSide.FIRM, SessionSide.FIRM: SessionSide.OFFICE}
        for session in context["sessions"]:
            session.awaits_user = (
                session.status == SessionStatus.AWAITING
                and side is not None
                and session.logged_by_side == other[side]
            )
        return context


class SessionCreateView(EnrolmentPageMixin, ServiceFormMixin, FormView):
    """The coach (or a manager) logs a session the firm confirms, or the firm's representative
    one its coach confirms; the form says how many hours are left."""

    enrolment_permission = staticmethod(can_log_session)
    form_class = CoachingSessionForm
    success_message = gettext_lazy("The coaching session was logged.")

    @cached_property
    def balance(self) -> CoachingBalance:
        return coaching_balance(self.enrolment)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "balance": self.balance}

    def get_context_data(self, **kwargs):
        if session_side_for(self.request.user, self.enrolment) == SessionSide.FIRM:
            title = _("Log a session with your coach %(coach)s") % {
                "coach": self.enrolment.coach or "—"
            }
        else:
            title = _("Log a coaching session with %(firm)s") % {
                "firm": self.enrolment.organization
            }
        return super().get_context_data(
            title=title,
            intro=_("%(left)s of the %(allotted)s coaching hours allotted are left.")
            % {"left": self.balance.left, "allotted": self.balance.allotted},
            cancel_url=session_list_url(self.enrolment),
            **kwargs,
        )

    def save_with_service(self, form):
        return coaching_session_log_as(
            enrolment=self.enrolment, actor=self.request.user, **form.cleaned_data
        )

    def get_success_url(self):
        return session_list_url(self.enrolment)


class SessionConfirmView(LoginRequiredMixin, View):
    """The side that did not log the session confirms that it took place (POST)."""

    def post(self, request, pk: int):
        sessions = CoachingSession.objects.visible_to(request.user).select_related("enrolment")
        session = get_object_or_404(sessions, pk=pk)
        can_confirm_session(request.user, session).require()
        try:
            coaching_session_confirm(session=session, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Thank you: the session of %(day)s is confirmed.") % {"day": session.date},
            )
        return HttpResponseRedirect(safe_next(request, session_list_url(session.enrolment)))


class AllotmentChangeView(EnrolmentPageMixin, FormView):
    """A manager changes the coaching hours allotted to the firm; past changes are listed."""

    enrolment_permission = staticmethod(can_change_allotment)
    form_class = AllotmentForm
    template_name = "internationalization/coaching/allotment_form.html"

    @cached_property
    def balance(self) -> CoachingBalance:
        return coaching_balance(self.enrolment)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "used": self.balance.used}

    def get_initial(self):
        return {"hours": self.enrolment.coaching_hours_allotted}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            balance=self.balance,
            history=allotment_history(self.enrolment),
            cancel_url=session_list_url(self.enrolment),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            coaching_allotment_change(
                enrolment=self.enrolment, hours=form.cleaned_data["hours"], actor=self.request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The coaching allotment was changed."))
        return HttpResponseRedirect(session_list_url(self.enrolment))


class CoachHomeView(LoginRequiredMixin, ListView):
    """The coach's firms: hours used and left, export-lab stage, last activity, and links to
    log a session, record an outcome and open the track."""

    template_name = "internationalization/coach/home.html"
    context_object_name = "enrolments"
    paginate_by = 25

    def get_queryset(self):
        return coached_enrolments(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["firms"] = [CoachedFirm(enrolment) for enrolment in context["enrolments"]]
        return context


urls = [
    path("coach/", CoachHomeView.as_view(), name="coach-home"),
    path("enrolments/<int:pk>/coaching/", SessionListView.as_view(), name="session-list"),
    path("enrolments/<int:pk>/coaching/new/", SessionCreateView.as_view(), name="session-create"),
    path(
        "enrolments/<int:pk>/coaching/allotment/",
        AllotmentChangeView.as_view(),
        name="allotment-change",
    ),
    path("coaching/<int:pk>/confirm/", SessionConfirmView.as_view(), name="session-confirm"),
]

"""One coaching session's page: its state, who logged and who confirmed it, its history, and
the steps the user may take on it (confirm or dispute it as the other side, correct it as the
side that logged it)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView

from clusters.mixins import ObjectStepView, ServiceFormMixin, VisibleQuerysetMixin
from clusters.selectors import history_of
from internationalization.choices import SessionStatus
from internationalization.forms.activities import CoachingSessionForm, SessionDisputeForm
from internationalization.models import CoachingSession
from internationalization.permissions import (
    can_confirm_session,
    can_correct_session,
    can_dispute_session,
)
from internationalization.selectors import CoachingBalance, coaching_balance
from internationalization.services.coaching import (
    coaching_session_correct,
    coaching_session_dispute,
)


class SessionObjectMixin(VisibleQuerysetMixin):
    model = CoachingSession

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "enrolment__project__cluster", "enrolment__organization", "coach", "logged_by"
            )
            .select_related("confirmed_by")
        )


class SessionDetailView(SessionObjectMixin, DetailView):
    """The session, what the user may do with it, and every change of it."""

    template_name = "internationalization/coaching/session_detail.html"
    context_object_name = "session"

    def get_context_data(self, **kwargs):
        session, user = self.object, self.request.user
        awaiting = session.status == SessionStatus.AWAITING
        kwargs.setdefault("dispute_form", SessionDisputeForm())
        return super().get_context_data(
            enrolment=session.enrolment,
            can_confirm=awaiting and can_confirm_session(user, session).allowed,
            can_dispute=awaiting and can_dispute_session(user, session).allowed,
            can_correct=session.status != SessionStatus.CONFIRMED
            and can_correct_session(user, session).allowed,
            history=history_of(session),
            **kwargs,
        )


class SessionDisputeView(SessionObjectMixin, ObjectStepView):
    """The side that must confirm disputes the session, with a reason (POST)."""

    detail_view = SessionDetailView
    form_class = SessionDisputeForm
    form_name = "dispute_form"
    permission = staticmethod(can_dispute_session)
    success_message = gettext_lazy("The session is disputed; the other side will correct it.")

    def act(self, session, data):
        coaching_session_dispute(session=session, user=self.request.user, reason=data["reason"])


class SessionCorrectView(SessionObjectMixin, ServiceFormMixin, FormView):
    """The side that logged the session corrects it; it then awaits confirmation again."""

    form_class = CoachingSessionForm
    success_message = gettext_lazy("The session was corrected and awaits confirmation again.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
            self.check_object_permission(self.object)
        return super().dispatch(request, *args, **kwargs)

    permission = staticmethod(can_correct_session)

    def get_form_kwargs(self):
        balance = coaching_balance(self.object.enrolment)
        # The session's own hours are free to be used again by its correction.
        balance = CoachingBalance(balance.allotted, balance.used - self.object.hours)
        return {**super().get_form_kwargs(), "balance": balance}

    def get_initial(self):
        session = self.object
        return {
            "date": session.date,
            "hours": session.hours,
            "topic": session.topic,
            "notes": session.notes,
        }

    def page_title(self) -> str:
        return _("Correct the session of %(day)s") % {"day": self.object.date}

    def page_intro(self) -> str:
        if self.object.dispute_reason and self.object.status == SessionStatus.DISPUTED:
            return _("Disputed: %(reason)s") % {"reason": self.object.dispute_reason}
        return ""

    def save_with_service(self, form):
        return coaching_session_correct(
            session=self.object, actor=self.request.user, **form.cleaned_data
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


urls = [
    path("coaching/<int:pk>/", SessionDetailView.as_view(), name="session-detail"),
    path("coaching/<int:pk>/dispute/", SessionDisputeView.as_view(), name="session-dispute"),
    path("coaching/<int:pk>/correct/", SessionCorrectView.as_view(), name="session-correct"),
]

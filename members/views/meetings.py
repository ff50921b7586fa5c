"""Meetings of governance bodies, their attendance, decisions and action items.

A committee member (a user whose person holds a seat in a body) sees that body's meetings and
decisions; the cluster's office staff see all of them.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, FormView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from clusters.mixins import (
    ParentObjectMixin,
    ServiceFormMixin,
    VisibleQuerysetMixin,
    add_service_errors,
)
from clusters.roles import is_office_staff
from clusters.selectors import history_of
from members.forms.governance import (
    ActionItemForm,
    AttendanceForm,
    DecisionForm,
    MeetingForm,
)
from members.models import ActionItem, Attendance, Body, Decision, Meeting
from members.permissions import (
    can_manage_action_item,
    can_manage_body,
    can_manage_decision,
    can_manage_meeting,
)
from members.services import (
    action_item_save,
    decision_save,
    meeting_save,
    meeting_set_attendance,
)


class MeetingDetailView(VisibleQuerysetMixin, DetailView):
    """Agenda, minutes, attendance, decisions with votes and their action items."""

    model = Meeting
    template_name = "members/governance/meeting_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("body__cluster")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, meeting = self.request.user, self.object
        attendances = (
            Attendance.objects.visible_to(user)
            .filter(meeting=meeting)
            .select_related("person")
            .order_by("person__last_name", "person__first_name")
        )
        items = ActionItem.objects.select_related("owner").order_by("due_on", "pk")
        context.update(
            can_manage=can_manage_meeting(user, meeting),
            present=[a.person for a in attendances if a.present],
            excused=[a.person for a in attendances if not a.present],
            decisions=Decision.objects.visible_to(user)
            .filter(meeting=meeting)
            .prefetch_related(Prefetch("action_items", queryset=items))
            .order_by("pk"),
            today=timezone.localdate(),
        )
        return context


class MeetingCreateView(ParentObjectMixin, ServiceFormMixin, CreateView):
    model = Meeting
    form_class = MeetingForm
    parent_model = Body
    parent_related = ("cluster",)
    parent_permission = staticmethod(can_manage_body)
    success_message = gettext_lazy("The meeting was added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Meeting(body=self.parent)}

    def page_title(self) -> str:
        return _("Add a meeting of %(body)s") % {"body": self.parent}

    def save_with_service(self, form):
        return meeting_save(body=self.parent, data=form.cleaned_data)

    def get_success_url(self):
        return self.object.get_absolute_url()


class MeetingUpdateView(VisibleQuerysetMixin, ServiceFormMixin, UpdateView):
    model = Meeting
    form_class = MeetingForm
    permission = staticmethod(can_manage_meeting)
    success_message = gettext_lazy("The meeting was saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("body__cluster")

    def page_title(self) -> str:
        return _("Edit the meeting %(meeting)s") % {"meeting": self.object}

    def save_with_service(self, form):
        return meeting_save(body=self.object.body, data=form.cleaned_data, meeting=self.object)


class MeetingAttendanceView(VisibleQuerysetMixin, SingleObjectMixin, FormView):
    """Tick who was present and who was excused; replaces the previous record."""

    model = Meeting
    form_class = AttendanceForm
    permission = staticmethod(can_manage_meeting)
    template_name = "members/governance/attendance_form.html"

    def get_queryset(self):
        return super().get_queryset().select_related("body__cluster")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        attendances = Attendance.objects.filter(meeting=self.object).values_list(
            "person_id", "present"
        )
        return {
            "present": [pk for pk, present in attendances if present],
            "excused": [pk for pk, present in attendances if not present],
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "meeting": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meeting=self.object, cancel_url=self.object.get_absolute_url(), **kwargs
        )

    def form_valid(self, form):
        try:
            meeting_set_attendance(
                meeting=self.object,
                present=list(form.cleaned_data["present"]),
                excused=list(form.cleaned_data["excused"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The attendance was saved."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class DecisionDetailView(VisibleQuerysetMixin, DetailView):
    model = Decision
    template_name = "members/governance/decision_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("meeting__body__cluster")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, decision = self.request.user, self.object
        office_staff = is_office_staff(user, decision.meeting.body.cluster_id)
        context.update(
            can_manage=can_manage_decision(user, decision),
            action_items=ActionItem.objects.visible_to(user)
            .filter(decision=decision)
            .select_related("owner")
            .order_by("due_on", "pk"),
            show_history=office_staff,
            history=history_of(decision) if office_staff else [],
            today=timezone.localdate(),
        )
        return context


class DecisionCreateView(ParentObjectMixin, ServiceFormMixin, CreateView):
    model = Decision
    form_class = DecisionForm
    parent_model = Meeting
    parent_related = ("body__cluster",)
    parent_permission = staticmethod(can_manage_meeting)
    success_message = gettext_lazy("The decision was recorded.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Decision(meeting=self.parent)}

    def page_title(self) -> str:
        return _("Record a decision of %(meeting)s") % {"meeting": self.parent}

    def save_with_service(self, form):
        return decision_save(meeting=self.parent, data=form.cleaned_data)

    def get_success_url(self):
        return self.object.get_absolute_url()


class DecisionUpdateView(VisibleQuerysetMixin, ServiceFormMixin, UpdateView):
    model = Decision
    form_class = DecisionForm
    permission = staticmethod(can_manage_decision)
    success_message = gettext_lazy("The decision was saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("meeting__body__cluster")

    def page_title(self) -> str:
        return _("Edit a decision of %(meeting)s") % {"meeting": self.object.meeting}

    def save_with_service(self, form):
        return decision_save(
            meeting=self.object.meeting, data=form.cleaned_data, decision=self.object
        )


class ActionItemCreateView(ParentObjectMixin, ServiceFormMixin, CreateView):
    model = ActionItem
    form_class = ActionItemForm
    parent_model = Decision
    parent_related = ("meeting__body__cluster",)
    parent_permission = staticmethod(can_manage_decision)
    success_message = gettext_lazy("The action item was added.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": ActionItem(decision=self.parent),
            "user": self.request.user,
            "cluster_id": self.parent.meeting.body.cluster_id,
        }

    def page_title(self) -> str:
        return _("Add an action item")

    def save_with_service(self, form):
        return action_item_save(decision=self.parent, data=form.cleaned_data)


class ActionItemUpdateView(VisibleQuerysetMixin, ServiceFormMixin, UpdateView):
    model = ActionItem
    form_class = ActionItemForm
    permission = staticmethod(can_manage_action_item)
    success_message = gettext_lazy("The action item was saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("decision__meeting__body__cluster")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "cluster_id": self.object.decision.meeting.body.cluster_id,
        }

    def page_title(self) -> str:
        return _("Edit the action item")

    def cancel_url(self) -> str:
        return self.object.decision.get_absolute_url()

    def save_with_service(self, form):
        return action_item_save(
            decision=self.object.decision, data=form.cleaned_data, item=self.object
        )

    def get_success_url(self):
        return self.object.decision.get_absolute_url()


urls = [
    path("governance/<int:pk>/meetings/new/", MeetingCreateView.as_view(), name="meeting-create"),
    path("governance/meetings/<int:pk>/", MeetingDetailView.as_view(), name="meeting-detail"),
    path("governance/meetings/<int:pk>/edit/", MeetingUpdateView.as_view(), name="meeting-edit"),
    path(
        "governance/meetings/<int:pk>/attendance/",
        MeetingAttendanceView.as_view(),
        name="meeting-attendance",
    ),
    path(
        "governance/meetings/<int:pk>/decisions/new/",
        DecisionCreateView.as_view(),
        name="decision-create",
    ),
    path("governance/decisions/<int:pk>/", DecisionDetailView.as_view(), name="decision-detail"),
    path("governance/decisions/<int:pk>/edit/", DecisionUpdateView.as_view(), name="decision-edit"),
    path(
        "governance/decisions/<int:pk>/actions/new/",
        ActionItemCreateView.as_view(),
        name="action-item-create",
    ),
    path(
        "governance/actions/<int:pk>/edit/",
        ActionItemUpdateView.as_view(),
        name="action-item-edit",
    ),
]

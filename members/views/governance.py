"""Governance bodies, their seats, meetings, attendance, decisions and action items.

Staff of a cluster (but coaches) see all of it; a committee member (a user whose person holds a
seat in a body) sees that body's meetings and decisions, never the seat list.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from clusters.mixins import (
    CurrentClusterManagerMixin,
    ParentObjectMixin,
    ServiceFormMixin,
    VisibleQuerysetMixin,
    add_service_errors,
)
from clusters.permissions import can_manage_cluster
from clusters.selectors import history_of
from members.forms_governance import (
    ActionItemForm,
    AttendanceForm,
    BodyForm,
    DecisionForm,
    MeetingForm,
    SeatForm,
)
from members.models import ActionItem, Attendance, Body, Decision, Meeting, Seat
from members.permissions import (
    can_manage_action_item,
    can_manage_body,
    can_manage_decision,
    can_manage_meeting,
    can_manage_seat,
    is_office_staff,
)
from members.services import (
    action_item_save,
    body_save,
    decision_save,
    meeting_save,
    meeting_set_attendance,
    seat_save,
)


def current_seats(seats, day):
    return seats.filter(term_start__lte=day).filter(Q(term_end__isnull=True) | Q(term_end__gte=day))


class BodyListView(LoginRequiredMixin, ListView):
    """The bodies of the current cluster with their current seats and next meeting.

    A committee member works in no cluster as staff; they see the bodies they sit in.
    """

    template_name = "members/governance/body_list.html"
    context_object_name = "bodies"
    paginate_by = 25

    def get_queryset(self):
        user = self.request.user
        today = timezone.localdate()
        bodies = Body.objects.visible_to(user)
        self.cluster = self.request.cluster or None
        if self.cluster is not None:
            bodies = bodies.filter(cluster=self.cluster)
        next_meeting = Meeting.objects.filter(body=OuterRef("pk"), date__gte=today).order_by("date")
        seats_now = (
            current_seats(Seat.objects.visible_to(user).filter(body=OuterRef("pk")), today)
            .order_by()
            .values("body")
            .annotate(n=Count("pk"))
            .values("n")
        )
        bodies = bodies.annotate(
            next_meeting_on=Subquery(next_meeting.values("date")[:1]),
            current_seat_count=Coalesce(Subquery(seats_now, output_field=IntegerField()), 0),
        )
        query = self.request.GET.get("q", "").strip()
        if query:
            bodies = bodies.filter(name__icontains=query)
        return bodies.order_by("kind", "name", "pk")

    def get_context_data(self, **kwargs):
        user = self.request.user
        cluster = self.cluster
        return super().get_context_data(
            cluster=cluster,
            show_seats=cluster is not None and is_office_staff(user, cluster.pk),
            can_manage=cluster is not None and can_manage_cluster(user, cluster),
            **kwargs,
        )


class BodyDetailView(VisibleQuerysetMixin, DetailView):
    """Seats (current, upcoming, past; staff only), meetings newest first, and history."""

    model = Body
    template_name = "members/governance/body_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("cluster")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, body = self.request.user, self.object
        today = timezone.localdate()
        show_seats = is_office_staff(user, body.cluster_id)
        current, upcoming, past = [], [], []
        if show_seats:
            seats = (
                Seat.objects.visible_to(user)
                .filter(body=body)
                .select_related("person", "organization")
                .order_by("term_start", "pk")
            )
            for seat in seats:
                if seat.term_start > today:
                    upcoming.append(seat)
                elif seat.term_end is None or seat.term_end >= today:
                    current.append(seat)
                else:
                    past.append(seat)
        context.update(
            can_manage=can_manage_body(user, body),
            show_seats=show_seats,
            current_seats=current,
            upcoming_seats=upcoming,
            past_seats=list(reversed(past)),
            meetings=Meeting.objects.visible_to(user)
            .filter(body=body)
            .annotate(decision_count=Count("decisions"))
            .order_by("-date", "-pk"),
            show_history=show_seats,
            history=history_of(body) if show_seats else [],
            today=today,
        )
        return context


class BodyCreateView(CurrentClusterManagerMixin, ServiceFormMixin, CreateView):
    model = Body
    form_class = BodyForm
    template_name = "generic/form.html"
    success_message = gettext_lazy("The body was added.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Add a governance body to %(cluster)s") % {"cluster": self.cluster},
            cancel_url=reverse("members:body-list"),
            **kwargs,
        )

    def save_with_service(self, form):
        return body_save(cluster=self.cluster, data=form.cleaned_data)

    def get_success_url(self):
        return self.object.get_absolute_url()


class BodyUpdateView(VisibleQuerysetMixin, ServiceFormMixin, UpdateView):
    model = Body
    form_class = BodyForm
    permission = staticmethod(can_manage_body)
    template_name = "generic/form.html"
    success_message = gettext_lazy("The body was saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("cluster")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Edit %(body)s") % {"body": self.object},
            cancel_url=self.object.get_absolute_url(),
            **kwargs,
        )

    def save_with_service(self, form):
        return body_save(cluster=self.object.cluster, data=form.cleaned_data, body=self.object)

    def get_success_url(self):
        return self.object.get_absolute_url()


class SeatCreateView(ParentObjectMixin, ServiceFormMixin, CreateView):
    model = Seat
    form_class = SeatForm
    parent_model = Body
    parent_related = ("cluster",)
    parent_permission = staticmethod(can_manage_body)
    template_name = "generic/form.html"
    success_message = gettext_lazy("The seat was added.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": Seat(body=self.parent),
            "user": self.request.user,
            "cluster": self.parent.cluster,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Add a seat to %(body)s") % {"body": self.parent}, **kwargs
        )

    def save_with_service(self, form):
        return seat_save(body=self.parent, data=form.cleaned_data)


class SeatUpdateView(VisibleQuerysetMixin, ServiceFormMixin, UpdateView):
    model = Seat
    form_class = SeatForm
    permission = staticmethod(can_manage_seat)
    template_name = "members/governance/seat_form.html"
    success_message = gettext_lazy("The seat was saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("body__cluster", "person")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "cluster": self.object.body.cluster,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Edit the seat of %(person)s in %(body)s")
            % {"person": self.object.person, "body": self.object.body},
            cancel_url=self.object.body.get_absolute_url(),
            history=history_of(self.object),
            **kwargs,
        )

    def save_with_service(self, form):
        return seat_save(body=self.object.body, data=form.cleaned_data, seat=self.object)

    def get_success_url(self):
        return self.object.body.get_absolute_url()


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
    template_name = "generic/form.html"
    success_message = gettext_lazy("The meeting was added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Meeting(body=self.parent)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Add a meeting of %(body)s") % {"body": self.parent}, **kwargs
        )

    def save_with_service(self, form):
        return meeting_save(body=self.parent, data=form.cleaned_data)

    def get_success_url(self):
        return self.object.get_absolute_url()


class MeetingUpdateView(VisibleQuerysetMixin, ServiceFormMixin, UpdateView):
    model = Meeting
    form_class = MeetingForm
    permission = staticmethod(can_manage_meeting)
    template_name = "generic/form.html"
    success_message = gettext_lazy("The meeting was saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("body__cluster")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Edit the meeting %(meeting)s") % {"meeting": self.object},
            cancel_url=self.object.get_absolute_url(),
            **kwargs,
        )

    def save_with_service(self, form):
        return meeting_save(body=self.object.body, data=form.cleaned_data, meeting=self.object)

    def get_success_url(self):
        return self.object.get_absolute_url()


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
    template_name = "generic/form.html"
    success_message = gettext_lazy("The decision was recorded.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Decision(meeting=self.parent)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Record a decision of %(meeting)s") % {"meeting": self.parent}, **kwargs
        )

    def save_with_service(self, form):
        return decision_save(meeting=self.parent, data=form.cleaned_data)

    def get_success_url(self):
        return self.object.get_absolute_url()


class DecisionUpdateView(VisibleQuerysetMixin, ServiceFormMixin, UpdateView):
    model = Decision
    form_class = DecisionForm
    permission = staticmethod(can_manage_decision)
    template_name = "generic/form.html"
    success_message = gettext_lazy("The decision was saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("meeting__body__cluster")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Edit a decision of %(meeting)s") % {"meeting": self.object.meeting},
            cancel_url=self.object.get_absolute_url(),
            **kwargs,
        )

    def save_with_service(self, form):
        return decision_save(
            meeting=self.object.meeting, data=form.cleaned_data, decision=self.object
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


class ActionItemCreateView(ParentObjectMixin, ServiceFormMixin, CreateView):
    model = ActionItem
    form_class = ActionItemForm
    parent_model = Decision
    parent_related = ("meeting__body__cluster",)
    parent_permission = staticmethod(can_manage_decision)
    template_name = "generic/form.html"
    success_message = gettext_lazy("The action item was added.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": ActionItem(decision=self.parent),
            "user": self.request.user,
            "cluster_id": self.parent.meeting.body.cluster_id,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Add an action item"), **kwargs)

    def save_with_service(self, form):
        return action_item_save(decision=self.parent, data=form.cleaned_data)


class ActionItemUpdateView(VisibleQuerysetMixin, ServiceFormMixin, UpdateView):
    model = ActionItem
    form_class = ActionItemForm
    permission = staticmethod(can_manage_action_item)
    template_name = "generic/form.html"
    success_message = gettext_lazy("The action item was saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("decision__meeting__body__cluster")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "cluster_id": self.object.decision.meeting.body.cluster_id,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Edit the action item"),
            cancel_url=self.object.decision.get_absolute_url(),
            **kwargs,
        )

    def save_with_service(self, form):
        return action_item_save(
            decision=self.object.decision, data=form.cleaned_data, item=self.object
        )

    def get_success_url(self):
        return self.object.decision.get_absolute_url()


urls = [
    path("governance/", BodyListView.as_view(), name="body-list"),
    path("governance/new/", BodyCreateView.as_view(), name="body-create"),
    path("governance/<int:pk>/", BodyDetailView.as_view(), name="body-detail"),
    path("governance/<int:pk>/edit/", BodyUpdateView.as_view(), name="body-edit"),
    path("governance/<int:pk>/seats/new/", SeatCreateView.as_view(), name="seat-create"),
    path("governance/seats/<int:pk>/edit/", SeatUpdateView.as_view(), name="seat-edit"),
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

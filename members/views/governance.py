"""Governance bodies and their seats (meetings and decisions: members.views.meetings).

Staff of a cluster (but coaches) see all of it; a committee member (a user whose person holds a
seat in a body) sees that body's meetings and decisions, never the seat list.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, UpdateView

from clusters.mixins import (
    CurrentClusterManagerMixin,
    FilteredListView,
    ParentObjectMixin,
    ServiceFormMixin,
    VisibleQuerysetMixin,
)
from clusters.permissions import can_manage_cluster
from clusters.roles import is_office_staff
from clusters.selectors import history_of
from members.filters import BodyFilter
from members.forms.governance import (
    BodyForm,
    SeatForm,
)
from members.models import Body, Meeting, Seat
from members.permissions import can_list_bodies, can_manage_body, can_manage_seat
from members.services import (
    body_save,
    seat_save,
)


def current_seats(seats, day):
    return seats.filter(term_start__lte=day).filter(Q(term_end__isnull=True) | Q(term_end__gte=day))


class BodyListView(LoginRequiredMixin, FilteredListView):
    """The bodies of the current cluster with their current seats and next meeting.

    A committee member works in no cluster as staff; they see the bodies they sit in.
    """

    filterset_class = BodyFilter
    template_name = "members/governance/body_list.html"
    context_object_name = "bodies"
    paginate_by = 25

    def get_queryset(self):
        user = self.request.user
        today = timezone.localdate()
        bodies = Body.objects.visible_to(user)
        self.cluster = self.request.cluster or None
        can_list_bodies(user, self.cluster).require()
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
        return bodies.annotate(
            next_meeting_on=Subquery(next_meeting.values("date")[:1]),
            current_seat_count=Coalesce(Subquery(seats_now, output_field=IntegerField()), 0),
        ).order_by("kind", "name", "pk")

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
    success_message = gettext_lazy("The body was added.")

    def page_title(self) -> str:
        return _("Add a governance body to %(cluster)s") % {"cluster": self.cluster}

    def cancel_url(self) -> str:
        return reverse("members:body-list")

    def save_with_service(self, form):
        return body_save(cluster=self.cluster, data=form.cleaned_data)


class BodyUpdateView(VisibleQuerysetMixin, ServiceFormMixin, UpdateView):
    model = Body
    form_class = BodyForm
    permission = staticmethod(can_manage_body)
    success_message = gettext_lazy("The body was saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("cluster")

    def page_title(self) -> str:
        return _("Edit %(body)s") % {"body": self.object}

    def save_with_service(self, form):
        return body_save(cluster=self.object.cluster, data=form.cleaned_data, body=self.object)


class SeatCreateView(ParentObjectMixin, ServiceFormMixin, CreateView):
    model = Seat
    form_class = SeatForm
    parent_model = Body
    parent_related = ("cluster",)
    parent_permission = staticmethod(can_manage_body)
    success_message = gettext_lazy("The seat was added.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": Seat(body=self.parent),
            "user": self.request.user,
            "cluster": self.parent.cluster,
        }

    def page_title(self) -> str:
        return _("Add a seat to %(body)s") % {"body": self.parent}

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


urls = [
    path("governance/", BodyListView.as_view(), name="body-list"),
    path("governance/new/", BodyCreateView.as_view(), name="body-create"),
    path("governance/<int:pk>/", BodyDetailView.as_view(), name="body-detail"),
    path("governance/<int:pk>/edit/", BodyUpdateView.as_view(), name="body-edit"),
    path("governance/<int:pk>/seats/new/", SeatCreateView.as_view(), name="seat-create"),
    path("governance/seats/<int:pk>/edit/", SeatUpdateView.as_view(), name="seat-edit"),
]

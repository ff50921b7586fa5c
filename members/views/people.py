"""People of the current cluster and their affiliations."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, UpdateView

from clusters.mixins import (
    CurrentClusterManagerMixin,
    CurrentClusterMixin,
    FilteredListView,
    ParentObjectMixin,
    ServiceFormMixin,
    VisibleQuerysetMixin,
)
from clusters.permissions import can_manage_cluster, can_read_member_data
from clusters.roles import is_office_staff
from clusters.selectors import history_of
from members.filters import PersonFilter
from members.forms.people import AffiliationForm, PersonForm
from members.models import Affiliation, Person, Seat
from members.permissions import can_manage_affiliation, can_manage_person
from members.services import affiliation_save, person_save


class PersonListView(CurrentClusterMixin, FilteredListView):
    """The people of the current cluster the user may see, searchable by name or e-mail."""

    # The cluster's people are member data: a coach is told so instead of an empty list.
    cluster_permission = can_read_member_data
    filterset_class = PersonFilter
    template_name = "members/people/list.html"
    context_object_name = "people"
    paginate_by = 25

    def get_queryset(self):
        today = timezone.localdate()
        current = Affiliation.objects.filter(Q(end__isnull=True) | Q(end__gte=today))
        return (
            Person.objects.visible_to(self.request.user)
            .filter(cluster=self.cluster)
            .select_related("user")
            .prefetch_related(
                Prefetch(
                    "affiliations",
                    queryset=current.select_related("organization"),
                    to_attr="current_affiliations",
                )
            )
            .order_by("last_name", "first_name", "pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_manage=can_manage_cluster(self.request.user, self.cluster), **kwargs
        )


class PersonDetailView(VisibleQuerysetMixin, DetailView):
    """Contact details, consent, linked account, affiliations, seats and history."""

    model = Person
    template_name = "members/people/detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("cluster", "user")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, person = self.request.user, self.object
        office_staff = is_office_staff(user, person.cluster_id)
        context.update(
            can_manage=can_manage_person(user, person),
            affiliations=Affiliation.objects.visible_to(user)
            .filter(person=person)
            .select_related("organization")
            .order_by("-start", "pk"),
            seats=Seat.objects.visible_to(user)
            .filter(person=person)
            .select_related("body", "organization")
            .order_by("-term_start", "pk"),
            show_history=office_staff,
            history=history_of(person) if office_staff else [],
        )
        return context


class PersonCreateView(CurrentClusterManagerMixin, ServiceFormMixin, CreateView):
    model = Person
    form_class = PersonForm
    success_message = gettext_lazy("The person was added.")

    def page_title(self) -> str:
        return _("Add a person to %(cluster)s") % {"cluster": self.cluster}

    def cancel_url(self) -> str:
        return reverse("members:person-list")

    def save_with_service(self, form):
        return person_save(cluster=self.cluster, data=form.cleaned_data)


class PersonUpdateView(VisibleQuerysetMixin, ServiceFormMixin, UpdateView):
    model = Person
    form_class = PersonForm
    permission = staticmethod(can_manage_person)
    success_message = gettext_lazy("The person was saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("cluster", "user")

    def page_title(self) -> str:
        return _("Edit %(person)s") % {"person": self.object}

    def save_with_service(self, form):
        return person_save(cluster=self.object.cluster, data=form.cleaned_data, person=self.object)


class AffiliationCreateView(ParentObjectMixin, ServiceFormMixin, CreateView):
    model = Affiliation
    form_class = AffiliationForm
    parent_model = Person
    parent_related = ("cluster",)
    parent_permission = staticmethod(can_manage_person)
    success_message = gettext_lazy("The affiliation was added.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        return {**kwargs, "instance": Affiliation(person=self.parent), "user": self.request.user}

    def page_title(self) -> str:
        return _("Add an affiliation of %(person)s") % {"person": self.parent}

    def save_with_service(self, form):
        return affiliation_save(person=self.parent, data=form.cleaned_data)


class AffiliationUpdateView(VisibleQuerysetMixin, ServiceFormMixin, UpdateView):
    model = Affiliation
    form_class = AffiliationForm
    permission = staticmethod(can_manage_affiliation)
    template_name = "members/people/affiliation_form.html"
    success_message = gettext_lazy("The affiliation was saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("person__cluster", "organization")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Edit the affiliation of %(person)s") % {"person": self.object.person},
            cancel_url=self.object.person.get_absolute_url(),
            history=history_of(self.object),
            **kwargs,
        )

    def save_with_service(self, form):
        return affiliation_save(
            person=self.object.person, data=form.cleaned_data, affiliation=self.object
        )

    def get_success_url(self):
        return self.object.person.get_absolute_url()


urls = [
    path("people/", PersonListView.as_view(), name="person-list"),
    path("people/new/", PersonCreateView.as_view(), name="person-create"),
    path("people/<int:pk>/", PersonDetailView.as_view(), name="person-detail"),
    path("people/<int:pk>/edit/", PersonUpdateView.as_view(), name="person-edit"),
    path(
        "people/<int:pk>/affiliations/new/",
        AffiliationCreateView.as_view(),
        name="affiliation-create",
    ),
    path("affiliations/<int:pk>/edit/", AffiliationUpdateView.as_view(), name="affiliation-edit"),
]

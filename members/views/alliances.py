"""Inter-cluster alliances and the alliance portfolio, for the cluster's office staff."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, FormView
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import UpdateView

from clusters.mixins import (
    CurrentClusterManagerMixin,
    FilteredListView,
    OfficeStaffMixin,
    ServiceFormMixin,
    VisibleQuerysetMixin,
)
from clusters.permissions import can_manage_cluster
from clusters.selectors import history_of
from members.choices import MembershipStatus
from members.filters import AllianceFilter
from members.forms.alliances import AllianceForm, AllianceParticipantsForm
from members.models import Alliance, AllianceParticipation, Organization
from members.permissions import can_manage_alliance
from members.services import alliance_save, alliance_set_participants


class AllianceObjectMixin(VisibleQuerysetMixin):
    model = Alliance

    def get_queryset(self):
        return super().get_queryset().select_related("cluster")


class AllianceListView(OfficeStaffMixin, FilteredListView):
    filterset_class = AllianceFilter
    paginate_by = 25
    template_name = "members/alliances/list.html"
    context_object_name = "alliances"

    def get_queryset(self):
        return (
            Alliance.objects.visible_to(self.request.user)
            .filter(cluster=self.cluster)
            .annotate(participant_count=Count("participations"))
            .order_by("-start", "partner_name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = can_manage_cluster(self.request.user, self.cluster)
        context["cluster"] = self.cluster
        return context


class AllianceDetailView(AllianceObjectMixin, DetailView):
    template_name = "members/alliances/detail.html"
    context_object_name = "alliance"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        alliance = self.object
        context["participants"] = (
            Organization.objects.visible_to(self.request.user)
            .filter(alliance_participations__alliance=alliance)
            .select_related("membership")
            .order_by("legal_name")
        )
        context["can_manage"] = can_manage_alliance(self.request.user, alliance)
        context["history"] = history_of(alliance)
        return context


class AllianceCreateView(CurrentClusterManagerMixin, ServiceFormMixin, CreateView):
    model = Alliance
    form_class = AllianceForm
    success_message = gettext_lazy("The alliance was saved. Now choose the members taking part.")

    def save_with_service(self, form):
        return alliance_save(cluster=self.cluster, data=form.cleaned_data)

    def get_success_url(self):
        return reverse("members:alliance-participants", kwargs={"pk": self.object.pk})

    def page_title(self) -> str:
        return _("New alliance")

    def page_intro(self) -> str:
        return _("A partner agreement of %(cluster)s with a cluster abroad.") % {
            "cluster": self.cluster.name
        }

    def cancel_url(self) -> str:
        return reverse("members:alliance-list")


class AllianceUpdateView(AllianceObjectMixin, ServiceFormMixin, UpdateView):
    form_class = AllianceForm
    permission = staticmethod(can_manage_alliance)
    success_message = gettext_lazy("The alliance was saved.")

    def save_with_service(self, form):
        return alliance_save(
            cluster=self.object.cluster, data=form.cleaned_data, alliance=self.object
        )

    def page_title(self) -> str:
        return _("Edit alliance")


class AllianceParticipantsView(AllianceObjectMixin, ServiceFormMixin, SingleObjectMixin, FormView):
    """Tick the member organizations that take an active part in the alliance."""

    form_class = AllianceParticipantsForm
    permission = staticmethod(can_manage_alliance)
    template_name = "members/alliances/participants.html"
    success_message = gettext_lazy("The members taking part were saved.")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def current_participant_ids(self):
        return AllianceParticipation.objects.filter(alliance=self.object).values("organization_id")

    def get_initial(self):
        return {"participants": [row["organization_id"] for row in self.current_participant_ids()]}

    def get_form_kwargs(self):
        choices = (
            Organization.objects.visible_to(self.request.user)
            .filter(cluster=self.object.cluster)
            .filter(
                Q(membership__status=MembershipStatus.ACTIVE)
                | Q(pk__in=self.current_participant_ids())
            )
            .select_related("membership")
            .order_by("legal_name")
        )
        return {**super().get_form_kwargs(), "choices": choices}

    def save_with_service(self, form):
        alliance_set_participants(
            alliance=self.object, organizations=list(form.cleaned_data["participants"])
        )
        return self.object

    def get_success_url(self):
        return self.object.get_absolute_url()


urls = [
    path("alliances/", AllianceListView.as_view(), name="alliance-list"),
    path("alliances/new/", AllianceCreateView.as_view(), name="alliance-create"),
    path("alliances/<int:pk>/", AllianceDetailView.as_view(), name="alliance-detail"),
    path("alliances/<int:pk>/edit/", AllianceUpdateView.as_view(), name="alliance-edit"),
    path(
        "alliances/<int:pk>/participants/",
        AllianceParticipantsView.as_view(),
        name="alliance-participants",
    ),
]

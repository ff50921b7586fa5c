"""The timbank's consultants: the list, adding and editing one."""

from __future__ import annotations

from django.db.models import Sum
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, UpdateView

from clusters.mixins import (
    CurrentClusterManagerMixin,
    FilteredListView,
    OfficeStaffMixin,
    ServiceFormMixin,
    VisibleQuerysetMixin,
)
from clusters.permissions import can_manage_cluster
from internationalization.filters import ConsultantFilter
from internationalization.forms.timbank import (
    ConsultantForm,
)
from internationalization.models import Consultant
from internationalization.services.timbank import (
    consultant_save,
)


class ConsultantListView(OfficeStaffMixin, FilteredListView):
    filterset_class = ConsultantFilter
    template_name = "internationalization/timbank/consultant_list.html"
    context_object_name = "consultants"
    paginate_by = 25

    def get_queryset(self):
        return (
            Consultant.objects.visible_to(self.request.user)
            .filter(cluster=self.cluster)
            .annotate(hours_logged=Sum("timesheet__hours"))
            .order_by("name", "pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cluster=self.cluster,
            can_manage=can_manage_cluster(self.request.user, self.cluster),
            **kwargs,
        )


class ConsultantCreateView(CurrentClusterManagerMixin, ServiceFormMixin, CreateView):
    model = Consultant
    form_class = ConsultantForm
    success_message = gettext_lazy("The consultant was added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "cluster": self.cluster}

    def page_title(self) -> str:
        return _("Add a consultant to the timbank of %(cluster)s") % {"cluster": self.cluster}

    def cancel_url(self) -> str:
        return reverse("internationalization:consultant-list")

    def save_with_service(self, form):
        return consultant_save(cluster=self.cluster, data=form.cleaned_data)

    def get_success_url(self):
        return reverse("internationalization:consultant-list")


class ConsultantUpdateView(VisibleQuerysetMixin, ServiceFormMixin, UpdateView):
    model = Consultant
    form_class = ConsultantForm
    permission = staticmethod(lambda user, consultant: can_manage_cluster(user, consultant.cluster))
    success_message = gettext_lazy("The consultant was saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("cluster")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "cluster": self.object.cluster,
        }

    def page_title(self) -> str:
        return _("Edit %(consultant)s") % {"consultant": self.object}

    def cancel_url(self) -> str:
        return reverse("internationalization:consultant-list")

    def save_with_service(self, form):
        return consultant_save(
            cluster=self.object.cluster, data=form.cleaned_data, consultant=self.object
        )

    def get_success_url(self):
        return reverse("internationalization:consultant-list")


urls = [
    path("timbank/consultants/", ConsultantListView.as_view(), name="consultant-list"),
    path("timbank/consultants/new/", ConsultantCreateView.as_view(), name="consultant-create"),
    path(
        "timbank/consultants/<int:pk>/edit/",
        ConsultantUpdateView.as_view(),
        name="consultant-edit",
    ),
]

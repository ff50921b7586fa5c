"""Workshop pages: a project's workshops, a workshop with its invitations and attendance,
planning one, inviting firms and ticking who came.

The office staff and the coaches of the project's firms read (a coach sees only their own
firms among the invited); the cluster's managers write.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import DetailView, FormView
from django.views.generic.detail import SingleObjectMixin

from clusters.mixins import (
    FilteredListView,
    ServiceFormMixin,
    VisibleQuerysetMixin,
    add_service_errors,
)
from internationalization.filters import WorkshopFilter
from internationalization.forms.activities import (
    WorkshopAttendanceForm,
    WorkshopForm,
    WorkshopInviteForm,
)
from internationalization.models import Workshop
from internationalization.permissions import (
    can_manage_workshop,
    can_manage_workshops,
    can_view_project_activities,
    can_view_workshop,
)
from internationalization.selectors import (
    WORKING_STATUSES,
    workshop_participations,
    workshops_of_project,
)
from internationalization.services.workshops import (
    default_invitees,
    workshop_invite,
    workshop_record_attendance,
    workshop_save,
)
from internationalization.views.coaching import ProjectPageMixin
from projects.models import Enrolment


def workshop_list_url(project) -> str:
    return reverse("internationalization:workshop-list", kwargs={"slug": project.slug})


def workshop_url(workshop: Workshop) -> str:
    return reverse("internationalization:workshop-detail", kwargs={"pk": workshop.pk})


def invite_url(workshop: Workshop) -> str:
    return reverse("internationalization:workshop-invite", kwargs={"pk": workshop.pk})


class WorkshopListView(ProjectPageMixin, FilteredListView):
    """The project's workshops with date, expert, cohort, and invited and attended counts."""

    filterset_class = WorkshopFilter
    project_permission = staticmethod(can_view_project_activities)
    template_name = "internationalization/workshops/workshop_list.html"
    context_object_name = "workshops"
    paginate_by = 25

    def get_queryset(self):
        return workshops_of_project(self.request.user, self.project)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_manage=can_manage_workshops(self.request.user, self.project), **kwargs
        )


class WorkshopCreateView(ProjectPageMixin, ServiceFormMixin, FormView):
    project_permission = staticmethod(can_manage_workshops)
    form_class = WorkshopForm
    success_message = gettext_lazy("The workshop was added; now invite the firms.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "project": self.project}

    def page_title(self) -> str:
        return _("Plan a workshop of %(project)s") % {"project": self.project}

    def cancel_url(self) -> str:
        return workshop_list_url(self.project)

    def save_with_service(self, form):
        return workshop_save(project=self.project, data=form.cleaned_data)

    def get_success_url(self):
        return invite_url(self.object)


class WorkshopPageMixin(VisibleQuerysetMixin):
    model = Workshop

    def get_queryset(self):
        return super().get_queryset().select_related("project__cluster", "cohort")


class WorkshopDetailView(WorkshopPageMixin, DetailView):
    """The workshop and the firms invited, with who attended."""

    permission = staticmethod(can_view_workshop)
    template_name = "internationalization/workshops/workshop_detail.html"

    def check_object_permission(self, workshop) -> None:
        # Asked once: staff and coaches also get the link to the project's workshop list;
        # anyone else (an invited firm) must pass the whole rule.
        user = self.request.user
        self.can_view_list = bool(can_view_project_activities(user, workshop.project))
        if not self.can_view_list:
            super().check_object_permission(workshop)

    def get_context_data(self, **kwargs):
        user, workshop = self.request.user, self.object
        return super().get_context_data(
            project=workshop.project,
            participations=workshop_participations(user, workshop),
            can_manage=can_manage_workshop(user, workshop),
            can_view_list=self.can_view_list,
            has_taken_place=workshop.date <= timezone.localdate(),
            **kwargs,
        )


class WorkshopUpdateView(WorkshopPageMixin, ServiceFormMixin, SingleObjectMixin, FormView):
    permission = staticmethod(can_manage_workshop)
    form_class = WorkshopForm
    success_message = gettext_lazy("The workshop was saved.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.object,
            "project": self.object.project,
        }

    def page_title(self) -> str:
        return _("Edit the workshop %(workshop)s") % {"workshop": self.object}

    def cancel_url(self) -> str:
        return workshop_url(self.object)

    def save_with_service(self, form):
        # The form's instance already holds the new values; the service saves them by the rules.
        return workshop_save(
            project=self.object.project, data=form.cleaned_data, workshop=self.object
        )

    def get_success_url(self):
        return workshop_url(self.object)


class WorkshopInviteView(WorkshopPageMixin, SingleObjectMixin, FormView):
    """Invite firms: the cohort's accepted and active firms (or everyone's) are preselected."""

    permission = staticmethod(can_manage_workshop)
    form_class = WorkshopInviteForm
    template_name = "internationalization/workshops/invite_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def invited_ids(self) -> set[int]:
        return set(self.object.participations.values_list("enrolment_id", flat=True))

    def get_form_kwargs(self):
        candidates = (
            Enrolment.objects.visible_to(self.request.user)
            .filter(project=self.object.project, status__in=WORKING_STATUSES)
            .exclude(pk__in=self.invited_ids())
            .select_related("organization", "cohort")
            .order_by("organization__legal_name")
        )
        return {**super().get_form_kwargs(), "candidates": candidates}

    def get_initial(self):
        invited = self.invited_ids()
        return {"enrolments": [e.pk for e in default_invitees(self.object) if e.pk not in invited]}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            workshop=self.object,
            already_invited=workshop_participations(self.request.user, self.object),
            cancel_url=workshop_url(self.object),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            count = workshop_invite(
                workshop=self.object, enrolments=list(form.cleaned_data["enrolments"])
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext("%(count)d firm was invited.", "%(count)d firms were invited.", count)
            % {"count": count},
        )
        return HttpResponseRedirect(workshop_url(self.object))


class WorkshopAttendanceView(WorkshopPageMixin, SingleObjectMixin, FormView):
    """Tick the invited firms that came; the others are recorded as absent."""

    permission = staticmethod(can_manage_workshop)
    form_class = WorkshopAttendanceForm
    template_name = "internationalization/workshops/attendance_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        invited = (
            Enrolment.objects.visible_to(self.request.user)
            .filter(workshop_participations__workshop=self.object)
            .select_related("organization", "cohort")
            .order_by("organization__legal_name")
        )
        return {**super().get_form_kwargs(), "invited": invited}

    def get_initial(self):
        came = self.object.participations.filter(attended=True)
        return {"attended": list(came.values_list("enrolment_id", flat=True))}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            workshop=self.object, cancel_url=workshop_url(self.object), **kwargs
        )

    def form_valid(self, form):
        try:
            workshop_record_attendance(
                workshop=self.object, attended=list(form.cleaned_data["attended"])
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The attendance was saved."))
        return HttpResponseRedirect(workshop_url(self.object))


urls = [
    path("projects/<slug:slug>/workshops/", WorkshopListView.as_view(), name="workshop-list"),
    path(
        "projects/<slug:slug>/workshops/new/",
        WorkshopCreateView.as_view(),
        name="workshop-create",
    ),
    path("workshops/<int:pk>/", WorkshopDetailView.as_view(), name="workshop-detail"),
    path("workshops/<int:pk>/edit/", WorkshopUpdateView.as_view(), name="workshop-edit"),
    path("workshops/<int:pk>/invite/", WorkshopInviteView.as_view(), name="workshop-invite"),
    path(
        "workshops/<int:pk>/attendance/",
        WorkshopAttendanceView.as_view(),
        name="workshop-attendance",
    ),
]

"""Intake: a firm (or a manager for it) applies; the enrolments of a project, filtered."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from clusters.mixins import FilteredListView, add_service_errors
from clusters.roles import is_manager, is_office_staff
from projects import selectors
from projects.filters import EnrolmentFilter
from projects.forms import ApplyForm
from projects.models import Enrolment, Project
from projects.permissions import (
    applicant_organizations,
    can_apply,
    can_list_enrolments,
    can_manage_project,
    can_see_commitment,
)
from projects.services import enrolment_apply
from projects.views.projects import ProjectParentMixin


class ApplyView(ProjectParentMixin, View):
    """The application with the self-assessment. Eligibility is checked on submit; an
    ineligible firm is still recorded and told every reason at once."""

    project_permission = staticmethod(can_apply)
    template_name = "projects/apply.html"

    def organizations(self):
        return applicant_organizations(self.request.user, self.project)

    def get(self, request, slug: str):
        return self.page(ApplyForm(organizations=self.organizations()))

    def post(self, request, slug: str):
        form = ApplyForm(request.POST, organizations=self.organizations())
        if form.is_valid():
            try:
                enrolment = enrolment_apply(
                    project=self.project,
                    organization=form.cleaned_data["organization"],
                    assessment=form.assessment(),
                    actor=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.tell(enrolment)
                return redirect(enrolment.get_absolute_url())
        return self.page(form, status=400)

    def tell(self, enrolment: Enrolment) -> None:
        if enrolment.eligible:
            messages.success(
                self.request,
                _(
                    "The application of %(firm)s was received. The cluster will invite it to an "
                    "interview."
                )
                % {"firm": enrolment.organization},
            )
            return
        messages.warning(
            self.request,
            _(
                "The application of %(firm)s was recorded, but the firm does not meet every rule "
                "of the project: %(reasons)s The cluster will review it."
            )
            % {"firm": enrolment.organization, "reasons": " ".join(enrolment.eligibility_reasons)},
        )

    def page(self, form, status: int = 200):
        user = self.request.user
        already = []
        if not is_manager(user, self.project.cluster_id):
            # The firms the user represents that have applied (no longer offered above).
            already = list(selectors.enrolments_of(user, self.project))
        context = {
            "project": self.project,
            "form": form,
            "window_open": selectors.enrolment_window_open(self.project),
            "already": already,
        }
        return render(self.request, self.template_name, context, status=status)


class EnrolmentListView(LoginRequiredMixin, FilteredListView):
    """The enrolments of one project the user may see, filtered; 25 a page."""

    filterset_class = EnrolmentFilter
    paginate_by = 25
    template_name = "projects/enrolment_list.html"
    context_object_name = "enrolments"

    def get_queryset(self):
        user = self.request.user
        projects = Project.objects.visible_to(user).select_related("cluster")
        self.project = get_object_or_404(projects, slug=self.kwargs["slug"])
        can_list_enrolments(user, self.project).require()
        return selectors.enrolments_of(user, self.project).order_by(
            "organization__legal_name", "pk"
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        return {**kwargs, "project": self.project}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, project = self.request.user, self.project
        context.update(
            project=project,
            show_commitment=can_see_commitment(user, project.cluster_id),
            office=is_office_staff(user, project.cluster_id),
            can_manage=can_manage_project(user, project),
            can_apply=selectors.apply_offered(user, project),
        )
        return context


urls = [
    path("<slug:slug>/apply/", ApplyView.as_view(), name="apply"),
    path("<slug:slug>/enrolments/", EnrolmentListView.as_view(), name="enrolment-list"),
]

"""Intake: a firm (or a manager for it) applies; the enrolments of a project, filtered."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from clusters.mixins import FilteredListView, add_service_errors
from clusters.permissions import can_read_member_data
from clusters.roles import is_manager, is_office_staff
from clusters.spreadsheets import FORMATS as SPREADSHEET_FORMATS
from projects import exports, selectors
from projects.filters import EnrolmentFilter
from projects.forms import ApplyForm
from projects.models import Enrolment, Project
from projects.permissions import (
    applicant_organizations,
    can_apply,
    can_manage_project,
    can_see_commitment,
    can_view_enrolments,
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


def pipeline_groups(rows, counts: list[selectors.StatusCount]) -> list[tuple]:
    """The rows of the page (in lifecycle order) by status, each with its status's count
    among all the filtered enrolments."""
    by_status = {count.status: count for count in counts}
    return [(by_status[status], list(group)) for status, group in groupby(rows, lambda e: e.status)]


class EnrolmentListView(LoginRequiredMixin, FilteredListView):
    """The enrolments tab of the project workspace: a pipeline of the enrolments the user may
    see, grouped by status in lifecycle order with each status's count, filtered; 25 a page.
    The cluster's managers select rows for a bulk step (internationalization/views/bulk.py)
    and the office exports the participant list."""

    filterset_class = EnrolmentFilter
    paginate_by = 25
    template_name = "projects/enrolment_list.html"
    context_object_name = "enrolments"

    def get_queryset(self):
        user = self.request.user
        projects = Project.objects.visible_to(user).select_related("cluster")
        self.project = get_object_or_404(projects, slug=self.kwargs["slug"])
        can_view_enrolments(user, self.project).require()
        return selectors.in_lifecycle_order(selectors.enrolments_of(user, self.project))

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        return {**kwargs, "project": self.project}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, project = self.request.user, self.project
        rows = context["enrolments"]
        counts = selectors.pipeline_counts(self.filterset.qs)
        context.update(
            counts=counts,
            groups=pipeline_groups(rows, counts),
            can_bulk=bool(can_manage_project(user, project)),
            can_export=bool(can_read_member_data(user, project.cluster)),
            filter_params=[
                (key, value)
                for key, values in self.request.GET.lists()
                if key != "page"
                for value in values
            ],
            project=project,
            show_commitment=can_see_commitment(user, project.cluster_id),
            office=is_office_staff(user, project.cluster_id),
            can_manage=can_manage_project(user, project),
            can_apply=selectors.apply_offered(user, project),
        )
        return context


class EnrolmentExportView(ProjectParentMixin, View):
    """The participant list (CSV or XLSX) of the enrolments ticked in the pipeline, or of all
    those its filters leave (posted along); for the office, as it holds contact addresses."""

    project_permission = staticmethod(
        lambda user, project: can_read_member_data(user, project.cluster)
    )

    def post(self, request, slug: str):
        file_format = request.POST.get("format", "csv")
        exporter = exports.EXPORTERS.get(file_format)
        if exporter is None:
            return HttpResponseBadRequest(_("Export as CSV or XLSX."))
        enrolments = selectors.enrolments_of(request.user, self.project)
        chosen = [pk for pk in request.POST.getlist("enrolments") if pk.isdigit()]
        if chosen:
            enrolments = enrolments.filter(pk__in=chosen)
        else:
            enrolments = EnrolmentFilter(
                request.POST, enrolments, request=request, project=self.project
            ).qs
        body = exporter(selectors.in_lifecycle_order(enrolments))
        response = HttpResponse(body, content_type=SPREADSHEET_FORMATS[file_format])
        filename = exports.export_filename(self.project, file_format)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


urls = [
    path("<slug:slug>/apply/", ApplyView.as_view(), name="apply"),
    path("<slug:slug>/enrolments/", EnrolmentListView.as_view(), name="enrolment-list"),
    path("<slug:slug>/enrolments/export/", EnrolmentExportView.as_view(), name="enrolment-export"),
]

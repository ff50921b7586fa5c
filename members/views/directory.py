"""The member directory of the current cluster: list, filters, export and import."""

from __future__ import annotations

import base64
import hashlib

from django.contrib import messages
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from clusters.imports.report import whole_file_messages
from clusters.mixins import CurrentClusterManagerMixin, CurrentClusterMixin
from clusters.permissions import can_manage_cluster
from clusters.roles import is_office_staff
from clusters.spreadsheets import FORMATS as SPREADSHEET_FORMATS
from members import exports, selectors
from members.filters import OrganizationFilter
from members.imports.organizations import COLUMNS
from members.imports.plan import (
    ImportRejected,
    ImportUploadForm,
    apply_import,
    import_template_csv,
    plan_import,
)
from members.models import Organization

SORTABLE = ("name", "employees", "size_class", "region", "member_since")
PENDING_IMPORT = "members_pending_import"


def directory_filter(request, cluster) -> OrganizationFilter:
    """The directory of ``cluster`` filtered by the request's query string."""
    return OrganizationFilter(request.GET, queryset=selectors.directory(request.user, cluster))


def in_stable_order(queryset):
    """The filter's ordering (else the model's), then the id, so pages never overlap."""
    ordering = [*queryset.query.order_by] or list(Organization._meta.ordering)
    return queryset.order_by(*ordering, "pk")


def sort_states(ordering: str) -> dict[str, dict[str, str]]:
    """Per sortable column: the ordering its header link asks for, and its current direction."""
    current = ordering.split(",")[0].strip() or "name"
    states = {}
    for key in SORTABLE:
        if current == key:
            states[key] = {"next": f"-{key}", "direction": "ascending"}
        elif current == f"-{key}":
            states[key] = {"next": key, "direction": "descending"}
        else:
            states[key] = {"next": key, "direction": ""}
    return states


class DirectoryView(CurrentClusterMixin, ListView):
    paginate_by = 25
    template_name = "members/directory.html"
    context_object_name = "organizations"

    def get_queryset(self):
        self.filterset = directory_filter(self.request, self.cluster)
        return in_stable_order(self.filterset.qs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cluster"] = self.cluster
        context["filter"] = self.filterset
        context["sort"] = sort_states(self.filterset.data.get("ordering", ""))
        context["can_manage"] = can_manage_cluster(self.request.user, self.cluster)
        # A coach sees only the firms assigned to it: its empty list says so.
        context["office"] = is_office_staff(self.request.user, self.cluster.pk)
        return context


class DirectoryExportView(CurrentClusterMixin, View):
    """The filtered directory as a file; the same filters and ordering as the page."""

    def get(self, request, format: str):
        exporter = exports.EXPORTERS.get(format)
        if exporter is None:
            raise Http404(_("Export as CSV or XLSX."))
        organizations = in_stable_order(directory_filter(request, self.cluster).qs)
        # Streamed: 100,000 firms start arriving at once and never sit in memory whole.
        response = StreamingHttpResponse(
            exporter(organizations), content_type=SPREADSHEET_FORMATS[format]
        )
        filename = exports.export_filename(self.cluster, format)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ImportView(CurrentClusterManagerMixin, View):
    """Upload → preview of the plan (or every error) → confirm, which applies the same bytes.

    Between preview and confirm the file waits in the session, tied to the cluster it was
    checked against; confirming re-checks it against the database as it is then.
    """

    template_name = "members/import.html"

    def get(self, request):
        return self.page(form=ImportUploadForm())

    def post(self, request):
        if request.POST.get("action") == "confirm":
            return self.confirm()
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(form=form)
        upload = form.cleaned_data["file"]
        content = upload.read()
        plan = plan_import(
            cluster=self.cluster, content=content, filename=upload.name, actor=request.user
        )
        if not plan.ok:
            request.session.pop(PENDING_IMPORT, None)
            if refusals := whole_file_messages(plan.errors):
                form.add_error("file", refusals)
                return self.page(form=form)
            return self.page(form=ImportUploadForm(), plan=plan, filename=upload.name)
        digest = hashlib.sha256(content).hexdigest()
        request.session[PENDING_IMPORT] = {
            "cluster": self.cluster.pk,
            "filename": upload.name,
            "digest": digest,
            "content": base64.b64encode(content).decode("ascii"),
        }
        return self.page(form=ImportUploadForm(), plan=plan, filename=upload.name, digest=digest)

    def confirm(self):
        request = self.request
        pending = request.session.get(PENDING_IMPORT)
        if (
            not pending
            or pending["cluster"] != self.cluster.pk
            or not constant_time_compare(pending["digest"], request.POST.get("digest", ""))
        ):
            messages.error(request, _("The checked file is no longer at hand: upload it again."))
            return redirect("members:import")
        filename = pending["filename"]
        content = base64.b64decode(pending["content"])
        plan = plan_import(
            cluster=self.cluster, content=content, filename=filename, actor=request.user
        )
        try:
            summary = apply_import(cluster=self.cluster, plan=plan, actor=request.user)
        except ImportRejected as rejected:
            plan.errors = rejected.errors
            return self.page(form=ImportUploadForm(), plan=plan, filename=filename)
        finally:
            request.session.pop(PENDING_IMPORT, None)
        messages.success(
            request,
            _(
                "Imported %(filename)s: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % {
                "filename": filename,
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
            },
        )
        return redirect("members:directory")

    def page(self, **context):
        context.update(cluster=self.cluster, columns=COLUMNS)
        return render(self.request, self.template_name, context)


class ImportTemplateView(CurrentClusterManagerMixin, View):
    def get(self, request):
        response = HttpResponse(import_template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="members-import-template.csv"'
        return response


urls = [
    path("", DirectoryView.as_view(), name="directory"),
    path("export/<str:format>/", DirectoryExportView.as_view(), name="directory-export"),
    path("import/", ImportView.as_view(), name="import"),
    path("import/template.csv", ImportTemplateView.as_view(), name="import-template"),
]

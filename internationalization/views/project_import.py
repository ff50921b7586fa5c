"""Importing a whole project from a workbook, for the managers of the current cluster.

Upload → preview of what the import would do (or every refused row) → confirm, which imports
the same bytes. Between preview and confirm the workbook waits in the session, tied to the
cluster it was checked against; confirming checks it again against the database as it is then.
The work is ``internationalization.imports``'; this page only carries the file.
"""

from __future__ import annotations

import base64
import hashlib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusters.forms import Form
from clusters.imports.files import ImportFileError, check_size, require_xlsx
from clusters.imports.report import whole_file_messages
from clusters.mixins import CurrentClusterManagerMixin
from internationalization.imports.orchestrator import (
    SHEETS,
    import_project,
    read_xlsx,
    template_xlsx,
)

PENDING_IMPORT = "internationalization_pending_project_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ProjectImportForm(Form):
    file = forms.FileField(label=gettext_lazy("XLSX workbook"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "At most %(size)s; one sheet per part, named as below."
        ) % {"size": filesizeformat(settings.IMPORT_MAX_FILE_BYTES)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            require_xlsx(upload.name)
            check_size(upload.size)
        except ImportFileError as error:
            raise ValidationError(str(error)) from None
        return upload


class ProjectImportView(CurrentClusterManagerMixin, View):
    template_name = "internationalization/import/project_import.html"

    def get(self, request):
        return self.page(form=ProjectImportForm())

    def post(self, request):
        if request.POST.get("action") == "confirm":
            return self.confirm()
        form = ProjectImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(form=form)
        upload = form.cleaned_data["file"]
        content = upload.read()
        report = self.run(content, upload.name, dry_run=True)
        if not report.ok:
            request.session.pop(PENDING_IMPORT, None)
            if refusals := whole_file_messages(report.errors):
                form.add_error("file", refusals)
                return self.page(form=form)
            return self.page(form=ProjectImportForm(), report=report)
        digest = hashlib.sha256(content).hexdigest()
        request.session[PENDING_IMPORT] = {
            "cluster": self.cluster.pk,
            "filename": upload.name,
            "digest": digest,
            "content": base64.b64encode(content).decode("ascii"),
        }
        return self.page(form=ProjectImportForm(), report=report, digest=digest)

    def confirm(self):
        request = self.request
        pending = request.session.pop(PENDING_IMPORT, None)
        if (
            not pending
            or pending["cluster"] != self.cluster.pk
            or not constant_time_compare(pending["digest"], request.POST.get("digest", ""))
        ):
            messages.error(
                request, _("The checked workbook is no longer at hand: upload it again.")
            )
            return redirect("internationalization:project-import")
        content = base64.b64decode(pending["content"])
        report = self.run(content, pending["filename"], dry_run=False)
        if not report.ok:
            return self.page(form=ProjectImportForm(), report=report)
        if report.warnings:
            messages.warning(
                request,
                _("Imported with warnings: %(warnings)s")
                % {"warnings": " · ".join(report.warning_lines())},
            )
        messages.success(
            request,
            _(
                "Imported %(filename)s: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % {
                "filename": pending["filename"],
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
            },
        )
        return redirect(reverse("projects:project-detail", kwargs={"slug": report.project}))

    def run(self, content: bytes, filename: str, *, dry_run: bool):
        return import_project(
            workbook=read_xlsx(content, filename),
            actor=self.request.user,
            cluster=self.cluster,
            dry_run=dry_run,
        )

    def page(self, **context):
        context.update(cluster=self.cluster, sheets=SHEETS)
        return render(self.request, self.template_name, context)


class ProjectImportTemplateView(CurrentClusterManagerMixin, View):
    """An empty workbook with every sheet and its columns."""

    def get(self, request):
        response = HttpResponse(template_xlsx(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="project-import-template.xlsx"'
        return response


urls = [
    path("import/", ProjectImportView.as_view(), name="project-import"),
    path(
        "import/template.xlsx",
        ProjectImportTemplateView.as_view(),
        name="project-import-template",
    ),
]

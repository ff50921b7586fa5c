"""POST /api/v1/project-imports/: import a whole project from an .xlsx workbook.

Only the administrators and managers of some cluster may send a workbook at all (403 before
the file is read: nobody else can make the server parse one). The workbook names its cluster;
only the administrators and managers of that cluster import into it (403 with the reason for
its other staff), and a cluster the caller cannot see answers 404, as if it did not exist.
The answer is 200 with what was done (or, with ``dry_run=true``, what would be done, with the
warnings of rows imported all the same: a firm without a coach) or 400 with every refused
row; then nothing is written.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from clusters.api.base import Serializer
from clusters.imports.files import ImportFileError, check_size
from clusters.imports.report import ImportReport
from clusters.models import Cluster
from clusters.permissions import can_import_into_some_cluster, can_manage_cluster
from internationalization.imports.orchestrator import (
    file_cluster,
    import_project,
    read_xlsx,
    readable,
)


class ProjectImportInputSerializer(Serializer):
    file = serializers.FileField(help_text=_("The .xlsx workbook, one sheet per part."))
    dry_run = serializers.BooleanField(
        default=False, help_text=_("Check and plan only; write nothing.")
    )

    def validate_file(self, upload):
        if not upload.name.lower().endswith(".xlsx"):
            raise serializers.ValidationError(_("Upload an .xlsx workbook."))
        try:
            check_size(upload.size)
        except ImportFileError as error:
            raise serializers.ValidationError(str(error)) from None
        return upload


class RowErrorSerializer(Serializer):
    sheet = serializers.CharField()
    line = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()


class RowWarningSerializer(Serializer):
    sheet = serializers.CharField()
    line = serializers.IntegerField()
    warning = serializers.CharField()


class SheetCountsSerializer(Serializer):
    sheet = serializers.CharField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class RowActionSerializer(Serializer):
    sheet = serializers.CharField()
    line = serializers.IntegerField()
    action = serializers.ChoiceField(choices=["create", "update", "unchanged"])
    summary = serializers.CharField()


class ProjectImportOutputSerializer(Serializer):
    cluster = serializers.CharField()
    project = serializers.CharField()
    dry_run = serializers.BooleanField()
    written = serializers.BooleanField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    sheets = SheetCountsSerializer(many=True, source="counts")
    rows = RowActionSerializer(many=True, source="actions")
    warnings = serializers.SerializerMethodField()
    ignored = serializers.ListField(child=serializers.CharField())

    @extend_schema_field(RowWarningSerializer(many=True))
    def get_warnings(self, report: ImportReport) -> list[dict]:
        """One entry per warning, as ``errors`` has one per reason."""
        return [
            {"sheet": warning.sheet, "line": warning.line, "warning": message}
            for warning in report.warnings
            for message in warning.messages
        ]


class ProjectImportErrorSerializer(Serializer):
    errors = RowErrorSerializer(many=True)


def error_rows(report: ImportReport) -> list[dict]:
    return [
        {"sheet": error.sheet, "line": error.line, "reason": message}
        for error in report.errors
        for message in error.messages
    ]


class ProjectImportView(APIView):
    """Import a project workbook (multipart ``file``, optional ``dry_run=true``)."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ProjectImportInputSerializer},
        responses={
            200: ProjectImportOutputSerializer,
            400: ProjectImportErrorSerializer,
            403: OpenApiResponse(
                description="The caller manages no cluster (before the file is read), or not "
                "the file's cluster."
            ),
            404: OpenApiResponse(description="The file names a cluster the caller cannot see."),
            413: OpenApiResponse(description="The upload is larger than any file may be."),
        },
    )
    def post(self, request):
        # Before request.data: the multipart body is not even taken apart for a refused caller.
        can_import_into_some_cluster(request.user).require()
        serializer = ProjectImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        workbook = read_xlsx(upload.read(), upload.name)
        # An unreadable workbook names no cluster to check: the import just reports it.
        cluster = self.cluster_named(file_cluster(workbook)) if readable(workbook) else None
        try:
            report = import_project(
                workbook=workbook,
                actor=request.user,
                cluster=cluster,
                dry_run=serializer.validated_data["dry_run"],
            )
        except DjangoPermissionDenied as refusal:
            raise PermissionDenied(str(refusal)) from None
        if not report.ok:
            return Response({"errors": error_rows(report)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(ProjectImportOutputSerializer(report).data)

    def cluster_named(self, slug: str) -> Cluster | None:
        """The file's cluster: one the caller does not see is as good as absent (404); its
        staff other than administrators and managers are refused (403)."""
        if not slug:
            return None
        cluster = Cluster.objects.visible_to(self.request.user).filter(slug=slug).first()
        if cluster is None:
            raise NotFound(_("There is no cluster “%(slug)s”.") % {"slug": slug})
        can_manage_cluster(self.request.user, cluster).require()
        return cluster


urls = [path("project-imports/", ProjectImportView.as_view(), name="project-import")]

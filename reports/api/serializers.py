"""Report runs over REST: what a caller asks for, and what a run looks like to that caller.

The output serializers need ``audience`` (reports.suppression.Audience) in their context: a
funder gets the suppressed view of the result and that view's checksum.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusters.api.base import ModelSerializer, Serializer
from reports.models import ReportKind, ReportRun
from reports.suppression import RunView, run_view

RESULT_HELP = (
    "The report: kind, scope, as_of, projects and figures (field names are a public "
    "contract). Null until the run is done. Cluster staff get the stored canonical result. "
    "A funder user gets a derived view in which any breakdown cell (by_region, "
    "dropouts_by_phase, export_lab_stage_counts) of fewer than 3 firms is replaced by "
    '{"value": null, "suppressed": true}, with complementary cells hidden so that no small '
    'group can be recovered from the totals, and a top-level "suppression" object.'
)
CHECKSUM_HELP = (
    "SHA-256 of the canonical JSON of the result this caller gets: the stored checksum for "
    "cluster staff, the checksum of the suppressed view for a funder user. The JSON download "
    "hashes to it."
)


class ReportRunRequestSerializer(Serializer):
    """A project or a programme, never both."""

    kind = serializers.ChoiceField(choices=ReportKind.choices)
    project = serializers.CharField(
        required=False, max_length=60, help_text="Slug of the project to report on."
    )
    programme = serializers.CharField(
        required=False, max_length=40, help_text="Code of the programme to report on."
    )
    as_of = serializers.DateField(
        required=False, help_text="The day the report describes (YYYY-MM-DD); today if absent."
    )

    def validate(self, data: dict) -> dict:
        if "project" in data and "programme" in data:
            raise serializers.ValidationError(_("Give a project or a programme, not both."))
        if "project" not in data and "programme" not in data:
            raise serializers.ValidationError(_("Give a project or a programme."))
        return data


class ReportScopeSerializer(Serializer):
    type = serializers.ChoiceField(choices=["project", "programme"])
    project = serializers.CharField(required=False, help_text="Slug, for a project scope.")
    programme = serializers.CharField(required=False, help_text="Code, for a programme scope.")


class ReportRunSerializer(ModelSerializer):
    """A run in the list, and the answer to a new request."""

    url = serializers.HyperlinkedIdentityField(view_name="api:report-run-detail")
    scope = ReportScopeSerializer(read_only=True)
    checksum = serializers.SerializerMethodField(help_text=CHECKSUM_HELP)

    class Meta:
        model = ReportRun
        fields = [
            "id",
            "url",
            "kind",
            "scope",
            "status",
            "progress",
            "checksum",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields

    def view_of(self, run: ReportRun) -> RunView:
        views = self.context.setdefault("run_views", {})
        if run.pk not in views:
            views[run.pk] = run_view(run, self.context["audience"])
        return views[run.pk]

    def get_checksum(self, run: ReportRun) -> str:
        return self.view_of(run).checksum


class ReportRunDetailSerializer(ReportRunSerializer):
    result = serializers.SerializerMethodField(help_text=RESULT_HELP)

    class Meta(ReportRunSerializer.Meta):
        fields = [*ReportRunSerializer.Meta.fields, "result", "error"]
        read_only_fields = fields
        extra_kwargs = {"error": {"help_text": "Why the run failed; empty unless failed."}}

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_result(self, run: ReportRun) -> dict | None:
        return self.view_of(run).body

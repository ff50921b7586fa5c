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
from reports.services import report_runs_waiting_for_broker
from reports.suppression import RunView, run_checksum, run_view

RESULT_HELP = (
    "The report: kind, scope, as_of, projects and figures (field names are a public "
    "contract). Null until the run is done. Cluster staff get the stored canonical result. "
    "A funder user gets a derived view in which any breakdown cell (by_region, "
    "dropouts_by_phase, export_lab_stage_counts) of fewer than 3 firms is hidden, with "
    "complementary cells so that no small group can be recovered from the totals; hidden "
    'cells fold, unnamed, into one entry "other": {"value": null, "suppressed": true}; and '
    'a top-level "suppression" object.'
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
    waiting_for_worker = serializers.SerializerMethodField(
        help_text="True while the run is queued and the background service is unavailable: "
        "it is kept and starts when the service is back."
    )
    status_detail = serializers.SerializerMethodField(
        help_text="The status in words, saying when the background service is unavailable."
    )

    class Meta:
        model = ReportRun
        fields = [
            "id",
            "url",
            "kind",
            "scope",
            "status",
            "waiting_for_worker",
            "status_detail",
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
        # The stored checksum of the caller's view: the list does not load the result.
        return run_checksum(run, self.context["audience"])

    def get_waiting_for_worker(self, run: ReportRun) -> bool:
        waiting = self.context.setdefault("waiting_for_worker", {})
        if run.pk not in waiting:
            waiting[run.pk] = bool(report_runs_waiting_for_broker([run]))
        return waiting[run.pk]

    @classmethod
    def many_init(cls, *args, **kwargs):
        """A page of runs asks the outbox about its queued runs once, not once per run."""
        runs = args[0] if args else kwargs.get("instance")
        context = kwargs.setdefault("context", {})
        if runs is not None and "waiting_for_worker" not in context:
            runs = list(runs)
            waiting = report_runs_waiting_for_broker(runs)
            context["waiting_for_worker"] = {run.pk: run.pk in waiting for run in runs}
            args = (runs, *args[1:]) if args else args
            if not args:
                kwargs["instance"] = runs
        return super().many_init(*args, **kwargs)

    def get_status_detail(self, run: ReportRun) -> str:
        if self.get_waiting_for_worker(run):
            return _(
                "Queued: the background service is unavailable; the run will start when it is back."
            )
        return str(run.get_status_display())


class ReportRunDetailSerializer(ReportRunSerializer):
    result = serializers.SerializerMethodField(help_text=RESULT_HELP)

    class Meta(ReportRunSerializer.Meta):
        fields = [*ReportRunSerializer.Meta.fields, "result", "error"]
        read_only_fields = fields
        extra_kwargs = {"error": {"help_text": "Why the run failed; empty unless failed."}}

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_result(self, run: ReportRun) -> dict | None:
        return self.view_of(run).body

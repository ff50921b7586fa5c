"""Report runs over REST: ask for one, follow it, download it."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.generics import get_object_or_404
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from clusters.api.base import Serializer, VisibleReadOnlyViewSet, raise_as_api_error
from clusters.api.throttling import (
    SharedAnonRateThrottle,
    SharedScopedRateThrottle,
    SharedUserRateThrottle,
)
from reports import exports
from reports.api.serializers import (
    ReportRunDetailSerializer,
    ReportRunRequestSerializer,
    ReportRunSerializer,
)
from reports.filters import ReportRunFilter
from reports.models import ReportRun, RunStatus
from reports.querysets import reportable_programmes, reportable_projects
from reports.services import ReportRunLimitReached, report_run_request, report_run_retry
from reports.suppression import Audience, run_view

SUPPRESSION_NOTE = (
    "Cluster staff see the runs of their clusters' projects and programmes unsuppressed. A "
    "funder user sees the runs of its funder's programmes and of the projects they fund, as a "
    "derived view: any breakdown cell (by_region, dropouts_by_phase, export_lab_stage_counts) "
    "of fewer than 3 firms is hidden, with complementary cells so that no small group can be "
    "recovered from the totals; the hidden cells (and then the zeros) fold, unnamed, into one "
    'entry "other": {"value": null, "suppressed": true} (a row "other" of markers in '
    "by_region and by_cohort), which stands for the whole breakdown when its non-zero cells "
    "hold fewer than 3 firms. In the country lists (markets_entered, countries_visited: "
    "firms per country code) a country of 1 or 2 firms is left out and one entry "
    '"other": {"value": null, "suppressed": true} stands for all such countries. The stored '
    "run and its checksum stay the unsuppressed canonical result; a funder "
    "is shown the checksum of its derived view, which its JSON download hashes to."
)


class RunLimitReached(exceptions.APIException):
    """The user's limit of report runs (reports.services.report_runs_limit_check)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "report_run_limit"


class RunNotDone(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "run_not_done"


class DownloadNegotiation(BaseContentNegotiation):
    """The download's ``format`` is a query parameter read by the view, not a choice of
    renderer; errors are answered as JSON whatever the client accepts."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ExportFormatSerializer(Serializer):
    format = serializers.ChoiceField(choices=sorted(exports.FORMATS), default="json")


@extend_schema_view(
    list=extend_schema(
        summary="List report runs",
        description="The runs the caller may see, newest first. " + SUPPRESSION_NOTE,
        responses={
            200: ReportRunSerializer(many=True),
            400: OpenApiResponse(description="A malformed filter, named with its error."),
        },
    ),
    retrieve=extend_schema(
        summary="A report run",
        description="Poll it until `status` is `done` (or `failed`, with `error`). "
        + SUPPRESSION_NOTE,
    ),
    create=extend_schema(
        summary="Ask for a report run",
        description=(
            "Queue a run of `kind` for a `project` (slug) or a `programme` (code), as of "
            "`as_of` (today if absent). Answers 202 with the run's `url` to poll. A scope the "
            "caller may not see answers 404; bad input answers 400 with field errors; neither "
            "creates a run."
        ),
        request=ReportRunRequestSerializer,
        responses={
            202: ReportRunSerializer,
            400: OpenApiResponse(description="Bad input, with errors per field; no run."),
            404: OpenApiResponse(description="No such project or programme for the caller."),
            429: OpenApiResponse(
                description="Too many runs asked for with this token, or by this user "
                "(REPORT_RUNS_PER_HOUR, REPORT_RUNS_PENDING_MAX), with the reason."
            ),
        },
    ),
)
class ReportRunViewSet(VisibleReadOnlyViewSet):
    """Participation, outcome and indicator report runs of projects and programmes."""

    queryset = ReportRun.objects.select_related("project", "programme")
    serializer_class = ReportRunDetailSerializer
    filterset_class = ReportRunFilter
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["created_at", "finished_at"]
    ordering = ["-created_at", "-pk"]
    throttle_classes = [SharedAnonRateThrottle, SharedUserRateThrottle, SharedScopedRateThrottle]

    @property
    def throttle_scope(self) -> str | None:
        return "report_runs" if self.action in ("create", "retry") else None

    @cached_property
    def audience(self) -> Audience:
        return Audience.of(self.request.user)

    def get_queryset(self):
        runs = super().get_queryset()
        if self.action == "list":
            # The list shows no result: its big columns stay in the database.
            runs = runs.defer("result", "canonical", "suppressed_canonical")
        return runs

    def get_serializer_class(self):
        if self.action == "create":
            return ReportRunRequestSerializer
        if self.action == "list":
            return ReportRunSerializer
        return ReportRunDetailSerializer

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        if self.request.user.is_authenticated:
            context["audience"] = self.audience
        return context

    def create(self, request, *args, **kwargs):
        serializer = ReportRunRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        scope = {"project": None, "programme": None}
        if "project" in data:
            scope["project"] = get_object_or_404(
                reportable_projects(request.user), slug=data["project"]
            )
        else:
            scope["programme"] = get_object_or_404(
                reportable_programmes(request.user), code=data["programme"]
            )
        try:
            run = report_run_request(
                kind=data["kind"], requested_by=request.user, as_of=data.get("as_of"), **scope
            )
        except ReportRunLimitReached as error:
            raise RunLimitReached(" ".join(error.messages)) from None
        except DjangoValidationError as error:
            raise_as_api_error(error)
        return self.accepted(run)

    def accepted(self, run: ReportRun) -> Response:
        # Read again: without a broker the run is computed as soon as it is committed.
        run = self.get_queryset().get(pk=run.pk)
        output = ReportRunSerializer(run, context=self.get_serializer_context()).data
        # str(): the URL field gives a str subclass, which a WSGI server refuses in a header.
        headers = {"Location": str(output["url"])}
        return Response(output, status=status.HTTP_202_ACCEPTED, headers=headers)

    @extend_schema(
        summary="Retry a failed report run",
        description=(
            "Ask again, with the same inputs, for a run that failed (its requester only). The "
            "failed run stays as it was; answers 202 with the new run, like a new request."
        ),
        request=None,
        responses={
            202: ReportRunSerializer,
            403: OpenApiResponse(description="Not failed, or not the caller's run."),
            404: OpenApiResponse(description="No such run, or not the caller's to see."),
            429: OpenApiResponse(description="Too many runs asked for by this user."),
        },
    )
    @action(detail=True, methods=["post"], url_path="retry", url_name="retry")
    def retry(self, request, *args, **kwargs):
        run = self.get_object()
        try:
            new_run = report_run_retry(run=run, user=request.user)
        except ReportRunLimitReached as error:
            raise RunLimitReached(" ".join(error.messages)) from None
        except DjangoValidationError as error:
            raise_as_api_error(error)
        return self.accepted(new_run)

    @extend_schema(
        summary="Download a report run",
        description=(
            "`json` is the canonical JSON (its SHA-256 is the run's `checksum` as the caller "
            "sees it); `csv` and `xlsx` flatten it to rows "
            "`section, section_label, key, label, value, suppressed`, the labels in the "
            "language of the request (`Accept-Language`). "
            "A run that is not done answers 409. " + SUPPRESSION_NOTE
        ),
        parameters=[
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=sorted(exports.FORMATS),
                default="json",
                description="File format.",
            )
        ],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, exports.FORMATS["xlsx"]): OpenApiTypes.BINARY,
            400: OpenApiResponse(description="Unknown format."),
            404: OpenApiResponse(description="No such run, or not the caller's to see."),
            409: OpenApiResponse(description="The run is not done yet, or failed."),
        },
        filters=False,
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="export",
        url_name="export",
        renderer_classes=[JSONRenderer],
        content_negotiation_class=DownloadNegotiation,
    )
    def export(self, request, *args, **kwargs):
        run = self.get_object()
        choice = ExportFormatSerializer(data=request.query_params)
        choice.is_valid(raise_exception=True)
        file_format = choice.validated_data["format"]
        if run.status == RunStatus.FAILED:
            raise RunNotDone(_("The run failed, so there is nothing to download."))
        if run.status != RunStatus.DONE:
            raise RunNotDone(
                _("The run is not done yet (%(status)s): download it once its status is done.")
                % {"status": run.status}
            )
        language = exports.reader_language(request)
        content = exports.render(run, run_view(run, self.audience), file_format, language=language)
        response = HttpResponse(content, content_type=exports.FORMATS[file_format])
        filename = exports.export_filename(run, file_format)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

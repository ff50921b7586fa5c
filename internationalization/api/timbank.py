"""The timbank over /api/v1/: requests with their decisions, and timesheet entries.

Everyone reads what ``visible_to`` lets them see (office staff, the firm's coach, the firm's
representatives). A firm's representatives or the cluster's managers create requests; managers
approve (reserving hours from the pool), reject, ask for information, close, and log
timesheets. Nothing is deleted.
"""

from django.db.models import DecimalField, OuterRef, Subquery, Sum
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.routers import SimpleRouter

from clusters.api.base import ObjectStepMixin, VisibleModelViewSet
from clusters.dates import dated_decision
from internationalization.api.serializers.timbank import (
    ApproveInputSerializer,
    AskInfoInputSerializer,
    DecisionRejectInputSerializer,
    ReplyInputSerializer,
    TimbankRequestInputSerializer,
    TimbankRequestOutputSerializer,
    TimesheetEntryInputSerializer,
    TimesheetEntryOutputSerializer,
)
from internationalization.filters import TimbankRequestFilter, TimesheetEntryFilter
from internationalization.models import TimbankRequest, TimesheetEntry
from internationalization.permissions import (
    can_act_for_firm,
    can_act_on_timbank_request,
    can_decide_for_project,
    can_decide_timbank_request,
)
from internationalization.services.timbank import (
    timbank_request_approve,
    timbank_request_ask_info,
    timbank_request_close,
    timbank_request_create,
    timbank_request_reject,
    timbank_request_reply,
    timbank_request_withdraw,
    timesheet_log,
)

CREATE_AND_READ = ["get", "post", "head", "options"]


class TimbankRequestViewSet(ObjectStepMixin, VisibleModelViewSet):
    """Requests for consultant hours, oldest first; POST .../approve/, .../reject/,
    .../ask-info/, .../reply/ and .../close/ take the steps."""

    # The hours used per request as a correlated subquery, not a join and GROUP BY of every
    # timesheet row: PostgreSQL computes it for the page's rows only, after the LIMIT.
    queryset = (
        TimbankRequest.objects.select_related("enrolment__project")
        .annotate(
            used=Subquery(
                TimesheetEntry.objects.filter(request=OuterRef("pk"))
                .order_by()
                .values("request")
                .annotate(total=Sum("hours"))
                .values("total"),
                output_field=DecimalField(max_digits=7, decimal_places=2),
            )
        )
        .order_by("requested_at", "pk")
    )
    output_serializer_class = TimbankRequestOutputSerializer
    input_serializer_class = TimbankRequestInputSerializer
    filterset_class = TimbankRequestFilter
    search_fields = ["purpose", "enrolment__organization__legal_name"]
    ordering_fields = ["requested_at", "needed_by", "decided_at"]
    http_method_names = CREATE_AND_READ

    @staticmethod
    def create_permission(user, data: dict):
        return can_act_for_firm(user, data["enrolment"])

    def create_with_service(self, data: dict) -> TimbankRequest:
        request = timbank_request_create(actor=self.request.user, **data)
        return self.get_queryset().get(pk=request.pk)

    @extend_schema(request=ApproveInputSerializer, responses=TimbankRequestOutputSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve hours (at most those requested) and reserve them from the pool;
        `decided_on` is the day of the decision, today when left out."""
        return self.step(
            ApproveInputSerializer,
            can_decide_timbank_request,
            lambda obj, data: timbank_request_approve(
                request=obj, actor=request.user, **dated_decision(data)
            ),
        )

    @extend_schema(request=None, responses=TimbankRequestOutputSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The firm withdraws its request while it is undecided."""
        return self.step(
            None,
            can_act_on_timbank_request,
            lambda item, data: timbank_request_withdraw(request=item, actor=request.user),
        )

    @extend_schema(request=DecisionRejectInputSerializer, responses=TimbankRequestOutputSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject with a reason; `decided_on` is the day of the decision, today when left out."""
        return self.step(
            DecisionRejectInputSerializer,
            can_decide_timbank_request,
            lambda obj, data: timbank_request_reject(
                request=obj, actor=request.user, **dated_decision(data)
            ),
        )

    @extend_schema(request=AskInfoInputSerializer, responses=TimbankRequestOutputSerializer)
    @action(detail=True, methods=["post"], url_path="ask-info", url_name="ask-info")
    def ask_info(self, request, pk=None):
        return self.step(
            AskInfoInputSerializer,
            can_decide_timbank_request,
            lambda obj, data: timbank_request_ask_info(request=obj, actor=request.user, **data),
        )

    @extend_schema(request=ReplyInputSerializer, responses=TimbankRequestOutputSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        """The firm answers the question; the request waits for a decision again."""
        return self.step(
            ReplyInputSerializer,
            can_act_on_timbank_request,
            lambda obj, data: timbank_request_reply(request=obj, actor=request.user, **data),
        )

    @extend_schema(request=None, responses=TimbankRequestOutputSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close an approved request; the hours not used return to the pool."""
        return self.step(
            None,
            can_decide_timbank_request,
            lambda obj, data: timbank_request_close(request=obj, actor=request.user, **data),
        )


class TimesheetEntryViewSet(VisibleModelViewSet):
    """Hours consultants worked on approved requests; the cluster's managers log them."""

    queryset = TimesheetEntry.objects.select_related("request").order_by("date", "pk")
    output_serializer_class = TimesheetEntryOutputSerializer
    input_serializer_class = TimesheetEntryInputSerializer
    filterset_class = TimesheetEntryFilter
    ordering_fields = ["date"]
    http_method_names = CREATE_AND_READ

    @staticmethod
    def create_permission(user, data: dict):
        return can_decide_for_project(user, data["request"].enrolment.project)

    def create_with_service(self, data: dict) -> TimesheetEntry:
        return timesheet_log(**data)


def register(router: SimpleRouter) -> None:
    router.register("timbank-requests", TimbankRequestViewSet, basename="timbank-request")
    router.register("timesheet-entries", TimesheetEntryViewSet, basename="timesheet-entry")

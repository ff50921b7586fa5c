"""Trips and expense claims over /api/v1/.

A firm's representatives or the cluster's managers apply for trips and submit claims (multipart,
with the receipt); managers approve with a budget (within the country's cap), reject, mark
trips done and decide on claims. A claim shows the protected download of its receipt, never a
media URL. Nothing is deleted.
"""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.routers import SimpleRouter

from clusters.api.base import ObjectStepMixin, VisibleModelViewSet
from clusters.api.parsers import JSONParser
from clusters.dates import dated_decision
from internationalization.api.serializers.timbank import (
    DecisionRejectInputSerializer,
    RejectInputSerializer,
)
from internationalization.api.serializers.trips import (
    ClaimReimbursedInputSerializer,
    ExpenseClaimInputSerializer,
    ExpenseClaimOutputSerializer,
    TripApproveInputSerializer,
    TripInputSerializer,
    TripOutputSerializer,
    TripReportSerializer,
)
from internationalization.filters import ClaimFilter, TripFilter
from internationalization.models import ExpenseClaim, Trip
from internationalization.permissions import (
    can_act_for_firm,
    can_act_on_trip,
    can_decide_claim,
    can_decide_trip,
)
from internationalization.services.trips import (
    expense_claim_decide,
    expense_claim_mark_reimbursed,
    expense_claim_submit,
    trip_apply,
    trip_approve,
    trip_mark_done,
    trip_reject,
    trip_report_made,
    trip_report_save,
    trip_withdraw,
)

CREATE_AND_READ = ["get", "post", "head", "options"]


class TripViewSet(ObjectStepMixin, VisibleModelViewSet):
    """Trips, applications first then the most recent; POST .../approve/ {budget},
    .../reject/ {reason}, .../done/, .../report/ take the steps."""

    queryset = Trip.objects.select_related("enrolment__project", "report").order_by(
        "-requested_at", "-pk"
    )
    output_serializer_class = TripOutputSerializer
    input_serializer_class = TripInputSerializer
    filterset_class = TripFilter
    search_fields = ["city", "event", "enrolment__organization__legal_name"]
    ordering_fields = ["requested_at", "start"]
    http_method_names = CREATE_AND_READ

    @staticmethod
    def create_permission(user, data: dict):
        return can_act_for_firm(user, data["enrolment"])

    # An application; the ``made`` action swaps in the report of a trip already made.
    create_service = staticmethod(trip_apply)

    def get_serializer_class(self):
        if self.action == "made":
            return self.input_serializer_class
        return super().get_serializer_class()

    def create_with_service(self, data: dict) -> Trip:
        trip = self.create_service(actor=self.request.user, **data)
        return self.get_queryset().get(pk=trip.pk)

    @extend_schema(request=TripApproveInputSerializer, responses=TripOutputSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve with a budget, at most the project's cap for the country; `decided_on` is
        the day of the decision, today when left out."""
        return self.step(
            TripApproveInputSerializer,
            can_decide_trip,
            lambda trip, data: trip_approve(trip=trip, actor=request.user, **dated_decision(data)),
        )

    @extend_schema(request=DecisionRejectInputSerializer, responses=TripOutputSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject with a reason; `decided_on` is the day of the decision, today when left out."""
        return self.step(
            DecisionRejectInputSerializer,
            can_decide_trip,
            lambda trip, data: trip_reject(trip=trip, actor=request.user, **dated_decision(data)),
        )

    @extend_schema(request=None, responses=TripOutputSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        return self.step(
            None, can_decide_trip, lambda trip, data: trip_mark_done(trip=trip, actor=request.user)
        )

    @extend_schema(request=None, responses=TripOutputSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The firm withdraws an application (or a report of a trip made) not yet decided."""
        return self.step(
            None, can_act_on_trip, lambda trip, data: trip_withdraw(trip=trip, actor=request.user)
        )

    @extend_schema(request=TripInputSerializer, responses={201: TripOutputSerializer})
    @action(detail=False, methods=["post"])
    def made(self, request):
        """The firm reports a trip it already made (dates in the past, its costs as
        `budget_requested`); the cluster verifies it with .../approve/ or .../reject/."""
        self.create_service = trip_report_made
        return self.create(request)

    @extend_schema(request=TripReportSerializer, responses=TripOutputSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """Report what a done trip brought (replaces the previous report)."""
        return self.step(
            TripReportSerializer,
            can_act_on_trip,
            lambda trip, data: trip_report_save(trip=trip, data=data),
        )


class ExpenseClaimViewSet(ObjectStepMixin, VisibleModelViewSet):
    """Claims of trip costs with receipts (create as multipart); POST .../approve/,
    .../reject/ {reason}, .../reimbursed/ {on}. ``receipt_url`` is the protected download."""

    queryset = ExpenseClaim.objects.select_related("trip__enrolment__project").order_by(
        "submitted_at", "pk"
    )
    output_serializer_class = ExpenseClaimOutputSerializer
    input_serializer_class = ExpenseClaimInputSerializer
    filterset_class = ClaimFilter
    ordering_fields = ["submitted_at", "amount"]
    http_method_names = CREATE_AND_READ
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @staticmethod
    def create_permission(user, data: dict):
        return can_act_for_firm(user, data["trip"].enrolment)

    def create_with_service(self, data: dict) -> ExpenseClaim:
        trip = data["trip"]
        return expense_claim_submit(
            trip=trip,
            description=data["description"],
            amount=data["amount"],
            currency=data.get("currency") or trip.currency,
            receipt=data["receipt"],
            actor=self.request.user,
        )

    @extend_schema(request=None, responses=ExpenseClaimOutputSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self.step(
            None,
            can_decide_claim,
            lambda claim, data: expense_claim_decide(
                claim=claim, approve=True, reason="", actor=request.user
            ),
        )

    @extend_schema(request=RejectInputSerializer, responses=ExpenseClaimOutputSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self.step(
            RejectInputSerializer,
            can_decide_claim,
            lambda claim, data: expense_claim_decide(
                claim=claim, approve=False, actor=request.user, **data
            ),
        )

    @extend_schema(request=ClaimReimbursedInputSerializer, responses=ExpenseClaimOutputSerializer)
    @action(detail=True, methods=["post"])
    def reimbursed(self, request, pk=None):
        return self.step(
            ClaimReimbursedInputSerializer,
            can_decide_claim,
            lambda claim, data: expense_claim_mark_reimbursed(
                claim=claim, actor=request.user, **data
            ),
        )


def register(router: SimpleRouter) -> None:
    router.register("trips", TripViewSet, basename="trip")
    router.register("expense-claims", ExpenseClaimViewSet, basename="expense-claim")

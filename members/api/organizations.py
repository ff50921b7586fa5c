from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from clusters.api.base import (
    ObjectStepMixin,
    VisibleModelViewSet,
    VisibleReadOnlyViewSet,
    raise_as_api_error,
)
from clusters.models import Cluster
from clusters.permissions import can_manage_cluster
from members.api.serializers.organizations import (
    FeePaidInputSerializer,
    FeePaymentOutputSerializer,
    FeeScheduleInputSerializer,
    FeeScheduleOutputSerializer,
    FeesIssueInputSerializer,
    FeesIssueOutputSerializer,
    MembershipOutputSerializer,
    MembershipTransitionInputSerializer,
    OrganizationInputSerializer,
    OrganizationOutputSerializer,
)
from members.filters import (
    FeePaymentFilter,
    FeeScheduleFilter,
    MembershipFilter,
    OrganizationFilter,
)
from members.models import FeePayment, FeeSchedule, Membership, Organization
from members.permissions import (
    can_manage_fee_payment,
    can_manage_organization,
)
from members.services import (
    fee_payment_mark_paid,
    fee_schedule_save,
    fees_issue_for_year,
    membership_transition,
    organization_create,
    organization_update,
)


class OrganizationViewSet(VisibleModelViewSet):
    """Member organizations: the directory's filters apply (`q`, `helix`, `org_type`,
    `size_class`, `region`, `sector`, `membership_status`, `ordering`)."""

    # The id breaks ties of name, so no firm is skipped or repeated between pages.
    queryset = Organization.objects.select_related("cluster", "membership").order_by(
        "legal_name", "pk"
    )
    output_serializer_class = OrganizationOutputSerializer
    input_serializer_class = OrganizationInputSerializer
    filterset_class = OrganizationFilter
    write_permission = staticmethod(can_manage_organization)
    create_permission = staticmethod(lambda user, data: can_manage_cluster(user, data["cluster"]))
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    filter_backends = [
        backend
        for backend in VisibleModelViewSet.filter_backends
        if not issubclass(backend, (SearchFilter, OrderingFilter))
    ]

    def create_with_service(self, data: dict) -> Organization:
        data = dict(data)
        return organization_create(
            cluster=data.pop("cluster"),
            data=data,
            membership_status=data.pop("membership_status"),
            status_on=data.pop("status_on", None),
            actor=self.request.user,
        )

    def update_with_service(self, instance: Organization, data: dict) -> Organization:
        data = {k: v for k, v in data.items() if k not in ("cluster", "membership_status")}
        return organization_update(organization=instance, data=data)


class MembershipViewSet(ObjectStepMixin, VisibleReadOnlyViewSet):
    """Memberships with their dated transitions; POST .../transition/ moves one step."""

    queryset = (
        Membership.objects.select_related("organization")
        .prefetch_related("transitions")
        .order_by("organization__legal_name")
    )
    serializer_class = MembershipOutputSerializer
    filterset_class = MembershipFilter

    @extend_schema(
        request=MembershipTransitionInputSerializer, responses=MembershipOutputSerializer
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        return self.step(
            MembershipTransitionInputSerializer,
            lambda user, membership: can_manage_organization(user, membership.organization),
            lambda membership, data: membership_transition(
                membership=membership, actor=request.user, **data
            ),
        )


class FeePaymentViewSet(ObjectStepMixin, VisibleReadOnlyViewSet):
    """Membership fees; POST .../paid/ records a payment."""

    queryset = FeePayment.objects.select_related("organization").order_by("-year", "pk")
    serializer_class = FeePaymentOutputSerializer
    filterset_class = FeePaymentFilter

    @extend_schema(request=FeePaidInputSerializer, responses=FeePaymentOutputSerializer)
    @action(detail=True, methods=["post"])
    def paid(self, request, pk=None):
        return self.step(
            FeePaidInputSerializer,
            can_manage_fee_payment,
            lambda payment, data: fee_payment_mark_paid(payment=payment, **data),
        )


class FeeScheduleViewSet(VisibleModelViewSet):
    """The yearly fee schedule of a cluster; POST .../issue/ bills the year to active members."""

    queryset = FeeSchedule.objects.select_related("cluster").order_by("-year", "size_class")
    output_serializer_class = FeeScheduleOutputSerializer
    input_serializer_class = FeeScheduleInputSerializer
    filterset_class = FeeScheduleFilter
    write_permission = staticmethod(
        lambda user, schedule: can_manage_cluster(user, schedule.cluster)
    )
    create_permission = staticmethod(lambda user, data: can_manage_cluster(user, data["cluster"]))
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def create_with_service(self, data: dict) -> FeeSchedule:
        data = dict(data)
        return fee_schedule_save(cluster=data.pop("cluster"), data=data)

    def update_with_service(self, instance: FeeSchedule, data: dict) -> FeeSchedule:
        data = {k: v for k, v in data.items() if k != "cluster"}
        full = {
            field: data.get(field, getattr(instance, field))
            for field in ("year", "size_class", "amount", "currency", "due_on")
        }
        return fee_schedule_save(cluster=instance.cluster, data=full, schedule=instance)

    @extend_schema(request=FeesIssueInputSerializer, responses=FeesIssueOutputSerializer)
    @action(detail=False, methods=["post"], url_path=r"issue/(?P<cluster_slug>[-\w]+)")
    def issue(self, request, cluster_slug=None):
        """Bill the year's fee to every active member of the cluster that has none yet."""
        cluster = get_object_or_404(Cluster.objects.visible_to(request.user), slug=cluster_slug)
        can_manage_cluster(request.user, cluster).require()
        serializer = FeesIssueInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            issued = fees_issue_for_year(cluster=cluster, year=serializer.validated_data["year"])
        except DjangoValidationError as error:
            raise_as_api_error(error)
        return Response({"issued": issued})


def register(router: SimpleRouter) -> None:
    router.register("organizations", OrganizationViewSet, basename="organization")
    router.register("memberships", MembershipViewSet, basename="membership")
    router.register("fee-payments", FeePaymentViewSet, basename="fee-payment")
    router.register("fee-schedules", FeeScheduleViewSet, basename="fee-schedule")

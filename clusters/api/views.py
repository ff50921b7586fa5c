from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from clusters.api.base import VisibleModelViewSet
from clusters.api.serializers import (
    ClusterInputSerializer,
    ClusterOutputSerializer,
    MeOutputSerializer,
)
from clusters.filters import ClusterFilter
from clusters.models import Cluster, ClusterRole, FunderUser
from clusters.permissions import can_manage_cluster
from clusters.services import cluster_update


class ClusterViewSet(VisibleModelViewSet):
    """Clusters the caller works in. Managers and administrators may update them."""

    queryset = Cluster.objects.order_by("name")
    lookup_field = "slug"
    write_permission = staticmethod(can_manage_cluster)
    output_serializer_class = ClusterOutputSerializer
    input_serializer_class = ClusterInputSerializer
    search_fields = ["name", "city", "region", "sectors"]
    ordering_fields = ["name", "founded"]
    filterset_class = ClusterFilter
    http_method_names = ["get", "put", "patch", "head", "options"]

    def update_with_service(self, instance: Cluster, data: dict) -> Cluster:
        return cluster_update(cluster=instance, data=data)


class MeView(APIView):
    """Who the caller is: e-mail, staff roles per cluster, and the linked funder if any."""

    @extend_schema(responses=MeOutputSerializer)
    def get(self, request):
        user = request.user
        roles = dict(ClusterRole.objects.filter(user=user).values_list("cluster__slug", "role"))
        link = FunderUser.objects.filter(user=user).select_related("funder").first()
        data = {
            "email": user.email,
            "full_name": user.full_name,
            "is_superuser": user.is_superuser,
            "cluster_roles": roles,
            "funder": link.funder.name if link else None,
        }
        return Response(MeOutputSerializer(data).data)

"""People and their affiliations over /api/v1/: read by the cluster's office staff (a person
linked to a user account reads their own record), written by its managers and admins."""

from rest_framework.routers import SimpleRouter

from clusters.api.base import VisibleModelViewSet
from clusters.permissions import Verdict, can_manage_cluster
from members.api.serializers.people import (
    AffiliationInputSerializer,
    AffiliationOutputSerializer,
    PersonInputSerializer,
    PersonOutputSerializer,
)
from members.filters import AffiliationFilter, PersonFilter
from members.models import Affiliation, Person
from members.services import affiliation_save, person_save

# History is kept: nothing is deleted over the API.
WRITABLE_WITHOUT_DELETE = ["get", "post", "put", "patch", "head", "options"]


class PersonViewSet(VisibleModelViewSet):
    """People of the clusters the caller works in. Search on name and e-mail."""

    queryset = Person.objects.select_related("cluster", "user").order_by(
        "last_name", "first_name", "pk"
    )
    output_serializer_class = PersonOutputSerializer
    input_serializer_class = PersonInputSerializer
    filterset_class = PersonFilter
    search_fields = ["first_name", "last_name", "email"]
    ordering_fields = ["last_name", "first_name"]
    http_method_names = WRITABLE_WITHOUT_DELETE

    @staticmethod
    def create_permission(user, data: dict) -> Verdict:
        return can_manage_cluster(user, data["cluster"])

    @staticmethod
    def write_permission(user, person: Person) -> Verdict:
        return can_manage_cluster(user, person.cluster)

    def create_with_service(self, data: dict) -> Person:
        cluster = data.pop("cluster")
        return person_save(cluster=cluster, data=data)

    def update_with_service(self, instance: Person, data: dict) -> Person:
        return person_save(cluster=instance.cluster, data=data, person=instance)


class AffiliationViewSet(VisibleModelViewSet):
    """Who works where, for how much of their time and from when to when."""

    queryset = Affiliation.objects.select_related("person__cluster").order_by("pk")
    output_serializer_class = AffiliationOutputSerializer
    input_serializer_class = AffiliationInputSerializer
    filterset_class = AffiliationFilter
    ordering_fields = ["start", "end"]
    http_method_names = WRITABLE_WITHOUT_DELETE

    @staticmethod
    def create_permission(user, data: dict) -> Verdict:
        return can_manage_cluster(user, data["person"].cluster)

    @staticmethod
    def write_permission(user, affiliation: Affiliation) -> Verdict:
        return can_manage_cluster(user, affiliation.person.cluster)

    def create_with_service(self, data: dict) -> Affiliation:
        person = data.pop("person")
        return affiliation_save(person=person, data=data)

    def update_with_service(self, instance: Affiliation, data: dict) -> Affiliation:
        return affiliation_save(person=instance.person, data=data, affiliation=instance)


def register(router: SimpleRouter) -> None:
    """Register this area's viewsets on the /api/v1/ router."""
    router.register("people", PersonViewSet, basename="person")
    router.register("affiliations", AffiliationViewSet, basename="affiliation")

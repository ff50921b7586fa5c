"""Governance over /api/v1/: bodies, seats, meetings, decisions and action items.

Office staff read everything of their clusters; a committee member reads their body, its
meetings, decisions and action items (never the seats). Managers and admins write through the
services; nothing is deleted, history is kept.
"""

from django.db.models import Prefetch
from rest_framework.routers import SimpleRouter

from clusters.api.base import VisibleModelViewSet
from clusters.permissions import Verdict, can_manage_cluster
from members.api.people import WRITABLE_WITHOUT_DELETE
from members.api.serializers.governance import (
    ActionItemInputSerializer,
    ActionItemOutputSerializer,
    BodyInputSerializer,
    BodyOutputSerializer,
    DecisionInputSerializer,
    DecisionOutputSerializer,
    MeetingInputSerializer,
    MeetingOutputSerializer,
    SeatInputSerializer,
    SeatOutputSerializer,
)
from members.filters import ActionItemFilter, BodyFilter, DecisionFilter, MeetingFilter, SeatFilter
from members.models import ActionItem, Body, Decision, Meeting, Seat
from members.services import (
    action_item_save,
    body_save,
    decision_save,
    meeting_save_with_attendance,
    seat_save,
)


class BodyViewSet(VisibleModelViewSet):
    """General assemblies, boards, councils, committees and working groups."""

    queryset = Body.objects.select_related("cluster").order_by("kind", "name", "pk")
    output_serializer_class = BodyOutputSerializer
    input_serializer_class = BodyInputSerializer
    filterset_class = BodyFilter
    search_fields = ["name"]
    ordering_fields = ["name", "kind"]
    http_method_names = WRITABLE_WITHOUT_DELETE

    @staticmethod
    def create_permission(user, data: dict) -> Verdict:
        return can_manage_cluster(user, data["cluster"])

    @staticmethod
    def write_permission(user, body: Body) -> Verdict:
        return can_manage_cluster(user, body.cluster)

    def create_with_service(self, data: dict) -> Body:
        cluster = data.pop("cluster")
        return body_save(cluster=cluster, data=data)

    def update_with_service(self, instance: Body, data: dict) -> Body:
        return body_save(cluster=instance.cluster, data=data, body=instance)


class SeatViewSet(VisibleModelViewSet):
    """Seats in a body for a term; office staff only."""

    queryset = Seat.objects.select_related("body__cluster").order_by("body", "term_start", "pk")
    output_serializer_class = SeatOutputSerializer
    input_serializer_class = SeatInputSerializer
    filterset_class = SeatFilter
    ordering_fields = ["term_start", "term_end", "role"]
    http_method_names = WRITABLE_WITHOUT_DELETE

    @staticmethod
    def create_permission(user, data: dict) -> Verdict:
        return can_manage_cluster(user, data["body"].cluster)

    @staticmethod
    def write_permission(user, seat: Seat) -> Verdict:
        return can_manage_cluster(user, seat.body.cluster)

    def create_with_service(self, data: dict) -> Seat:
        body = data.pop("body")
        return seat_save(body=body, data=data)

    def update_with_service(self, instance: Seat, data: dict) -> Seat:
        return seat_save(body=instance.body, data=data, seat=instance)


class MeetingViewSet(VisibleModelViewSet):
    """Meetings of a body, with who was present and who was excused."""

    queryset = (
        Meeting.objects.select_related("body__cluster")
        .prefetch_related("attendances")
        .order_by("-date", "-pk")
    )
    output_serializer_class = MeetingOutputSerializer
    input_serializer_class = MeetingInputSerializer
    filterset_class = MeetingFilter
    search_fields = ["title", "agenda", "minutes"]
    ordering_fields = ["date"]
    http_method_names = WRITABLE_WITHOUT_DELETE

    @staticmethod
    def create_permission(user, data: dict) -> Verdict:
        return can_manage_cluster(user, data["body"].cluster)

    @staticmethod
    def write_permission(user, meeting: Meeting) -> Verdict:
        return can_manage_cluster(user, meeting.body.cluster)

    def create_with_service(self, data: dict) -> Meeting:
        body = data.pop("body")
        present, excused = data.pop("present", None), data.pop("excused", None)
        return meeting_save_with_attendance(body=body, data=data, present=present, excused=excused)

    def update_with_service(self, instance: Meeting, data: dict) -> Meeting:
        present, excused = data.pop("present", None), data.pop("excused", None)
        meeting = meeting_save_with_attendance(
            body=instance.body, data=data, meeting=instance, present=present, excused=excused
        )
        # The output lists the attendance: read it afresh, not from the prefetch before the save.
        return self.get_queryset().get(pk=meeting.pk)


class DecisionViewSet(VisibleModelViewSet):
    """Decisions taken at meetings, with votes, outcome and action items."""

    queryset = (
        Decision.objects.select_related("meeting__body__cluster")
        .prefetch_related(Prefetch("action_items", queryset=ActionItem.objects.order_by("due_on")))
        .order_by("meeting__date", "pk")
    )
    output_serializer_class = DecisionOutputSerializer
    input_serializer_class = DecisionInputSerializer
    filterset_class = DecisionFilter
    search_fields = ["text"]
    ordering_fields = ["meeting__date"]
    http_method_names = WRITABLE_WITHOUT_DELETE

    @staticmethod
    def create_permission(user, data: dict) -> Verdict:
        return can_manage_cluster(user, data["meeting"].body.cluster)

    @staticmethod
    def write_permission(user, decision: Decision) -> Verdict:
        return can_manage_cluster(user, decision.meeting.body.cluster)

    def create_with_service(self, data: dict) -> Decision:
        meeting = data.pop("meeting")
        return decision_save(meeting=meeting, data=data)

    def update_with_service(self, instance: Decision, data: dict) -> Decision:
        return decision_save(meeting=instance.meeting, data=data, decision=instance)


class ActionItemViewSet(VisibleModelViewSet):
    """Work that follows from decisions: owner, due date, done date."""

    queryset = ActionItem.objects.select_related("decision__meeting__body__cluster").order_by(
        "due_on", "pk"
    )
    output_serializer_class = ActionItemOutputSerializer
    input_serializer_class = ActionItemInputSerializer
    filterset_class = ActionItemFilter
    search_fields = ["text"]
    ordering_fields = ["due_on", "done_on"]
    http_method_names = WRITABLE_WITHOUT_DELETE

    @staticmethod
    def create_permission(user, data: dict) -> Verdict:
        return can_manage_cluster(user, data["decision"].meeting.body.cluster)

    @staticmethod
    def write_permission(user, item: ActionItem) -> Verdict:
        return can_manage_cluster(user, item.decision.meeting.body.cluster)

    def create_with_service(self, data: dict) -> ActionItem:
        decision = data.pop("decision")
        return action_item_save(decision=decision, data=data)

    def update_with_service(self, instance: ActionItem, data: dict) -> ActionItem:
        return action_item_save(decision=instance.decision, data=data, item=instance)


def register(router: SimpleRouter) -> None:
    """Register this area's viewsets on the /api/v1/ router."""
    router.register("bodies", BodyViewSet, basename="body")
    router.register("seats", SeatViewSet, basename="seat")
    router.register("meetings", MeetingViewSet, basename="meeting")
    router.register("decisions", DecisionViewSet, basename="decision")
    router.register("action-items", ActionItemViewSet, basename="action-item")

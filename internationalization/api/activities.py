"""The activities over /api/v1/: coaching sessions, workshops, export-lab tracks, outcomes.

Everyone reads what ``visible_to`` lets them see (office staff: the cluster's; a coach: their
firms'; a firm: its own). Writes go through the services, which answer a broken rule with 400
and field errors. Nothing is deleted.
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.routers import SimpleRouter

from clusters.api.base import ObjectStepMixin, VisibleModelViewSet
from clusters.api.pagination import ActivityCursorPagination
from internationalization.api.serializers.activities import (
    CoachingSessionCorrectionSerializer,
    CoachingSessionDisputeSerializer,
    CoachingSessionInputSerializer,
    CoachingSessionOutputSerializer,
    ExportLabAdvanceInputSerializer,
    ExportLabStartInputSerializer,
    ExportLabTrackOutputSerializer,
    OutcomeInputSerializer,
    OutcomeOutputSerializer,
    OutcomeVerifyInputSerializer,
    WorkshopAttendanceInputSerializer,
    WorkshopInputSerializer,
    WorkshopInviteInputSerializer,
    WorkshopOutputSerializer,
)
from internationalization.filters import (
    CoachingSessionFilter,
    ExportLabTrackFilter,
    OutcomeFilter,
    WorkshopFilter,
)
from internationalization.models import (
    WORKSHOP_FIELDS,
    CoachingSession,
    ExportLabStep,
    ExportLabTrack,
    Outcome,
    Workshop,
    WorkshopParticipation,
)
from internationalization.permissions import (
    can_confirm_session,
    can_correct_session,
    can_dispute_session,
    can_log_session,
    can_manage_workshop,
    can_manage_workshops,
    can_record_outcome,
    can_verify_outcome,
    can_work_export_lab,
    outcome_source_for,
)
from internationalization.services.coaching import (
    coaching_session_confirm,
    coaching_session_correct,
    coaching_session_dispute,
    coaching_session_log_as,
)
from internationalization.services.export_lab import export_lab_advance, export_lab_start
from internationalization.services.outcomes import outcome_record, outcome_verify
from internationalization.services.workshops import (
    workshop_invite,
    workshop_record_attendance,
    workshop_save,
)

READ_AND_CREATE = ["get", "post", "head", "options"]
WRITABLE_WITHOUT_DELETE = ["get", "post", "put", "patch", "head", "options"]


class CoachingSessionViewSet(ObjectStepMixin, VisibleModelViewSet):
    """Coaching sessions. POST logs one as the caller's side (the firm's coach or a manager:
    the office; the firm's representative: the firm); the other side confirms it with POST
    .../confirm/ or disputes it with POST .../dispute/ (a reason); the side that logged it
    corrects it with POST .../correct/. 0.3 hours, hours past the allotment, a future date or
    one outside the project's activities answer 400 at the field."""

    queryset = CoachingSession.objects.select_related(
        "coach", "confirmed_by", "logged_by"
    ).order_by("-date", "-pk")
    pagination_class = ActivityCursorPagination
    output_serializer_class = CoachingSessionOutputSerializer
    input_serializer_class = CoachingSessionInputSerializer
    filterset_class = CoachingSessionFilter
    search_fields = ["topic"]
    ordering_fields = ["date", "hours"]
    http_method_names = READ_AND_CREATE

    @staticmethod
    def create_permission(user, data: dict):
        return can_log_session(user, data["enrolment"])

    def create_with_service(self, data: dict) -> CoachingSession:
        return coaching_session_log_as(actor=self.request.user, **data)

    @extend_schema(request=None, responses=CoachingSessionOutputSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """The side that did not log the session confirms it took place; once."""
        return self.step(
            None,
            can_confirm_session,
            lambda session, data: coaching_session_confirm(session=session, user=request.user),
        )

    @extend_schema(
        request=CoachingSessionDisputeSerializer, responses=CoachingSessionOutputSerializer
    )
    @action(detail=True, methods=["post"])
    def dispute(self, request, pk=None):
        """The side that must confirm the session says what is not right about it."""
        return self.step(
            CoachingSessionDisputeSerializer,
            can_dispute_session,
            lambda session, data: coaching_session_dispute(
                session=session, user=request.user, reason=data["reason"]
            ),
        )

    @extend_schema(
        request=CoachingSessionCorrectionSerializer, responses=CoachingSessionOutputSerializer
    )
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """The side that logged the session corrects it; it awaits confirmation again."""
        return self.step(
            CoachingSessionCorrectionSerializer,
            can_correct_session,
            lambda session, data: coaching_session_correct(
                session=session, actor=request.user, **data
            ),
        )


class WorkshopViewSet(ObjectStepMixin, VisibleModelViewSet):
    """Workshops of projects, with the invitations the caller may see. Managers create and
    change them; POST .../invite/ invites firms, POST .../attendance/ records who came."""

    output_serializer_class = WorkshopOutputSerializer
    input_serializer_class = WorkshopInputSerializer
    filterset_class = WorkshopFilter
    search_fields = ["title", "topic", "expert_name", "expert_organization"]
    ordering_fields = ["date", "title"]
    http_method_names = WRITABLE_WITHOUT_DELETE

    def get_queryset(self):
        visible = WorkshopParticipation.objects.visible_to(self.request.user).order_by("pk")
        return (
            Workshop.objects.visible_to(self.request.user)
            .select_related("project")
            .prefetch_related(
                Prefetch("participations", queryset=visible, to_attr="visible_participations")
            )
            .order_by("date", "pk")
        )

    @staticmethod
    def create_permission(user, data: dict):
        return can_manage_workshops(user, data["project"])

    write_permission = staticmethod(can_manage_workshop)

    def reread(self, workshop: Workshop) -> Workshop:
        """The workshop with the annotations of the list (invited and attended counts)."""
        return self.get_queryset().get(pk=workshop.pk)

    def create_with_service(self, data: dict) -> Workshop:
        project = data.pop("project")
        return self.reread(workshop_save(project=project, data=data))

    def update_with_service(self, instance: Workshop, data: dict) -> Workshop:
        full = {field: data.get(field, getattr(instance, field)) for field in WORKSHOP_FIELDS}
        return self.reread(workshop_save(project=instance.project, data=full, workshop=instance))

    @extend_schema(request=WorkshopInviteInputSerializer, responses=WorkshopOutputSerializer)
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        return self.step(
            WorkshopInviteInputSerializer,
            can_manage_workshop,
            lambda workshop, data: workshop_invite(
                workshop=workshop, enrolments=data.get("enrolments")
            ),
        )

    @extend_schema(request=WorkshopAttendanceInputSerializer, responses=WorkshopOutputSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        return self.step(
            WorkshopAttendanceInputSerializer,
            can_manage_workshop,
            lambda workshop, data: workshop_record_attendance(
                workshop=workshop, attended=data["attended"]
            ),
        )


class ExportLabTrackViewSet(ObjectStepMixin, VisibleModelViewSet):
    """Export-lab tracks with their steps. POST opens a track at market choice (the firm's
    coach or a manager); POST .../advance/ moves it one stage on, or back from evaluation to
    incubation. A jump that skips stages answers 400 at ``to_stage``."""

    queryset = ExportLabTrack.objects.prefetch_related(
        Prefetch("steps", queryset=ExportLabStep.objects.order_by("entered_on", "pk"))
    ).order_by("pk")
    output_serializer_class = ExportLabTrackOutputSerializer
    input_serializer_class = ExportLabStartInputSerializer
    filterset_class = ExportLabTrackFilter
    ordering_fields = ["stage_entered_on", "stage"]
    http_method_names = READ_AND_CREATE

    @staticmethod
    def create_permission(user, data: dict):
        return can_work_export_lab(user, data["enrolment"])

    def create_with_service(self, data: dict) -> ExportLabTrack:
        track = export_lab_start(**data)
        return self.get_queryset().get(pk=track.pk)

    @extend_schema(
        request=ExportLabAdvanceInputSerializer, responses=ExportLabTrackOutputSerializer
    )
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        return self.step(
            ExportLabAdvanceInputSerializer,
            lambda user, track: can_work_export_lab(user, track.enrolment),
            lambda track, data: export_lab_advance(track=track, **data),
        )


class OutcomeViewSet(ObjectStepMixin, VisibleModelViewSet):
    """Outcomes of firms. POST records one; its source (firm, coach, manager) follows from the
    caller. What the firm reports awaits verification: POST .../verify/ (managers) verifies
    or rejects it."""

    queryset = Outcome.objects.select_related("recorded_by").order_by("-date", "-pk")
    pagination_class = ActivityCursorPagination
    output_serializer_class = OutcomeOutputSerializer
    input_serializer_class = OutcomeInputSerializer
    filterset_class = OutcomeFilter
    search_fields = ["note"]
    ordering_fields = ["date", "kind"]
    http_method_names = READ_AND_CREATE

    @staticmethod
    def create_permission(user, data: dict):
        return can_record_outcome(user, data["enrolment"])

    def create_with_service(self, data: dict) -> Outcome:
        user = self.request.user
        return outcome_record(
            source=outcome_source_for(user, data["enrolment"]), recorded_by=user, **data
        )

    @extend_schema(request=OutcomeVerifyInputSerializer, responses=OutcomeOutputSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self.step(
            OutcomeVerifyInputSerializer,
            can_verify_outcome,
            lambda outcome, data: outcome_verify(outcome=outcome, actor=request.user, **data),
        )


def register(router: SimpleRouter) -> None:
    router.register("coaching-sessions", CoachingSessionViewSet, basename="coaching-session")
    router.register("workshops", WorkshopViewSet, basename="workshop")
    router.register("export-lab-tracks", ExportLabTrackViewSet, basename="export-lab-track")
    router.register("outcomes", OutcomeViewSet, basename="outcome")

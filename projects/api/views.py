"""Projects and enrolments over /api/v1/: thin viewsets over projects.services."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter, SearchFilter

from clusters.api.base import ObjectStepMixin, VisibleModelViewSet
from clusters.api.pagination import NarrowPageNumberPagination
from clusters.permissions import can_manage_cluster
from projects import selectors
from projects.api.serializers import (
    EnrolmentActivateInputSerializer,
    EnrolmentApplySerializer,
    EnrolmentCommitmentInputSerializer,
    EnrolmentDecideInputSerializer,
    EnrolmentDropInputSerializer,
    EnrolmentFeePaidInputSerializer,
    EnrolmentInterviewInputSerializer,
    EnrolmentOutputSerializer,
    EnrolmentOverrideInputSerializer,
    ProjectInputSerializer,
    ProjectOutputSerializer,
)
from projects.filters import EnrolmentFilter, ProjectFilter
from projects.models import SELF_ASSESSMENT_FIELDS, Enrolment, EnrolmentStatusChange, Project
from projects.permissions import (
    can_apply_for,
    can_manage_enrolment,
    can_manage_project,
    can_set_commitment,
)
from projects.services import (
    enrolment_activate,
    enrolment_apply,
    enrolment_decide,
    enrolment_drop,
    enrolment_mark_fee_paid,
    enrolment_override_eligibility,
    enrolment_record_interview,
    enrolment_schedule_interview,
    enrolment_set_commitment,
    project_save,
)
from projects.services.terms import (
    project_set_completion_rules,
)

WITHOUT_SEARCH_AND_ORDERING = [
    backend
    for backend in VisibleModelViewSet.filter_backends
    if not issubclass(backend, (SearchFilter, OrderingFilter))
]


class ProjectViewSet(VisibleModelViewSet):
    """Projects the caller may see (`status`, `q` filter). Managers of the project's cluster
    create and update them; a project is never deleted."""

    queryset = (
        Project.objects.select_related("cluster")
        .prefetch_related("completion_rules")
        .order_by("-start", "name", "pk")
    )
    lookup_field = "slug"
    output_serializer_class = ProjectOutputSerializer
    input_serializer_class = ProjectInputSerializer
    filterset_class = ProjectFilter
    filter_backends = WITHOUT_SEARCH_AND_ORDERING
    write_permission = staticmethod(can_manage_project)
    create_permission = staticmethod(lambda user, data: can_manage_cluster(user, data["cluster"]))
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @transaction.atomic
    def create_with_service(self, data: dict) -> Project:
        # One transaction: refused rules leave no project behind.
        data = dict(data)
        rules = data.pop("completion_rules", None)
        project = project_save(cluster=data.pop("cluster"), data=data)
        if rules is not None:
            project_set_completion_rules(project=project, rules=rules)
        return project

    @transaction.atomic
    def update_with_service(self, instance: Project, data: dict) -> Project:
        data = {key: value for key, value in data.items() if key != "cluster"}
        rules = data.pop("completion_rules", None)
        project = project_save(cluster=instance.cluster, data=data, project=instance)
        if rules is not None:
            project_set_completion_rules(project=project, rules=rules)
            # The instance holds the rules prefetched before the change: answer with the new.
            project = self.get_queryset().get(pk=project.pk)
        return project


class EnrolmentViewSet(ObjectStepMixin, VisibleModelViewSet):
    """Enrolments the caller may see (`project` slug, `status`, `q`, `region`, `cohort`,
    `eligible`, and for staff `commitment`). POST applies for a firm; each step of the
    lifecycle is an action. A firm's answer never holds the commitment label."""

    queryset = (
        Enrolment.objects.select_related("project", "organization", "coach", "cohort")
        .prefetch_related(
            Prefetch(
                "status_changes",
                queryset=EnrolmentStatusChange.objects.select_related("actor").order_by("at", "pk"),
            )
        )
        .order_by("project__slug", "organization__legal_name", "pk")
    )
    # The ordering spans three tables: the page is chosen on ids, then read in full.
    pagination_class = NarrowPageNumberPagination
    output_serializer_class = EnrolmentOutputSerializer
    input_serializer_class = EnrolmentApplySerializer
    filterset_class = EnrolmentFilter
    filter_backends = WITHOUT_SEARCH_AND_ORDERING
    create_permission = staticmethod(
        lambda user, data: can_apply_for(user, data["project"], data["organization"])
    )
    http_method_names = ["get", "post", "head", "options"]

    def create_with_service(self, data: dict) -> Enrolment:
        return enrolment_apply(
            project=data["project"],
            organization=data["organization"],
            assessment={field: data[field] for field in SELF_ASSESSMENT_FIELDS},
            actor=self.request.user,
        )

    @extend_schema(request=EnrolmentInterviewInputSerializer, responses=EnrolmentOutputSerializer)
    @action(detail=True, methods=["post"])
    def interview(self, request, pk=None):
        """Schedule the interview (`interview_at`), or record it (`held_on`, `notes`)."""

        def perform(enrolment, data):
            if "held_on" in data:
                enrolment_record_interview(
                    enrolment=enrolment,
                    held_on=data["held_on"],
                    notes=data["notes"],
                    actor=request.user,
                )
            else:
                enrolment_schedule_interview(
                    enrolment=enrolment, at=data["interview_at"], actor=request.user
                )

        return self.step(EnrolmentInterviewInputSerializer, can_manage_enrolment, perform)

    @extend_schema(request=EnrolmentDecideInputSerializer, responses=EnrolmentOutputSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Accept (with a cohort, and a chosen coach or one serving the firm's region) or
        reject with a reason; `decided_on` is the day of the decision, today when left out."""
        return self.step(
            EnrolmentDecideInputSerializer,
            can_manage_enrolment,
            lambda enrolment, data: enrolment_decide(
                enrolment=enrolment, actor=request.user, **data
            ),
            serializer_kwargs=lambda enrolment: {
                "coaches": selectors.cluster_coaches(enrolment.project)
            },
        )

    @extend_schema(request=EnrolmentActivateInputSerializer, responses=EnrolmentOutputSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        """An accepted firm starts the activities (`activated_on`, today when left out)."""
        return self.step(
            EnrolmentActivateInputSerializer,
            can_manage_enrolment,
            lambda enrolment, data: enrolment_activate(
                enrolment=enrolment, actor=request.user, **data
            ),
        )

    @extend_schema(request=EnrolmentDropInputSerializer, responses=EnrolmentOutputSerializer)
    @action(detail=True, methods=["post"])
    def drop(self, request, pk=None):
        """The firm leaves: `phase` and `reason` from the lists, `note` free text, `dropped_on`
        the day it left (today when left out)."""
        return self.step(
            EnrolmentDropInputSerializer,
            can_manage_enrolment,
            lambda enrolment, data: enrolment_drop(enrolment=enrolment, actor=request.user, **data),
        )

    @extend_schema(request=EnrolmentCommitmentInputSerializer, responses=EnrolmentOutputSerializer)
    @action(detail=True, methods=["post"])
    def commitment(self, request, pk=None):
        """The commitment label (leader, follower, inactive): the coach or a manager."""
        return self.step(
            EnrolmentCommitmentInputSerializer,
            can_set_commitment,
            lambda enrolment, data: enrolment_set_commitment(enrolment=enrolment, **data),
        )

    @extend_schema(request=EnrolmentOverrideInputSerializer, responses=EnrolmentOutputSerializer)
    @action(detail=True, methods=["post"])
    def override(self, request, pk=None):
        """Declare an ineligible firm eligible, with a justification."""
        return self.step(
            EnrolmentOverrideInputSerializer,
            can_manage_enrolment,
            lambda enrolment, data: enrolment_override_eligibility(
                enrolment=enrolment, justification=data["justification"], actor=request.user
            ),
        )

    @extend_schema(request=EnrolmentFeePaidInputSerializer, responses=EnrolmentOutputSerializer)
    @action(detail=True, methods=["post"], url_path="fee-paid", url_name="fee-paid")
    def fee_paid(self, request, pk=None):
        """Record the payment of the participation fee."""
        return self.step(
            EnrolmentFeePaidInputSerializer,
            can_manage_enrolment,
            lambda enrolment, data: enrolment_mark_fee_paid(enrolment=enrolment, **data),
        )

"""Reads of projects/ that combine or aggregate, returning plain data."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from accounts.models import User
from clusters.models import Cluster, Programme, StaffRole
from clusters.roles import is_office_staff
from clusters.selectors import history_of_rows
from projects.choices import SUPPORTED_STATUSES, EnrolmentStatus, RequiredActivity
from projects.models import (
    Cohort,
    CompletionRule,
    Enrolment,
    EnrolmentStatusChange,
    PartnerCoach,
    Project,
    ProjectFunding,
    ProjectPartner,
    ProjectTarget,
)
from projects.permissions import (
    applicant_organizations,
    can_apply,
    can_manage_enrolment,
    can_see_commitment,
    can_set_commitment,
)

CENT = Decimal("0.01")


def completion_rules(project: Project) -> list[CompletionRule]:
    """The project's completion rules in the order of the process (coaching first, the export
    lab last), from a prefetch when there is one."""
    order = RequiredActivity.values
    return sorted(project.completion_rules.all(), key=lambda rule: order.index(rule.activity))


def projects_for(user, cluster: Cluster | None) -> QuerySet[Project]:
    """The projects the user sees: those of the current cluster for its staff; for a user with
    no current cluster (a firm representative) every project it may apply to or takes part in.
    """
    projects = Project.objects.visible_to(user).select_related("cluster")
    if cluster is not None:
        projects = projects.filter(cluster=cluster)
    return projects.order_by("-start", "name", "pk")


def with_enrolment_counts(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Applications and firms involved (accepted at some point), for the office's list."""
    return projects.annotate(
        applied_count=Count("enrolments", distinct=True),
        involved_count=Count(
            "enrolments", filter=Q(enrolments__status__in=SUPPORTED_STATUSES), distinct=True
        ),
    )


def enrolment_window_open(project: Project) -> bool:
    return project.enrolment_start <= timezone.localdate() <= project.enrolment_end


def apply_offered(user, project: Project) -> bool:
    """Whether to offer the user an "Apply" button: the rule lets them, the window is open
    and one of the firms they may apply for has not applied yet."""
    if not enrolment_window_open(project) or not can_apply(user, project):
        return False
    return applicant_organizations(user, project).exclude(enrolments__project=project).exists()


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class Progress:
    """The project's two numeric targets against what happened."""

    target_firms: int
    involved: int
    target_completed: int
    completed: int

    @staticmethod
    def percent(actual: int, target: int) -> int | None:
        return round(100 * actual / target) if target else None

    @property
    def involved_percent(self) -> int | None:
        return self.percent(self.involved, self.target_firms)

    @property
    def completed_percent(self) -> int | None:
        return self.percent(self.completed, self.target_completed)


def enrolment_counts(enrolments: QuerySet[Enrolment]) -> list[StatusCount]:
    """How many of ``enrolments`` are in each status, in lifecycle order; one query."""
    counts = dict(enrolments.order_by().values_list("status").annotate(n=Count("pk")))
    return [
        StatusCount(status=value, label=str(label), count=counts.get(value, 0))
        for value, label in EnrolmentStatus.choices
    ]


def progress_of(project: Project, counts: list[StatusCount]) -> Progress:
    by_status = {row.status: row.count for row in counts}
    return Progress(
        target_firms=project.target_firms,
        involved=sum(by_status[status] for status in SUPPORTED_STATUSES),
        target_completed=project.target_completed,
        completed=by_status[EnrolmentStatus.COMPLETED],
    )


def funding_history(project: Project, limit: int = 20):
    """Every change of the project's funding shares, removed shares included, newest first:
    the shares of any earlier day stay readable after they were replaced."""
    return history_of_rows(
        ProjectFunding,
        project_id=project.pk,
        related=["programme"],
        subject=lambda record: record.programme.code,
        limit=limit,
    )


def project_fundings(user, project: Project) -> list[ProjectFunding]:
    """The funding shares, each with the ``amount`` of the budget it stands for."""
    fundings = list(
        ProjectFunding.objects.visible_to(user)
        .filter(project=project)
        .select_related("programme__funder")
        .order_by("-share", "programme__code")
    )
    for funding in fundings:
        funding.amount = (project.budget * funding.share / 100).quantize(CENT)
    return fundings


def project_partners(user, project: Project) -> list[ProjectPartner]:
    """Partners with their role and the coaches each supplies, with the regions served."""
    coaches = PartnerCoach.objects.select_related("coach").order_by("coach__full_name", "pk")
    return list(
        ProjectPartner.objects.visible_to(user)
        .filter(project=project)
        .select_related("organization")
        .prefetch_related(Prefetch("coaches", queryset=coaches))
        .order_by("role", "organization__legal_name")
    )


def funding_programmes(user, project: Project) -> QuerySet[Programme]:
    """The programmes that may fund the project: those its cluster takes part in."""
    return (
        Programme.objects.visible_to(user)
        .filter(participations__cluster_id=project.cluster_id)
        .select_related("funder")
        .order_by("code")
        .distinct()
    )


def coaches_of_cluster(cluster_id: int) -> QuerySet[User]:
    """Users with a coach role in the cluster."""
    return (
        User.objects.filter(
            cluster_roles__cluster_id=cluster_id, cluster_roles__role=StaffRole.COACH
        )
        .distinct()
        .order_by("full_name", "email")
    )


def cluster_coaches(project: Project) -> QuerySet[User]:
    """Users with a coach role in the project's cluster, and the project's partner coaches."""
    return (
        User.objects.filter(
            Q(cluster_roles__cluster_id=project.cluster_id, cluster_roles__role=StaffRole.COACH)
            | Q(coach_assignments__partner__project=project)
        )
        .distinct()
        .order_by("full_name", "email")
    )


def project_targets(user, project: Project) -> QuerySet[ProjectTarget]:
    return ProjectTarget.objects.visible_to(user).filter(project=project).order_by("name", "pk")


def project_cohorts(user, project: Project) -> QuerySet[Cohort]:
    return Cohort.objects.visible_to(user).filter(project=project).order_by("name")


def enrolments_of(user, project: Project) -> QuerySet[Enrolment]:
    """The enrolments of the project the user may see, with what the list shows."""
    return (
        Enrolment.objects.visible_to(user)
        .filter(project=project)
        .select_related("organization", "coach", "cohort")
    )


# The pipeline's columns: the way forward, then the two ways out.
PIPELINE_ORDER = (
    EnrolmentStatus.APPLIED,
    EnrolmentStatus.INTERVIEWED,
    EnrolmentStatus.ACCEPTED,
    EnrolmentStatus.ACTIVE,
    EnrolmentStatus.COMPLETED,
    EnrolmentStatus.REJECTED,
    EnrolmentStatus.DROPPED,
)


def pipeline_counts(enrolments: QuerySet[Enrolment]) -> list[StatusCount]:
    """``enrolment_counts`` in the pipeline's order; one query."""
    by_status = {count.status: count for count in enrolment_counts(enrolments)}
    return [by_status[status] for status in PIPELINE_ORDER]


def in_lifecycle_order(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """The pipeline's order: by status (PIPELINE_ORDER), then by firm."""
    stage = Case(
        *(When(status=value, then=Value(n)) for n, value in enumerate(PIPELINE_ORDER)),
        output_field=IntegerField(),
    )
    return enrolments.annotate(stage=stage).order_by("stage", "organization__legal_name", "pk")


def status_changes(user, enrolment: Enrolment) -> QuerySet[EnrolmentStatusChange]:
    return (
        EnrolmentStatusChange.objects.visible_to(user)
        .filter(enrolment=enrolment)
        .select_related("actor")
        .order_by("at", "pk")
    )


# Statuses before the decision, in which an eligibility override is still offered.
UNDECIDED = (EnrolmentStatus.APPLIED, EnrolmentStatus.INTERVIEWED)
# Statuses in which a firm takes part (or took part) and so has a commitment worth labelling.
PARTICIPATING = (
    EnrolmentStatus.ACCEPTED,
    EnrolmentStatus.ACTIVE,
    EnrolmentStatus.COMPLETED,
    EnrolmentStatus.DROPPED,
)


@dataclass(frozen=True)
class EnrolmentNextSteps:
    """What the enrolment page offers the user: who they are to it and which step forms show.

    Built on the same predicates the services check (``Enrolment.can_become`` and friends,
    the ``can_*`` rules), so a form is offered exactly when its service would accept it.
    """

    staff: bool
    office: bool
    can_manage: bool
    override: bool = False
    schedule_interview: bool = False
    record_interview: bool = False
    decide: bool = False
    activate: bool = False
    drop: bool = False
    fee: bool = False
    commitment: bool = False


def enrolment_next_steps(user, enrolment: Enrolment) -> EnrolmentNextSteps:
    cluster_id = enrolment.project.cluster_id
    staff = can_see_commitment(user, cluster_id)
    can_manage = bool(can_manage_enrolment(user, enrolment))
    commitment = (
        staff and enrolment.status in PARTICIPATING and bool(can_set_commitment(user, enrolment))
    )
    who = {"staff": staff, "office": is_office_staff(user, cluster_id), "can_manage": can_manage}
    if not can_manage:
        return EnrolmentNextSteps(**who, commitment=commitment)
    return EnrolmentNextSteps(
        **who,
        override=enrolment.eligibility_overridable and enrolment.status in UNDECIDED,
        schedule_interview=enrolment.interview_schedulable,
        record_interview=enrolment.can_become(EnrolmentStatus.INTERVIEWED),
        decide=enrolment.can_become(EnrolmentStatus.ACCEPTED),
        activate=enrolment.can_become(EnrolmentStatus.ACTIVE),
        drop=enrolment.can_become(EnrolmentStatus.DROPPED),
        fee=enrolment.fee_outstanding,
        commitment=commitment,
    )

"""Factories and builders of projects/: projects, fundings, partners, enrolments and their
history, a project running now, an enrolment taken through intake by the services."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from projects.choices import DropoutPhase, DropoutReason, EnrolmentStatus, ProjectStatus
from projects.models import (
    Enrolment,
    EnrolmentStatusChange,
    Project,
    ProjectFunding,
    ProjectPartner,
)
from projects.services import (
    enrolment_activate,
    enrolment_apply,
    enrolment_decide,
    enrolment_drop,
    enrolment_record_interview,
    project_save,
)
from projects.services.terms import (
    project_set_completion_rules,
)
from tests.factories.clusters import ClusterFactory, ProgrammeFactory
from tests.factories.common import READINESS, RUNNING_END, RUNNING_START, TODAY, utc_at
from tests.factories.members import OrganizationFactory

# Projects and enrolments ---------------------------------------------------------------------


class ProjectFactory(DjangoModelFactory):
    """A running project whose activities span 2020–2030, so no test depends on today."""

    class Meta:
        model = Project

    cluster = factory.SubFactory(ClusterFactory)
    slug = factory.Sequence(lambda n: f"project-{n}")
    name = factory.LazyAttribute(lambda project: f"Project {project.slug}")
    status = ProjectStatus.RUNNING
    start = date(2020, 1, 1)
    end = date(2030, 12, 31)
    enrolment_start = date(2020, 1, 1)
    enrolment_end = date(2030, 6, 30)


class ProjectFundingFactory(DjangoModelFactory):
    class Meta:
        model = ProjectFunding

    project = factory.SubFactory(ProjectFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    share = Decimal("100")


class ProjectPartnerFactory(DjangoModelFactory):
    class Meta:
        model = ProjectPartner

    project = factory.SubFactory(ProjectFactory)
    organization = factory.SubFactory(
        OrganizationFactory, cluster=factory.SelfAttribute("..project.cluster")
    )
    role = "operational"


class EnrolmentFactory(DjangoModelFactory):
    """An enrolment written as it is: status and dates by hand, no history, no rules."""

    class Meta:
        model = Enrolment

    project = factory.SubFactory(ProjectFactory)
    organization = factory.SubFactory(
        OrganizationFactory, cluster=factory.SelfAttribute("..project.cluster")
    )
    status = EnrolmentStatus.ACTIVE
    applied_on = date(2024, 1, 1)
    score_market = 3
    score_customers = 3
    score_situation = 3


class EnrolmentStatusChangeFactory(DjangoModelFactory):
    class Meta:
        model = EnrolmentStatusChange

    enrolment = factory.SubFactory(EnrolmentFactory)
    from_status = ""
    to_status = EnrolmentStatus.APPLIED
    at = factory.LazyFunction(timezone.now)
    on = factory.LazyAttribute(lambda change: timezone.localdate(change.at))


# The statuses an enrolment went through, by the name of its path.
ENROLMENT_PATHS = {
    "completed": ["applied", "interviewed", "accepted", "active", "completed"],
    "active": ["applied", "interviewed", "accepted", "active"],
    "dropped_late": ["applied", "interviewed", "accepted", "active", "dropped"],
    "accepted": ["applied", "interviewed", "accepted"],
    "rejected": ["applied", "interviewed", "rejected"],
    "applied": ["applied"],
    "dropped_early": ["applied", "dropped"],
}


def enrolment_with_history(
    project, organization, path: str, *, allotted=20, phase="", first_day=date(2026, 1, 5)
) -> Enrolment:
    """An eligible enrolment written by hand that went through ``ENROLMENT_PATHS[path]``, one
    step a week from ``first_day``, with its dated history."""
    steps = ENROLMENT_PATHS[path]
    enrolment = EnrolmentFactory(
        project=project,
        organization=organization,
        status=steps[-1],
        applied_on=first_day,
        eligible=True,
        coaching_hours_allotted=Decimal(allotted),
        dropout_phase=phase,
    )
    previous = ""
    for week, status in enumerate(steps):
        EnrolmentStatusChangeFactory(
            enrolment=enrolment,
            from_status=previous,
            to_status=status,
            on=first_day + timedelta(weeks=week),
            at=utc_at(first_day + timedelta(weeks=week)),
        )
        previous = status
    return enrolment


def running_project(
    cluster, slug: str = "alpha-abroad", *, completion_rules: list[dict] | None = None, **extra
) -> Project:
    """A running project of ``cluster`` whose activities span today, through the service;
    ``completion_rules`` ({"activity", "minimum", "stage"} each) are set through the service
    too."""
    data = {
        "name": f"Project {slug}",
        "slug": slug,
        "status": ProjectStatus.RUNNING,
        "start": RUNNING_START,
        "end": RUNNING_END,
        "enrolment_start": RUNNING_START,
        "enrolment_end": RUNNING_END,
        "coaching_hours_default": Decimal("20"),
        **extra,
    }
    project = project_save(cluster=cluster, data=data)
    if completion_rules:
        project_set_completion_rules(project=project, rules=completion_rules)
    return project


def enrolment_through_intake(
    project: Project,
    organization,
    *,
    manager,
    coach=None,
    status: str = EnrolmentStatus.ACTIVE,
    cohort=None,
    activated_on=None,
) -> Enrolment:
    """An enrolment brought to ``status`` through the intake services, 100 days ago (activated
    today unless ``activated_on``)."""
    day = TODAY - timedelta(days=100)
    enrolment = enrolment_apply(
        project=project,
        organization=organization,
        assessment=READINESS,
        actor=manager,
        applied_on=day,
    )
    if status == EnrolmentStatus.APPLIED:
        return enrolment
    enrolment_record_interview(enrolment=enrolment, held_on=day, notes="", actor=manager)
    enrolment = enrolment_decide(
        enrolment=enrolment,
        accept=True,
        reason="Ready to go abroad",
        actor=manager,
        coach=coach,
        cohort=cohort,
        decided_on=day,
    )
    if status in (EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED):
        enrolment = enrolment_activate(
            enrolment=enrolment, actor=manager, activated_on=activated_on
        )
    if status == EnrolmentStatus.DROPPED:
        enrolment = enrolment_drop(
            enrolment=enrolment,
            phase=DropoutPhase.COACHING,
            reason=DropoutReason.LACK_OF_TIME,
            note="",
            actor=manager,
        )
    return Enrolment.objects.get(pk=enrolment.pk)

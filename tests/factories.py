"""factory_boy factories shared by every test, and the few builders that go through the
services a user calls (an enrolment through intake, a coaching session, a timbank request).

A factory writes a row as it is, whatever the rules: the figure and ledger tests use them to
lay out a history by hand. A builder is for a test that needs the rules applied on the way.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import User
from clusters.models import (
    Cluster,
    ClusterRole,
    Funder,
    FunderKind,
    FunderUser,
    Programme,
    ProgrammeParticipation,
    StaffRole,
)
from internationalization.models import (
    CoachingSession,
    Consultant,
    ExpenseClaim,
    ExportLabStep,
    ExportLabTrack,
    Outcome,
    TimbankPool,
    TimbankRequest,
    TimesheetEntry,
    Trip,
    Workshop,
    WorkshopParticipation,
)
from internationalization.services.coaching import coaching_session_log
from internationalization.services.timbank import timbank_request_create
from members.choices import BodyKind, SeatRole
from members.models import Body, Meeting, Organization, Person, Representative, Seat
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
from reports.models import ReportRun

TEST_PASSWORD = "a-long-test-password"

# The day the report tests count as of: tests/reports/conftest.py lays its dataset out around it.
AS_OF = date(2026, 6, 30)

TODAY = timezone.localdate()
# A project "running now" has its activities from half a year ago to a year from now, so tests
# can log sessions in the past and outcomes "today" whatever day they run.
RUNNING_START = TODAY - timedelta(days=180)
RUNNING_END = TODAY + timedelta(days=365)

# A firm's self-assessment when it applies (scores 1–5 and comments).
ASSESSMENT = {
    "score_market": 3,
    "comment_market": "We sell in Norway.",
    "score_customers": 2,
    "comment_customers": "",
    "score_situation": 1,
    "comment_situation": "",
}
READINESS = {"score_market": 3, "score_customers": 2, "score_situation": 2}


def utc_at(day: date, hour: int = 9) -> datetime:
    """An aware instant on ``day`` (UTC), for rows written by hand."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


# Accounts and clusters -----------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ClusterFactory(DjangoModelFactory):
    class Meta:
        model = Cluster
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Cluster {n}")
    slug = factory.Sequence(lambda n: f"cluster-{n}")
    country = "SE"
    region = "Gävleborg"
    city = "Gävle"


class ClusterRoleFactory(DjangoModelFactory):
    class Meta:
        model = ClusterRole

    cluster = factory.SubFactory(ClusterFactory)
    user = factory.SubFactory(UserFactory)
    role = StaffRole.MANAGER


class FunderFactory(DjangoModelFactory):
    class Meta:
        model = Funder

    name = factory.Sequence(lambda n: f"Funder {n}")
    kind = FunderKind.EU_FUND


class FunderUserFactory(DjangoModelFactory):
    class Meta:
        model = FunderUser

    funder = factory.SubFactory(FunderFactory)
    user = factory.SubFactory(UserFactory)


class ProgrammeFactory(DjangoModelFactory):
    """A programme no cluster takes part in yet (see ProgrammeParticipationFactory)."""

    class Meta:
        model = Programme

    funder = factory.SubFactory(FunderFactory)
    code = factory.Sequence(lambda n: f"PROG-{n}")
    name = factory.LazyAttribute(lambda programme: programme.code)
    budget = Decimal("1000000")
    start = date(2020, 1, 1)
    end = date(2030, 1, 1)
    cofinancing_rate = Decimal("50")
    hourly_value = Decimal("90")


class ProgrammeParticipationFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeParticipation

    cluster = factory.SubFactory(ClusterFactory)
    programme = factory.SubFactory(ProgrammeFactory)


# Members -------------------------------------------------------------------------------------


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    cluster = factory.SubFactory(ClusterFactory)
    legal_name = factory.Sequence(lambda n: f"Firm {n} AB")
    short_name = factory.Sequence(lambda n: f"Firm {n}")
    registry_id = factory.Sequence(lambda n: f"5566{n:06d}")


class RepresentativeFactory(DjangoModelFactory):
    class Meta:
        model = Representative

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)


def micro_firm(cluster, name: str, region: str = "Gävleborg", **fields) -> Organization:
    """A micro-enterprise (5 employees, 1 m EUR turnover) in ``region``."""
    values = {
        "legal_name": name,
        "region": region,
        "employees": 5,
        "turnover": Decimal("1000000"),
        "currency": "EUR",
        "sectors": "C22.19",
        **fields,
    }
    return OrganizationFactory(cluster=cluster, **values)


def firm_with_rep(cluster, name: str, rep_email: str | None = None):
    """An organization of the cluster and, if an e-mail is given, its representative user."""
    firm = OrganizationFactory(cluster=cluster, legal_name=name, short_name=name)
    rep = None
    if rep_email:
        rep = RepresentativeFactory(organization=firm, user=UserFactory(email=rep_email)).user
    return firm, rep


def rival_firm_rep(cluster):
    """The representative of another firm of the same cluster, and that firm."""
    organization = OrganizationFactory(cluster=cluster, legal_name="Rival Seals AB")
    return RepresentativeFactory(organization=organization).user, organization


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    cluster = factory.SubFactory(ClusterFactory)
    first_name = factory.Sequence(lambda n: f"Person{n}")
    last_name = factory.Sequence(lambda n: f"Surname{n}")


class BodyFactory(DjangoModelFactory):
    class Meta:
        model = Body

    cluster = factory.SubFactory(ClusterFactory)
    name = factory.Sequence(lambda n: f"Body {n}")
    kind = BodyKind.BOARD


class SeatFactory(DjangoModelFactory):
    class Meta:
        model = Seat

    body = factory.SubFactory(BodyFactory)
    person = factory.SubFactory(PersonFactory, cluster=factory.SelfAttribute("..body.cluster"))
    role = SeatRole.MEMBER
    term_start = date(2020, 1, 1)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    date = date(2025, 11, 20)
    title = "Annual plan"


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
            at=utc_at(first_day + timedelta(weeks=week)),
        )
        previous = status
    return enrolment


def running_project(cluster, slug: str = "alpha-abroad", **extra) -> Project:
    """A running project of ``cluster`` whose activities span today, through the service."""
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
    return project_save(cluster=cluster, data=data)


def enrolment_through_intake(
    project: Project,
    organization,
    *,
    manager,
    coach=None,
    status: str = EnrolmentStatus.ACTIVE,
    cohort=None,
) -> Enrolment:
    """An enrolment brought to ``status`` through the intake services, 100 days ago."""
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
        enrolment = enrolment_activate(enrolment=enrolment, actor=manager)
    if status == EnrolmentStatus.DROPPED:
        enrolment = enrolment_drop(
            enrolment=enrolment,
            phase=DropoutPhase.COACHING,
            reason=DropoutReason.LACK_OF_TIME,
            note="",
            actor=manager,
        )
    return Enrolment.objects.get(pk=enrolment.pk)


# Activities ----------------------------------------------------------------------------------


class CoachingSessionFactory(DjangoModelFactory):
    class Meta:
        model = CoachingSession

    enrolment = factory.SubFactory(EnrolmentFactory)
    date = date(2026, 3, 2)
    hours = Decimal("1")
    topic = "Market"
    coach = factory.SubFactory(UserFactory)


class WorkshopFactory(DjangoModelFactory):
    class Meta:
        model = Workshop

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    date = date(2026, 3, 10)


class WorkshopParticipationFactory(DjangoModelFactory):
    class Meta:
        model = WorkshopParticipation

    workshop = factory.SubFactory(WorkshopFactory)
    enrolment = factory.SubFactory(
        EnrolmentFactory, project=factory.SelfAttribute("..workshop.project")
    )


class TimbankPoolFactory(DjangoModelFactory):
    class Meta:
        model = TimbankPool

    project = factory.SubFactory(ProjectFactory)
    hours_total = Decimal("100")


class ConsultantFactory(DjangoModelFactory):
    class Meta:
        model = Consultant

    cluster = factory.SubFactory(ClusterFactory)
    name = factory.Sequence(lambda n: f"Consultant {n}")
    services = factory.LazyFunction(lambda: ["legal"])


class TimbankRequestFactory(DjangoModelFactory):
    class Meta:
        model = TimbankRequest

    enrolment = factory.SubFactory(EnrolmentFactory)
    service = "legal"
    hours_requested = Decimal("4")
    needed_by = date(2026, 9, 1)
    purpose = "Contracts"
    requested_at = factory.LazyFunction(timezone.now)


class TimesheetEntryFactory(DjangoModelFactory):
    class Meta:
        model = TimesheetEntry

    request = factory.SubFactory(TimbankRequestFactory)
    consultant = factory.SubFactory(
        ConsultantFactory, cluster=factory.SelfAttribute("..request.enrolment.project.cluster")
    )
    date = date(2026, 5, 20)
    hours = Decimal("1")


class TripFactory(DjangoModelFactory):
    class Meta:
        model = Trip

    enrolment = factory.SubFactory(EnrolmentFactory)
    country = "DE"
    city = "Hannover"
    start = date(2026, 4, 20)
    end = date(2026, 4, 24)
    purpose = "fair"
    requested_at = factory.LazyFunction(timezone.now)


# The smallest valid PNG: one transparent pixel.
PNG_PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082"
)


class ExpenseClaimFactory(DjangoModelFactory):
    """A claim with a PNG receipt written to the storage (tests set MEDIA_ROOT to a tmp dir
    when they read it back)."""

    class Meta:
        model = ExpenseClaim

    trip = factory.SubFactory(TripFactory)
    description = "Hotel"
    amount = Decimal("100")
    receipt = factory.django.FileField(filename="receipt.png", data=PNG_PIXEL)
    submitted_at = factory.LazyFunction(timezone.now)


class ExportLabTrackFactory(DjangoModelFactory):
    class Meta:
        model = ExportLabTrack

    enrolment = factory.SubFactory(EnrolmentFactory)
    target_market = "DE"
    stage_entered_on = date(2026, 3, 1)


class ExportLabStepFactory(DjangoModelFactory):
    class Meta:
        model = ExportLabStep

    track = factory.SubFactory(ExportLabTrackFactory)
    stage = factory.SelfAttribute("track.stage")
    entered_on = factory.SelfAttribute("track.stage_entered_on")


class OutcomeFactory(DjangoModelFactory):
    class Meta:
        model = Outcome

    enrolment = factory.SubFactory(EnrolmentFactory)
    kind = "international_contact"
    date = date(2026, 4, 1)
    source = "manager"


def log_session(enrolment, coach, hours="1", day=None, topic="Market analysis"):
    """A coaching session logged through the service, by default a week ago."""
    return coaching_session_log(
        enrolment=enrolment,
        date=day or TODAY - timedelta(days=7),
        hours=Decimal(hours),
        topic=topic,
        coach=coach,
    )


def timbank_request_for(enrolment, actor, hours: str = "8", **extra) -> TimbankRequest:
    """A timbank request sent through the service by ``actor``."""
    values = {
        "service": "legal",
        "hours_requested": Decimal(hours),
        "needed_by": date(2026, 12, 31),
        "purpose": "Review the distributor contract.",
        **extra,
    }
    return timbank_request_create(enrolment=enrolment, actor=actor, **values)


# Reports -------------------------------------------------------------------------------------


class ReportRunFactory(DjangoModelFactory):
    """A queued run; ``reports.services.report_run_compute`` finishes it."""

    class Meta:
        model = ReportRun

    kind = "participation"
    parameters = factory.LazyFunction(lambda: {"as_of": "2026-06-30"})

"""Factories and builders of internationalization/: coaching, workshops, the timbank, trips and
claims, the export lab, outcomes."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from internationalization.choices import SessionStatus
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
from internationalization.services.trips import trip_apply
from internationalization.services.workshops import workshop_save
from tests.factories.clusters import ClusterFactory, UserFactory
from tests.factories.common import TODAY
from tests.factories.projects import EnrolmentFactory, ProjectFactory

# Activities ----------------------------------------------------------------------------------


class CoachingSessionFactory(DjangoModelFactory):
    class Meta:
        model = CoachingSession

    enrolment = factory.SubFactory(EnrolmentFactory)
    date = date(2026, 3, 2)
    hours = Decimal("1")
    topic = "Market"
    coach = factory.SubFactory(UserFactory)
    confirmed_at = None
    status = factory.LazyAttribute(
        lambda session: SessionStatus.CONFIRMED if session.confirmed_at else SessionStatus.AWAITING
    )


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


def trip_applied_for(enrolment, actor, **extra) -> Trip:
    values = {
        "country": "DE",
        "city": "Nuremberg",
        "event": "Embedded World",
        "start": date(2026, 3, 10),
        "end": date(2026, 3, 13),
        "purpose": "fair",
        "budget_requested": Decimal("2500"),
        **extra,
    }
    return trip_apply(enrolment=enrolment, actor=actor, **values)


def make_workshop(project, title="Export vision", day=None, cohort=None) -> Workshop:
    """A workshop planned through the service, ten days ago unless ``day`` says otherwise."""
    day = day or TODAY - timedelta(days=10)
    return workshop_save(
        project=project,
        data={
            "title": title,
            "date": day,
            "place": "Gävle",
            "expert_name": "Eva Expert",
            "expert_organization": "Enterprise Europe Network",
            "cohort": cohort,
        },
    )

"""Factories of accounts/ and clusters/: users, clusters, staff roles, funders, programmes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory
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
    period_of_dates,
)
from clusters.services import programme_attach_common_indicators, programme_save
from tests.factories.common import TEST_PASSWORD

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
        skip_postgeneration_save = True

    funder = factory.SubFactory(FunderFactory)
    code = factory.Sequence(lambda n: f"PROG-{n}")
    name = factory.LazyAttribute(lambda programme: programme.code)
    budget = Decimal("1000000")
    start = date(2020, 1, 1)
    end = date(2030, 1, 1)
    cofinancing_rate = Decimal("50")
    hourly_value = Decimal("90")
    period = factory.LazyAttribute(lambda programme: period_of_dates(programme.start))

    @factory.post_generation
    def common_indicators(programme, create, extracted, **kwargs):
        """Like programme_save: the common indicators of its period, targets empty."""
        if create:
            programme_attach_common_indicators(programme=programme)


class ProgrammeParticipationFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeParticipation

    cluster = factory.SubFactory(ClusterFactory)
    programme = factory.SubFactory(ProgrammeFactory)


def make_programme(cluster, funder, code="ERDF-SE-1", **changes) -> Programme:
    data = {
        "funder": funder,
        "name": f"Programme {code}",
        "code": code,
        "budget": Decimal("2000000"),
        "currency": "EUR",
        "start": date(2016, 8, 1),
        "end": date(2018, 12, 31),
        "cofinancing_rate": Decimal("50"),
        "hourly_value": Decimal("95"),
        "min_support_hours": Decimal("5"),
        **changes,
    }
    return programme_save(data=data, cluster=cluster)

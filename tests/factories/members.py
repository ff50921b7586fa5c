"""Factories and builders of members/: organizations, representatives, people, governance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from members.choices import AllianceGoal, AllianceKind, BodyKind, SeatRole, TieStrength
from members.models import Alliance, Body, Meeting, Organization, Person, Representative, Seat
from members.services import alliance_save
from tests.factories.clusters import ClusterFactory, UserFactory

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


def alliance(cluster, name: str = "Zhuhai sister city", **changes) -> Alliance:
    data = {
        "partner_name": name,
        "partner_country": "CN",
        "partner_city": "Zhuhai",
        "kind": AllianceKind.SISTER_CITY,
        "goal": AllianceGoal.MARKET_ACCESS,
        "tie_strength": TieStrength.STRONG,
        "start": date(2014, 4, 1),
        **changes,
    }
    return alliance_save(cluster=cluster, data=data)

"""One object of every kind in cluster A, and the users of the access matrix's personas.

``build_world`` makes cluster A and B with their managers, then runs ``extend(world)`` of every
tests/access/world_*.py in file-name order: each area adds its objects of cluster A
(world_10_projects.py runs before the activities, world_50_personas.py last).
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date
from decimal import Decimal

from accounts.services import api_token_create
from clusters.models import ClusterRole, FunderKind, StaffRole
from clusters.services import funder_save, programme_save
from members.choices import AllianceGoal, AllianceKind, BodyKind, DecisionOutcome, SeatRole
from members.services import (
    action_item_save,
    affiliation_save,
    alliance_save,
    alliance_set_participants,
    body_save,
    decision_save,
    declared_aid_create,
    fee_schedule_save,
    fees_issue_for_year,
    meeting_save,
    organization_create,
    person_save,
    seat_save,
)
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory, UserFactory


def build_world(*, cluster_a=None, cluster_b=None, manager_a=None, manager_b=None) -> dict:
    """The world; clusters and managers not given are made here."""
    cluster_a = cluster_a or ClusterFactory(name="Alpha Cluster", slug="alpha")
    cluster_b = cluster_b or ClusterFactory(
        name="Beta Cluster", slug="beta", country="RU", city="Kaluga"
    )
    manager_a = manager_a or staff_of(cluster_a, StaffRole.MANAGER, "manager.a@example.org")
    manager_b = manager_b or staff_of(cluster_b, StaffRole.MANAGER, "manager.b@example.org")
    token_a, _key = api_token_create(user=manager_a, name="A's script")
    world = {
        "cluster_a": cluster_a,
        "cluster_b": cluster_b,
        "manager_a": manager_a,
        "manager_b": manager_b,
        "token_a": token_a,
        "role_a": ClusterRole.objects.get(user=manager_a, cluster=cluster_a),
    }
    for step in (add_members, add_governance, add_alliance_and_fees, add_programme):
        step(world)
    for extend in world_extensions():
        extend(world)
    return world


def staff_of(cluster, role: str, email: str):
    return ClusterRoleFactory(cluster=cluster, role=role, user=UserFactory(email=email)).user


def add_members(world: dict) -> None:
    organization = organization_create(
        cluster=world["cluster_a"],
        data={"legal_name": "Alpha Sealing AB", "registry_id": "556000-0001", "employees": 5},
        membership_status="active",
        status_on=date(2024, 1, 1),
    )
    person = person_save(
        cluster=world["cluster_a"], data={"first_name": "Ann", "last_name": "Alpha"}
    )
    affiliation = affiliation_save(
        person=person, data={"organization": organization, "title": "CEO"}
    )
    world.update(
        organization=organization,
        membership=organization.membership,
        person=person,
        affiliation=affiliation,
    )


def add_governance(world: dict) -> None:
    """The board, chaired by the world's person, with a meeting, a decision and its action."""
    body = body_save(
        cluster=world["cluster_a"], data={"name": "Alpha board", "kind": BodyKind.BOARD}
    )
    seat = seat_save(
        body=body,
        data={"person": world["person"], "role": SeatRole.CHAIR, "term_start": date(2024, 1, 1)},
    )
    meeting = meeting_save(body=body, data={"date": date(2026, 1, 15), "title": "Kick-off"})
    decision = decision_save(
        meeting=meeting,
        data={"text": "Adopt the plan", "votes_for": 1, "outcome": DecisionOutcome.ADOPTED},
    )
    action_item = action_item_save(
        decision=decision,
        data={"text": "Write the plan", "owner": world["person"], "due_on": date(2026, 2, 1)},
    )
    world.update(body=body, seat=seat, meeting=meeting, decision=decision, action_item=action_item)


def add_alliance_and_fees(world: dict) -> None:
    cluster = world["cluster_a"]
    alliance = alliance_save(
        cluster=cluster,
        data={
            "partner_name": "Zhuhai",
            "partner_country": "CN",
            "kind": AllianceKind.SISTER_CITY,
            "goal": AllianceGoal.MARKET_ACCESS,
            "start": date(2020, 1, 1),
        },
    )
    alliance_set_participants(alliance=alliance, organizations=[world["organization"]])
    fee_schedule = fee_schedule_save(
        cluster=cluster,
        data={
            "year": 2026,
            "amount": Decimal("100"),
            "currency": "EUR",
            "due_on": date(2026, 3, 31),
        },
    )
    fees_issue_for_year(cluster=cluster, year=2026)
    world.update(
        alliance=alliance,
        fee_schedule=fee_schedule,
        fee_payment=world["organization"].fee_payments.get(),
        declared_aid=declared_aid_create(
            organization=world["organization"],
            data={
                "granted_by": "Alpha municipality",
                "granted_on": date(2025, 5, 1),
                "amount": Decimal("5000"),
                "currency": "EUR",
            },
        ),
    )


def add_programme(world: dict) -> None:
    funder = funder_save(data={"name": "Alpha funder", "kind": FunderKind.REGION})
    programme = programme_save(
        cluster=world["cluster_a"],
        data={
            "funder": funder,
            "name": "Alpha programme",
            "code": "ALPHA-1",
            "budget": Decimal("1000000"),
            "currency": "EUR",
            "start": date(2024, 1, 1),
            "end": date(2027, 12, 31),
            "cofinancing_rate": Decimal("50"),
            "hourly_value": Decimal("90"),
        },
    )
    world.update(funder=funder, programme=programme)


def world_extensions():
    """``extend(world)`` of every tests/access/world_*.py, in file-name order."""
    import tests.access

    names = sorted(
        info.name
        for info in pkgutil.iter_modules(tests.access.__path__)
        if info.name.startswith("world_")
    )
    return [importlib.import_module(f"tests.access.{name}").extend for name in names]

"""One object of every kind in cluster A, for the access matrix."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from accounts.services import api_token_create
from clusters.models import ClusterRole, FunderKind
from clusters.services import funder_save, programme_save
from members.choices import AllianceGoal, AllianceKind, BodyKind, DecisionOutcome, SeatRole
from members.services import (
    action_item_save,
    affiliation_save,
    alliance_save,
    alliance_set_participants,
    body_save,
    decision_save,
    fee_schedule_save,
    fees_issue_for_year,
    meeting_save,
    organization_create,
    person_save,
    seat_save,
)


def build_world(*, cluster_a, cluster_b, manager_a, manager_b) -> dict:
    organization = organization_create(
        cluster=cluster_a,
        data={"legal_name": "Alpha Sealing AB", "registry_id": "556000-0001", "employees": 5},
        membership_status="active",
        status_on=date(2024, 1, 1),
    )
    person = person_save(cluster=cluster_a, data={"first_name": "Ann", "last_name": "Alpha"})
    affiliation = affiliation_save(
        person=person, data={"organization": organization, "title": "CEO"}
    )
    body = body_save(cluster=cluster_a, data={"name": "Alpha board", "kind": BodyKind.BOARD})
    seat = seat_save(
        body=body,
        data={"person": person, "role": SeatRole.CHAIR, "term_start": date(2024, 1, 1)},
    )
    meeting = meeting_save(body=body, data={"date": date(2026, 1, 15), "title": "Kick-off"})
    decision = decision_save(
        meeting=meeting,
        data={"text": "Adopt the plan", "votes_for": 1, "outcome": DecisionOutcome.ADOPTED},
    )
    action_item = action_item_save(
        decision=decision,
        data={"text": "Write the plan", "owner": person, "due_on": date(2026, 2, 1)},
    )
    alliance = alliance_save(
        cluster=cluster_a,
        data={
            "partner_name": "Zhuhai",
            "partner_country": "CN",
            "kind": AllianceKind.SISTER_CITY,
            "goal": AllianceGoal.MARKET_ACCESS,
            "start": date(2020, 1, 1),
        },
    )
    alliance_set_participants(alliance=alliance, organizations=[organization])
    fee_schedule = fee_schedule_save(
        cluster=cluster_a,
        data={
            "year": 2026,
            "amount": Decimal("100"),
            "currency": "EUR",
            "due_on": date(2026, 3, 31),
        },
    )
    fees_issue_for_year(cluster=cluster_a, year=2026)
    funder = funder_save(data={"name": "Alpha funder", "kind": FunderKind.REGION})
    programme = programme_save(
        cluster=cluster_a,
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
    token_a, _key = api_token_create(user=manager_a, name="A's script")
    world = {
        "cluster_a": cluster_a,
        "cluster_b": cluster_b,
        "manager_a": manager_a,
        "manager_b": manager_b,
        "token_a": token_a,
        "role_a": ClusterRole.objects.get(user=manager_a),
        "organization": organization,
        "membership": organization.membership,
        "fee_payment": organization.fee_payments.get(),
        "fee_schedule": fee_schedule,
        "person": person,
        "affiliation": affiliation,
        "body": body,
        "seat": seat,
        "meeting": meeting,
        "decision": decision,
        "action_item": action_item,
        "alliance": alliance,
        "funder": funder,
        "programme": programme,
    }
    for extend in world_extensions():
        extend(world)
    return world


def world_extensions():
    """``extend(world)`` of every tests/access/world_*.py, in file-name order: each area adds
    its objects of cluster A (world_10_projects.py runs before the activities)."""
    import importlib
    import pkgutil

    import tests.access

    names = sorted(
        info.name
        for info in pkgutil.iter_modules(tests.access.__path__)
        if info.name.startswith("world_")
    )
    return [importlib.import_module(f"tests.access.{name}").extend for name in names]

"""A programme cluster A shares with a third cluster (Gamma), whose manager proposed a change
of its rules: it waits for cluster A's consent."""

from datetime import date
from decimal import Decimal

from clusters.models import FunderKind, StaffRole
from clusters.services import funder_save, programme_join, programme_save, programme_update
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory, UserFactory


def extend(world: dict) -> None:
    gamma = ClusterFactory(name="Gamma Cluster", slug="gamma")
    manager_c = ClusterRoleFactory(
        cluster=gamma, role=StaffRole.MANAGER, user=UserFactory(email="manager.c@example.org")
    ).user
    funder = funder_save(data={"name": "Shared funder", "kind": FunderKind.EU_FUND})
    shared = programme_save(
        cluster=gamma,
        data={
            "funder": funder,
            "name": "Shared programme",
            "code": "SHARED-1",
            "budget": Decimal("500000"),
            "currency": "EUR",
            "start": date(2024, 1, 1),
            "end": date(2027, 12, 31),
            "cofinancing_rate": Decimal("50"),
            "hourly_value": Decimal("80"),
        },
    )
    programme_join(programme=shared, cluster=world["cluster_a"])
    proposal = programme_update(
        actor=manager_c, programme=shared, data={"hourly_value": Decimal("120")}, cluster=gamma
    )
    world.update(
        cluster_c=gamma,
        manager_c=manager_c,
        shared_funder=funder,
        shared_programme=shared,
        proposal=proposal,
        consent_a=proposal.consents.get(cluster=world["cluster_a"]),
    )

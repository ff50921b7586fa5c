"""The demo's manager of one cluster cannot change anything that another cluster shows: every
write route of the shared records (funders, programmes another cluster takes part in, their
indicators and targets, the indicator catalogue) is tried with every write method by each demo
cluster manager, and every shared row is the same afterwards. A change of a programme they
share with another cluster becomes a proposal (202, or a redirect to it), never a change."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.models import User
from clusters.models import (
    ClusterRole,
    Funder,
    Indicator,
    IndicatorTarget,
    Programme,
    ProgrammeIndicator,
    ProgrammeParticipation,
    StaffRole,
)
from demo.data.logins import DEMO_LOGINS
from tests.test_access_matrix import all_route_names

pytestmark = pytest.mark.django_db

SHARED_MODELS = (
    Funder,
    Programme,
    ProgrammeParticipation,
    Indicator,
    ProgrammeIndicator,
    IndicatorTarget,
)
WRITE_METHODS = ("post", "put", "patch", "delete")
# Refusals: 403 with the rule's reason, 404 for what the manager may not see, 405 for a method
# the route does not take, 302 to a login page (the admin site) and 400 for a body refused
# before any write. A proposal is 202 (API) or a redirect to the proposal's page.
REFUSALS = {400, 403, 404, 405}

# Every route that writes shared records, and the objects of the demo it is tried on.
FUNDER_ROUTES = ("clusters:funder-edit", "api:funder-detail", "admin:clusters_funder_change")
# Joining (clusters:programme-join) adds the caller's own cluster, which changes no other
# cluster's figures; it is the access matrix's.
PROGRAMME_ROUTES = (
    "clusters:programme-edit",
    "clusters:programme-indicator-create",
    "api:programme-detail",
    "admin:clusters_programme_change",
)
INDICATOR_USE_ROUTES = (
    "clusters:programme-indicator-targets",
    "admin:clusters_programmeindicator_change",
)
CATALOGUE_ROUTES = ("admin:clusters_indicator_change",)
CREATE_ROUTES = (
    "clusters:funder-create",
    "api:funder-list",
    "admin:clusters_funder_add",
    "admin:clusters_indicator_add",
)
PROBED = {*FUNDER_ROUTES, *PROGRAMME_ROUTES, *INDICATOR_USE_ROUTES, *CATALOGUE_ROUTES}
PROBED |= set(CREATE_ROUTES)
SHARED_ROUTE_PREFIXES = ("clusters:funder", "api:funder", "clusters:programme-indicator")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seeded once inside a transaction rolled back after the module."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", quiet_logins=True, stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def demo_cluster_managers() -> list[tuple[User, int]]:
    emails = {login.email for login in DEMO_LOGINS}
    roles = ClusterRole.objects.filter(
        user__email__in=emails, role__in=(StaffRole.MANAGER, StaffRole.ADMIN)
    ).select_related("user")
    return [(role.user, role.cluster_id) for role in roles if not role.user.is_superuser]


def snapshot() -> dict:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in SHARED_MODELS}


def probes_for(cluster_id: int) -> list[tuple[str, dict]]:
    """(route, kwargs) of every shared object another cluster shows to the manager of
    ``cluster_id``: every funder (each cluster's funder list shows them all), every
    programme with another cluster taking part or not theirs, its indicators and their
    targets, and the common indicator catalogue."""
    probes = [(name, {}) for name in CREATE_ROUTES]
    for funder in Funder.objects.all():
        probes += [(name, pk_kwargs(name, funder.pk)) for name in FUNDER_ROUTES]
    others = Programme.objects.exclude(
        pk__in=Programme.objects.filter(clusters=cluster_id)
        .exclude(participations__cluster__in=others_than(cluster_id))
        .values("pk")
    )
    for programme in others:
        for name in PROGRAMME_ROUTES:
            kwargs = (
                {"object_id": programme.pk}
                if name.startswith("admin:")
                else {"code": programme.code}
            )
            probes.append((name, kwargs))
        for use in programme.indicators.all():
            probes.append(
                ("clusters:programme-indicator-targets", {"code": programme.code, "pk": use.pk})
            )
            probes.append(("admin:clusters_programmeindicator_change", {"object_id": use.pk}))
    for indicator in Indicator.objects.filter(programme=None):
        probes.append(("admin:clusters_indicator_change", {"object_id": indicator.pk}))
    return probes


def others_than(cluster_id: int):
    return ProgrammeParticipation.objects.exclude(cluster_id=cluster_id).values("cluster_id")


def pk_kwargs(name: str, pk: int) -> dict:
    return {"object_id": pk} if name.startswith("admin:") else {"pk": pk}


def body_for(name: str, kwargs: dict) -> dict:
    """A body that would change the record if the write were allowed."""
    if "programme" in name and "code" in kwargs:
        programme = Programme.objects.get(code=kwargs["code"])
        return {
            "funder": programme.funder_id
            if name.startswith("clusters:")
            else programme.funder.name,
            "name": programme.name + " (changed)",
            "code": programme.code,
            "budget": "1.00",
            "currency": programme.currency,
            "start": programme.start.isoformat(),
            "end": programme.end.isoformat(),
            "cofinancing_rate": "99.00",
            "hourly_value": "1.00",
            "period": programme.period,
            "min_support_hours": "999.00",
            "baseline": "999",
            "unit": "enterprises",
            "counting_rule": "grants",
        }
    return {"name": "Renamed by one cluster", "kind": "region", "country": "SE"}


def test_every_shared_write_route_is_probed():
    """A new route that writes funders or programme indicators is added to the probe."""
    names = set(all_route_names())
    missing = [
        name
        for name in names
        if name.startswith(SHARED_ROUTE_PREFIXES)
        and name not in PROBED
        and not name.endswith(("-list", "funder-detail"))
        or name == "api:funder-list"
        and name not in PROBED
    ]
    assert not [name for name in missing if name not in ("clusters:funder-list",)]


def test_the_demo_manager_of_one_cluster_changes_nothing_another_cluster_shows(demo):
    managers = demo_cluster_managers()
    assert len(managers) >= 2, "the demo has managers of two clusters"
    before = snapshot()
    wrong, tried = [], 0
    for user, cluster_id in managers:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for name, kwargs in probes_for(cluster_id):
            url = reverse(name, kwargs=kwargs)
            for method in WRITE_METHODS:
                api = name.startswith("api:")
                body = body_for(name, kwargs)
                if api:
                    response = getattr(client, method)(
                        url, body, content_type="application/json", HTTP_ACCEPT="application/json"
                    )
                else:
                    response = getattr(client, method)(url, body)
                tried += 1
                if not refused_or_proposed(response, api):
                    wrong.append(f"{user.email} {method.upper()} {url}: {response.status_code}")
    after = snapshot()
    changed = [model for model in before if before[model] != after[model]]
    print(f"\ndemo shared-record probe: {tried} write attempts by {len(managers)} managers")
    assert not wrong, "\n".join(wrong)
    assert not changed, f"changed by a cluster's manager: {changed}"


def refused_or_proposed(response, api: bool) -> bool:
    """A refusal, a proposal, or a page's form shown again with its errors (a PUT to a page
    carries no form data)."""
    status = response.status_code
    if status in REFUSALS or status == 202:
        return True
    if status == 200 and not api:
        form = (response.context or {}).get("form")
        return form is not None and bool(form.errors)
    if status == 302:
        location = response["Location"]
        return "/login/" in location or "/clusters/proposals/" in location
    return False

"""Every URL pattern and API route, walked by itself: a route without an expectation fails.

Anonymous visitors get the login redirect (pages) or 401 (API); staff of cluster B get 404 for
cluster A's objects, never 403, so existence does not leak; staff of cluster A get through.
Expectations live in tests/access/<area>.py, one dict per area.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.access
from tests.access.routes import API, PAGE, Route
from tests.access.world import build_world


def collect_expectations() -> dict[str, Route]:
    merged: dict[str, Route] = {}
    for module_info in pkgutil.iter_modules(tests.access.__path__):
        module = importlib.import_module(f"tests.access.{module_info.name}")
        for name, route in getattr(module, "EXPECTATIONS", {}).items():
            if name in merged:
                raise AssertionError(f"{name} has an expectation in two modules")
            merged[name] = route
    return merged


EXPECTATIONS = collect_expectations()

# The Django admin guards itself (is_staff); its routes are checked as a group below.
SELF_GUARDED_NAMESPACES = {"admin"}


def walk(resolver: URLResolver, namespace: str = "") -> list[str]:
    names = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names += walk(entry, inner)
        elif isinstance(entry, URLPattern):
            names.append(f"{namespace}{entry.name or f'<unnamed {entry.pattern}>'}")
    return names


def all_route_names() -> list[str]:
    return sorted(set(walk(get_resolver())))


def routes_to_check() -> list[str]:
    return [name for name in all_route_names() if name.split(":")[0] not in SELF_GUARDED_NAMESPACES]


def test_every_route_has_an_expectation():
    missing = [name for name in routes_to_check() if name not in EXPECTATIONS]
    assert not missing, f"routes with no access expectation: {missing}"


def test_no_expectation_for_a_route_that_is_gone():
    existing = set(all_route_names())
    stale = [name for name in EXPECTATIONS if name not in existing]
    assert not stale, f"expectations for routes that no longer exist: {stale}"


@pytest.fixture
def world(cluster_a, cluster_b, manager_a, manager_b):
    return build_world(
        cluster_a=cluster_a, cluster_b=cluster_b, manager_a=manager_a, manager_b=manager_b
    )


def request(client, name: str, route: Route, world: dict):
    url = reverse(name, kwargs=route.kwargs(world))
    send = getattr(client, route.method)
    if name.startswith("api:"):
        return send(url, route.data, HTTP_ACCEPT="application/json")
    return send(url, route.data)


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_anonymous_is_sent_to_login_or_refused(name, world, anonymous_client):
    route = EXPECTATIONS[name]
    response = request(anonymous_client, name, route, world)
    if route.access == PAGE:
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name
    elif route.access == API:
        assert response.status_code == 401, name
    else:
        assert response.status_code in (200, 302), name


@pytest.mark.parametrize(
    "name", sorted(name for name, route in EXPECTATIONS.items() if route.tenant_object)
)
def test_staff_of_another_cluster_get_404_for_cluster_a_objects(name, world, client_for):
    response = request(client_for(world["manager_b"]), name, EXPECTATIONS[name], world)
    assert response.status_code == 404, f"{name} answered {response.status_code}"


@pytest.mark.parametrize(
    "name",
    sorted(
        name
        for name, route in EXPECTATIONS.items()
        if route.access in (PAGE, API) and route.method == "get" and route.staff_get_status
    ),
)
def test_staff_of_cluster_a_are_let_in(name, world, client_for):
    route = EXPECTATIONS[name]
    response = request(client_for(world["manager_a"]), name, route, world)
    assert response.status_code == route.staff_get_status, f"{name}: {response.status_code}"


def test_admin_site_sends_anonymous_and_cluster_staff_to_its_login(
    world, anonymous_client, client_for
):
    admin_index = reverse("admin:index")
    for client in (anonymous_client, client_for(world["manager_a"])):
        response = client.get(admin_index)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))

"""Every URL pattern and API route, walked by itself: a route without an expectation fails.

Anonymous visitors get the login redirect (pages) or 401 (API); staff of cluster B get 404 for
cluster A's objects, never 403, so existence does not leak; staff of cluster A get through.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.services import api_token_create
from clusters.models import ClusterRole

PUBLIC = "public"  # anyone, logged in or not
PAGE = "page"  # login required; anonymous is redirected to the login page
API = "api"  # authentication required; anonymous gets 401


@dataclass(frozen=True)
class Route:
    access: str
    method: str = "get"
    kwargs: Callable[[dict], dict] = field(default=lambda world: {})
    # The route addresses an object of cluster A: staff of cluster B must get 404.
    tenant_object: bool = False
    data: dict = field(default_factory=dict)


def cluster_slug(world: dict) -> dict:
    return {"slug": world["cluster_a"].slug}


EXPECTATIONS: dict[str, Route] = {
    "home": Route(PAGE),
    "healthz": Route(PUBLIC),
    "login": Route(PUBLIC),
    "logout": Route(PUBLIC, method="post"),
    "password_change": Route(PAGE),
    "password_change_done": Route(PAGE),
    "password_reset": Route(PUBLIC),
    "password_reset_done": Route(PUBLIC),
    "password_reset_confirm": Route(
        PUBLIC, kwargs=lambda world: {"uidb64": "MQ", "token": "set-password"}
    ),
    "password_reset_complete": Route(PUBLIC),
    "set_language": Route(PUBLIC, method="post", data={"language": "sv"}),
    "accounts:tokens": Route(PAGE),
    "accounts:token-revoke": Route(
        PAGE, method="post", kwargs=lambda world: {"pk": world["token_a"].pk}, tenant_object=True
    ),
    "clusters:list": Route(PAGE),
    "clusters:switch": Route(PAGE, method="post", data={"cluster": "alpha"}, tenant_object=True),
    "clusters:detail": Route(PAGE, kwargs=cluster_slug, tenant_object=True),
    "clusters:edit": Route(PAGE, kwargs=cluster_slug, tenant_object=True),
    "clusters:staff-assign": Route(PAGE, method="post", kwargs=cluster_slug, tenant_object=True),
    "clusters:staff-remove": Route(
        PAGE,
        method="post",
        kwargs=lambda world: {"slug": world["cluster_a"].slug, "pk": world["role_a"].pk},
        tenant_object=True,
    ),
    "api:me": Route(API),
    "api:cluster-list": Route(API),
    "api:cluster-detail": Route(API, kwargs=cluster_slug, tenant_object=True),
    "api-schema": Route(PUBLIC),
    "api-docs": Route(PUBLIC),
}

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
    token_a, _key = api_token_create(user=manager_a, name="A's script")
    return {
        "cluster_a": cluster_a,
        "cluster_b": cluster_b,
        "manager_a": manager_a,
        "manager_b": manager_b,
        "token_a": token_a,
        "role_a": ClusterRole.objects.get(user=manager_a),
    }


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
        if route.access in (PAGE, API) and route.method == "get"
    ),
)
def test_staff_of_cluster_a_are_let_in(name, world, client_for):
    response = request(client_for(world["manager_a"]), name, EXPECTATIONS[name], world)
    assert response.status_code == 200, f"{name} answered {response.status_code}"


def test_admin_site_sends_anonymous_and_cluster_staff_to_its_login(
    world, anonymous_client, client_for
):
    admin_index = reverse("admin:index")
    for client in (anonymous_client, client_for(world["manager_a"])):
        response = client.get(admin_index)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))

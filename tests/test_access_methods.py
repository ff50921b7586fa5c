"""Every id-bearing route, tried with every write method and with ids that do not exist, by
every persona: the access matrix's second walk.

The matrix (tests/test_access_matrix.py) asks each route with its own method. Here each route
whose URL carries an id (pk, slug, code: found by walking the URL resolver, so a new route
cannot skip it) is also asked with GET, POST, PUT, PATCH and DELETE, with the ids of cluster
A's world: to the other cluster's manager they are another tenant's ids, to the other firm's
representative another firm's, to the other committee's member another committee's, to the
other funder another programme's. A persona who may not see the object must get 404 (or 405
for a method the route never takes, which says nothing about the object), one who sees it but
may not change it 403 (or 405); nobody ever gets a 500. The same route with an id that exists
nowhere must answer as it does for an object the persona may not see, so existence never
leaks. The counts of what was probed are printed at the end of the run
(tests/conftest.py, ``pytest_terminal_summary``).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import tally
from tests.access.personas import PERSONAS, Persona, expected
from tests.access.routes import LOGIN, PUBLIC, Route
from tests.test_access_matrix import (
    EXPECTATIONS,
    SELF_GUARDED_NAMESPACES,
    client_of,
    refusals_unlogged,
    world,  # noqa: F401 (the module's world fixture)
)

METHODS = ("get", "post", "put", "patch", "delete")
# URL arguments that name an object; the others (a file format, a token) do not.
ID_ARGUMENTS = {"pk", "slug", "code", "consent", "cluster_slug"}
MISSING = {int: 2_147_483_000, str: "no-such-object-42"}


def id_bearing_route_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    """Names of every URL pattern with an id among its arguments, from the resolver itself
    (converters of ``path()`` and named groups of the DRF router's regexes)."""
    resolver = resolver or get_resolver()
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= id_bearing_route_names(entry, inner)
        elif isinstance(entry, URLPattern) and ID_ARGUMENTS & set(entry.pattern.regex.groupindex):
            names.add(f"{namespace}{entry.name}")
    return names


def probed_route_names() -> list[str]:
    return sorted(
        name
        for name in id_bearing_route_names()
        if name.split(":")[0] not in SELF_GUARDED_NAMESPACES
    )


def test_every_id_bearing_route_is_probed():
    missing = [name for name in probed_route_names() if name not in EXPECTATIONS]
    assert not missing, f"id-bearing routes without an expectation to probe: {missing}"
    assert len(probed_route_names()) > 150, "the resolver walk found the routes"


def answer(client: Client, name: str, route: Route, method: str, kwargs: dict):
    from django.core.cache import cache
    from django.db import transaction

    url = reverse(name, kwargs=kwargs)
    extra = {"HTTP_ACCEPT": "application/json"} if name.startswith("api:") else {}
    if name.startswith("api:") and method != "get":
        extra["content_type"] = "application/json"
    cache.clear()
    with transaction.atomic():
        response = getattr(client, method)(url, {}, **extra)
        transaction.set_rollback(True)
    status = response.status_code
    if status == 302 and response["Location"].startswith(reverse("login")):
        return LOGIN
    return status


def wanted(route: Route, persona: Persona, method: str):
    """The set of right answers to ``method`` on ``route``; None: anything but an error (the
    persona may do it, and the empty body may or may not be enough)."""
    if route.access == PUBLIC:
        return None
    if method == "get":
        want = expected(replace(route, method="get", write=False, lists=None), persona)
    else:
        want = expected(replace(route, method=method, write=True, lists=None), persona)
    if want == LOGIN:
        return {LOGIN, 405}
    if want == 401:
        return {401, 405}
    if want == 404 or want == route.hidden:
        return {404, 405, route.hidden}
    if want == 403:
        return {403, 404, 405}
    return None


def missing_kwargs(kwargs: dict) -> dict:
    return {
        key: MISSING[type(value)] if key in ID_ARGUMENTS else value for key, value in kwargs.items()
    }


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS, ids=lambda persona: persona.name)
def test_every_method_on_every_id_bearing_route(persona, world):  # noqa: F811
    client = client_of(persona, world)
    wrong = []
    with refusals_unlogged():
        for name in probed_route_names():
            route = EXPECTATIONS[name]
            kwargs = route.kwargs(world)
            for method in METHODS:
                if method == route.method and method != "get":
                    # The matrix asks this one, with its body.
                    continue
                got = answer(client, name, route, method, kwargs)
                tally.count(
                    persona.name,
                    name,
                    method,
                    "other method" if method != route.method else "own route",
                )
                want = wanted(route, persona, method)
                if (want is None and isinstance(got, int) and got >= 500) or (
                    want is not None and got not in want
                ):
                    shown = sorted(map(str, want)) if want else "no error"
                    wrong.append(f"  {method.upper()} {name}: expected {shown}, got {got}")
                if route.access == PUBLIC or method not in ("get", route.method):
                    continue
                absent = answer(client, name, route, method, missing_kwargs(kwargs))
                tally.count(persona.name, name, method, "no such id")
                hidden = persona.user is None or want is not None and got in (404, route.hidden)
                if hidden and absent != got:
                    wrong.append(
                        f"  {method.upper()} {name}: {got} for another's id, {absent} for none"
                    )
                elif isinstance(absent, int) and absent >= 500:
                    wrong.append(f"  {method.upper()} {name} with no such id: {absent}")
    assert not wrong, (
        f"{persona.description} ({persona.name}) got {len(wrong)} wrong answers:\n"
        + "\n".join(wrong)
    )

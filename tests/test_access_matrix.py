"""Every URL pattern and API route, walked by every persona: a route without an expectation
fails, and so does any answer the rules of design.md do not give.

The world (tests/access/world.py) is built once for this module inside an outer transaction.
Each persona is one test that walks every route and lists every wrong answer (route, expected,
actual); each request runs in a savepoint that is rolled back, so no write changes what the
next route sees. Expectations live in tests/access/<area>.py, one dict per area; the personas
and the rule that turns a route's scope into an answer in tests/access/personas.py.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from contextlib import contextmanager
from http.cookies import SimpleCookie

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.access
from tests.access import tally
from tests.access.personas import (
    ANONYMOUS,
    MANAGER,
    PERSONA_NAMES,
    PERSONAS,
    SECRETS,
    Persona,
    expected,
)
from tests.access.routes import LISTED, LOGIN, UNLISTED, Route, url_name
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
PERSONAS_BY_NAME = {persona.name: persona for persona in PERSONAS}

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
    covered = {url_name(key) for key in EXPECTATIONS}
    missing = [name for name in routes_to_check() if name not in covered]
    assert not missing, f"routes with no access expectation: {missing}"


def test_no_expectation_for_a_route_that_is_gone():
    existing = set(all_route_names())
    stale = [key for key in EXPECTATIONS if url_name(key) not in existing]
    assert not stale, f"expectations for routes that no longer exist: {stale}"


def test_overrides_name_real_personas():
    unknown = [
        f"{name}: {persona}"
        for name, route in EXPECTATIONS.items()
        for persona in (*route.expect, *route.leaks, *route.writers)
        if persona not in PERSONA_NAMES
    ]
    assert not unknown, f"expectations for personas that do not exist: {unknown}"


# The world and how a persona asks -----------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once inside a transaction that is rolled back after the module; each test's own
    transaction and each request's savepoint nest inside it. (It stands in for the
    function-scoped world of tests/conftest.py here.)"""
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def client_of(persona: Persona, world: dict) -> Client:
    client = Client(raise_request_exception=False)
    if persona.user is not None:
        client.force_login(world[persona.user])
    return client


def answer(client: Client, name: str, route: Route, world: dict) -> tuple[int | str, str]:
    """What the route answers and the text it shows, with every write rolled back and the
    client's cookies (its session, its language) as they were, so a logout or a switch does
    not carry over."""
    url = reverse(url_name(name), kwargs=route.kwargs(world))
    data = route.data(world) if callable(route.data) else route.data
    cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
    extra = {"HTTP_ACCEPT": "application/json"} if name.startswith("api:") else {}
    if route.json:
        extra["content_type"] = "application/json"
    cache.clear()  # throttle counts: the matrix asks more often than any rate allows
    with transaction.atomic():
        response = getattr(client, route.method)(url, data, **extra)
        if response.streaming:  # exports stream: read them while their rows are there
            response.read_body = b"".join(response.streaming_content)
        transaction.set_rollback(True)
    client.cookies = cookies
    return outcome(response, route, world), shown_text(response)


def outcome(response, route: Route, world: dict) -> int | str:
    status = response.status_code
    if status == 302 and response["Location"].startswith(reverse("login")):
        return LOGIN
    if status == 500 and response.exc_info:
        return f"500 ({response.exc_info[1]!r})"
    if route.lists and status == 200:
        key, _scope = route.lists
        return LISTED if shows(response, world[key]) else UNLISTED
    return status


def shown_text(response) -> str:
    if response.status_code != 200 or response.streaming:
        return ""
    return body_of(response).decode(errors="replace")


def body_of(response) -> bytes:
    return response.read_body if response.streaming else response.content


def shows(response, obj) -> bool:
    """An API list shows the object by its id, slug or code; a page by a link to it (by its
    name if it has no page); a file by its name."""
    content_type = response["Content-Type"]
    if not content_type.startswith("application/json"):
        text = body_of(response).decode()
        if content_type.startswith("text/html") and hasattr(obj, "get_absolute_url"):
            return f'href="{obj.get_absolute_url()}"' in text
        return str(obj) in text
    payload = response.json()
    rows = payload["results"] if isinstance(payload, dict) else payload
    keys = {"id": obj.pk, "slug": getattr(obj, "slug", None), "code": getattr(obj, "code", None)}
    return any(row.get(key) == value for row in rows for key, value in keys.items() if value)


# The matrix ---------------------------------------------------------------------------------


@contextmanager
def refusals_unlogged():
    """Refusals (400, 403, 404) are what the matrix asks for: no warning for each; an error
    (500) is still logged, and named in the failure."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def wrong_answers(persona: Persona, world: dict, names) -> list[str]:
    client = client_of(persona, world)
    with refusals_unlogged():
        return [line for name in names for line in wrong_answers_of(client, persona, world, name)]


def wrong_answers_of(client: Client, persona: Persona, world: dict, name: str) -> list[str]:
    route = EXPECTATIONS[name]
    want = expected(route, persona)
    got, text = answer(client, name, route, world)
    tally.count(persona.name, name, route.method, "own route")
    wrong = [f"  {name}: expected {want}, got {got}"] if got != want else []
    return wrong + [f"  {name}: shows {secret!r}" for secret in secrets_in(text, persona, world)]


def secrets_in(text: str, persona: Persona, world: dict) -> list[str]:
    return [
        str(world[key])
        for key, scope in SECRETS
        if scope not in persona.sees and str(world[key]) in text
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS, ids=lambda persona: persona.name)
def test_every_route_answers_the_persona_as_the_rules_say(persona, world):
    names = [name for name in sorted(EXPECTATIONS) if persona.name not in EXPECTATIONS[name].leaks]
    wrong = wrong_answers(persona, world, names)
    assert not wrong, (
        f"{persona.description} ({persona.name}) got {len(wrong)} wrong answers:\n"
        + "\n".join(wrong)
    )


KNOWN_LEAKS = [
    pytest.param(name, persona, marks=pytest.mark.xfail(strict=True, reason=reason))
    for name, route in sorted(EXPECTATIONS.items())
    for persona, reason in sorted(route.leaks.items())
]


# Defined only while a leak is known (none is today): an empty parameter set would show as a
# skipped test in every run.
if KNOWN_LEAKS:

    @pytest.mark.django_db
    @pytest.mark.parametrize(("name", "persona_name"), KNOWN_LEAKS)
    def test_a_known_leak_is_still_open(name, persona_name, world):
        """Each found access bug, by itself: it xfails while the app answers wrongly, and fails
        (strict) once the app is fixed, so the entry in ``leaks`` is removed with the fix."""
        wrong = wrong_answers(PERSONAS_BY_NAME[persona_name], world, [name])
        assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_admin_site_sends_anonymous_and_cluster_staff_to_its_login(world):
    admin_index = reverse("admin:index")
    for persona in (ANONYMOUS, MANAGER):
        response = client_of(persona, world).get(admin_index)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_each_persona_is_who_it_claims_to_be(world):
    """The personas who must not see cluster A's objects do see their own, so their 404s
    come from the rules, not from an account that sees nothing at all."""
    own = {
        "other_manager": ("api:cluster-list", world["cluster_b"].slug, "slug"),
        "other_coach": ("api:cluster-list", world["cluster_a"].slug, "slug"),
        "other_firm_rep": ("api:enrolment-list", world["other_enrolment"].pk, "id"),
        "other_committee": ("api:body-list", world["other_committee"].pk, "id"),
        "funder": ("api:project-list", world["project"].slug, "slug"),
        "other_funder": ("api:programme-list", world["other_programme"].code, "code"),
    }
    for persona_name, (route_name, value, key) in own.items():
        client = client_of(PERSONAS_BY_NAME[persona_name], world)
        rows = client.get(reverse(route_name), HTTP_ACCEPT="application/json").json()["results"]
        assert value in [row[key] for row in rows], f"{persona_name} does not see its own"

"""A NUL byte anywhere in a request is refused with a 400, never a 500.

PostgreSQL refuses NUL in any text, so ``?project=%00`` on the calendar or a slug of ``%00``
reached a lookup and failed there (the issue's fuzzing found it). Every GET route of the
access matrix (tests/access/) is walked with a NUL in each search and filter parameter, and
every route with a slug or key in its address once more with ``%00`` in its place, by a
manager, a firm and a funder. The test means most on PostgreSQL (CI); on SQLite it still
proves the guard answers.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from tests.access.routes import url_name
from tests.access.world import build_world
from tests.test_access_matrix import EXPECTATIONS, refusals_unlogged

PERSONAS = ("manager_a", "firm_rep", "funder_user")
# Every search box and every text-taking filter of the lists, the calendar's ?project=<slug>,
# the report pages' ?as_of= and the paginators.
NUL_QUERY = "&".join(
    f"{name}=%00"
    for name in ("q", "search", "project", "region", "organization", "as_of", "month", "page")
)
GET_ROUTES = sorted(name for name, route in EXPECTATIONS.items() if route.method == "get")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
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


def addresses_with_nul(name: str, world: dict) -> list[str]:
    """The route with NUL in its query, and with NUL for each text argument of its path."""
    kwargs = EXPECTATIONS[name].kwargs(world)
    url = reverse(url_name(name), kwargs=kwargs)
    urls = [f"{url}?{NUL_QUERY}"]
    for value in kwargs.values():
        if isinstance(value, str):
            urls.append(url.replace(quote(value), "%00", 1))
            urls.append(url.replace(quote(value), f"{quote(value)}%00", 1))
    return urls


def server_errors(client: Client, urls: list[str]) -> list[str]:
    errors = []
    for url in urls:
        with transaction.atomic():
            response = client.get(url)
            transaction.set_rollback(True)
        if response.status_code >= 500:
            cause = f" ({response.exc_info[1]!r})" if response.exc_info else ""
            errors.append(f"  {url}: {response.status_code}{cause}")
    return errors


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_nul_byte_in_a_query_or_a_slug_never_gives_a_server_error(persona, world):
    client = Client(raise_request_exception=False)
    client.force_login(world[persona])
    urls = [url for name in GET_ROUTES for url in addresses_with_nul(name, world)]
    with refusals_unlogged():
        errors = server_errors(client, urls)
    assert not errors, f"{len(errors)} of {len(urls)} addresses gave 5xx:\n" + "\n".join(errors)


@pytest.mark.django_db
def test_a_nul_byte_is_refused_with_a_clear_400(world):
    client = Client()
    client.force_login(world["manager_a"])
    page = client.get(reverse("reports:calendar") + "?project=%00")
    assert page.status_code == 400
    assert "Null characters are not allowed" in page.content.decode()
    api = client.get(reverse("api:cluster-detail", kwargs={"slug": "alpha"}) + "%00")
    assert api.status_code == 400
    assert api.json() == {"detail": "Null characters are not allowed in an address or a search."}


@pytest.mark.django_db
def test_a_nul_byte_in_the_session_cookie_is_refused_before_the_session_is_read(world):
    client = Client()
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get(reverse("home")).status_code == 400


@pytest.mark.django_db
def test_a_number_past_64_bits_in_a_filter_is_a_400_not_a_500(world):
    """schemathesis found it: ``?body=<a 112-bit number>`` reached SQLite's driver, which
    refuses it with an OverflowError; PostgreSQL (through Django) finds no such body."""
    client = Client(raise_request_exception=False)
    client.force_login(world["manager_a"])
    huge = "-4926117997069221647878215566360576"
    response = client.get(reverse("api:seat-list"), {"body": huge})
    if connection.vendor == "sqlite":
        assert response.status_code == 400, response.content
        assert "too large" in response.json()["detail"]
    else:
        assert response.status_code == 200, response.content
        assert response.json()["count"] == 0

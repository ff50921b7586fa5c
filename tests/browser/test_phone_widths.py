"""Every page of each role at a phone's and a desktop's width (issue 10, point 5).

The world of the access matrix (tests/access/world.py) gives one object of every kind; each
persona visits every HTML page the matrix says it may see, at 390×844 and 1440×900. No page
may scroll sideways (``scrollWidth <= innerWidth``); each is saved as a screenshot under
``tests/browser/screenshots/widths/`` (ignored by git) for a person to look at.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from members.models import Organization, Person
from tests.access.personas import COACH, FIRM_REP, FUNDER_USER, MANAGER, Persona, expected
from tests.access.routes import LISTED, PAGE, UNLISTED
from tests.factories.members import OrganizationFactory, PersonFactory
from tests.test_access_matrix import EXPECTATIONS

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
SEEN = (200, LISTED, UNLISTED)


def pages_of(persona: Persona, world: dict) -> list[tuple[str, str]]:
    """(route name, URL) of every HTML page the persona may see, checked in-process first so
    downloads and htmx fragments are left out."""
    client = Client()
    client.force_login(world[persona.user])
    pages = []
    for key, route in sorted(EXPECTATIONS.items()):
        if route.access != PAGE or route.method != "get" or " " in key:
            continue
        if key.endswith("-edit"):
            continue  # the same form page as the object's "-create", filled in
        if expected(route, persona) not in SEEN:
            continue
        try:
            kwargs = route.kwargs(world)
        except AttributeError:
            # The programme's indicators come from a data migration, which a live server's
            # flushed database has lost; the indicator pages are left to the unit tests.
            continue
        url = reverse(key, kwargs=kwargs)
        response = client.get(url)
        is_html = response.get("Content-Type", "").startswith("text/html")
        if response.status_code == 200 and is_html and b"<html" in response.content:
            pages.append((key, url))
    return pages


def session_cookie(user, live_server) -> dict:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    return {"name": "sessionid", "value": cookie.value, "url": live_server.url}


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def walk(browser, live_server, world, persona: Persona, screenshot_dir) -> list[str]:
    directory = screenshot_dir / "widths" / persona.name
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.png"):
        old.unlink()
    pages = pages_of(persona, world)
    assert len(pages) >= 5, pages
    wrong = []
    for label, viewport in (("390", PHONE), ("1440", DESKTOP)):
        context = browser.new_context(viewport=viewport, locale="en-US")
        context.add_cookies([session_cookie(world[persona.user], live_server)])
        page = context.new_page()
        try:
            for name, url in pages:
                page.goto(live_server.url + url)
                extra = overflow(page)
                if extra > 0:
                    wrong.append(f"{name} at {label} px: {extra} px too wide")
                file_name = re.sub(r"[^a-z0-9-]+", "_", name) + f"-{label}.png"
                page.screenshot(path=str(directory / file_name), full_page=True)
        finally:
            context.close()
    print(f"screenshots of {persona.name}: {directory}")
    return wrong


@pytest.mark.parametrize("persona", [MANAGER, COACH, FIRM_REP, FUNDER_USER], ids=lambda p: p.name)
def test_no_page_of_a_role_scrolls_sideways(browser, live_server, world, persona, screenshot_dir):
    wrong = walk(browser, live_server, world, persona, screenshot_dir)
    assert not wrong, "\n".join(wrong)


def long_word(model, field: str) -> str:
    """One unbroken word as long as the field takes (PostgreSQL refuses longer; 250 characters
    already measure about 2,000 px, wider than any window here)."""
    return "Ä" + "x" * (model._meta.get_field(field).max_length - 1)


LONG_WORD = long_word(Organization, "legal_name")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1440"])
def test_an_unbroken_name_as_long_as_its_field_does_not_widen_the_page(
    browser, live_server, manager_a, cluster_a, viewport, screenshot_dir
):
    firm = OrganizationFactory(
        cluster=cluster_a,
        legal_name=LONG_WORD,
        short_name=long_word(Organization, "short_name"),
    )
    OrganizationFactory(
        cluster=cluster_a, legal_name="Beta Boats AB", city=long_word(Organization, "city")
    )
    PersonFactory(
        cluster=cluster_a,
        first_name=long_word(Person, "first_name"),
        last_name=long_word(Person, "last_name"),
    )
    context = browser.new_context(viewport=viewport, locale="en-US")
    context.add_cookies([session_cookie(manager_a, live_server)])
    page = context.new_page()
    wrong = []
    try:
        for name, url in (
            ("directory", reverse("members:directory")),
            ("organization", firm.get_absolute_url()),
            ("people", reverse("members:person-list")),
        ):
            page.goto(live_server.url + url)
            assert page.locator("main").get_by_text("Äxxxxxxxxxxxxxxxxxxxx").count() >= 1
            if overflow(page) > 0:
                wrong.append(f"{name}: {overflow(page)} px too wide")
            page.screenshot(
                path=str(screenshot_dir / f"long-word-{name}-{viewport['width']}.png"),
                full_page=True,
            )
    finally:
        context.close()
    assert not wrong, wrong

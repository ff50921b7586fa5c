"""Issue 10, point 7: one date format per page, the reader's. In Russian a short date reads
30.11.2026; an ISO date (2026-11-30) beside it on the same page is a template that forced
``|date:"Y-m-d"``. Date inputs keep ISO values (the browser needs them): only the text a
person reads is checked."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from members.services import organization_create
from tests.access.personas import MANAGER, expected
from tests.access.routes import LISTED, PAGE, UNLISTED
from tests.test_access_matrix import EXPECTATIONS

pytestmark = pytest.mark.django_db

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
DOTTED = re.compile(r"\b\d{2}\.\d{2}\.\d{4}\b")


class VisibleText(HTMLParser):
    """The text of a page's <main>, without scripts, styles or attribute values."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.in_main = 0
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main += 1
        if tag in ("script", "style", "template"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main -= 1
        if tag in ("script", "style", "template"):
            self.skip -= 1

    def handle_data(self, data):
        if self.in_main and not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def mixed_formats(html: str) -> tuple[list[str], list[str]] | None:
    text = visible_text(html)
    iso, dotted = ISO.findall(text), DOTTED.findall(text)
    return (iso[:3], dotted[:3]) if iso and dotted else None


def test_the_checker_finds_a_page_with_both_formats():
    page = "<main><p>30.11.2026</p><table><td>2026-11-30</td></table></main>"
    assert mixed_formats(page)
    assert not mixed_formats('<main><input type="date" value="2026-11-30"> 30.11.2026</main>')


def test_the_directory_shows_member_since_in_the_readers_format(client_for, manager_a, cluster_a):
    organization_create(
        cluster=cluster_a,
        data={"legal_name": "Gävle Gaskets AB", "registry_id": "5560001234"},
        membership_status="active",
        status_on=date(2026, 3, 2),
    )
    client = client_for(manager_a)
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    text = visible_text(client.get(reverse("members:directory")).content.decode())
    assert DOTTED.search(text)
    assert not ISO.search(text)


def test_no_page_of_the_manager_mixes_date_formats_in_russian(world):
    client = Client()
    client.force_login(world[MANAGER.user])
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    mixed = []
    for key, route in sorted(EXPECTATIONS.items()):
        if route.access != PAGE or route.method != "get" or " " in key:
            continue
        if expected(route, MANAGER) not in (200, LISTED, UNLISTED):
            continue
        try:
            kwargs = route.kwargs(world)
        except AttributeError:  # the indicators of a data migration, not in every database
            continue
        response = client.get(reverse(key, kwargs=kwargs))
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        found = mixed_formats(response.content.decode())
        if found:
            mixed.append(f"{key}: ISO {found[0]} beside {found[1]}")
    assert not mixed, "\n".join(mixed)

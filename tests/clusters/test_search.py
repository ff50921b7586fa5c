"""Search ignores case and accents on both databases (issue 10, point 7): SQLite's LOWER and
LIKE fold ASCII only, so `GÄVLE` and `калужская` used to find nothing in development."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from clusters.api.search import FoldedSearchFilter
from clusters.filters import TextSearchFilter
from members.models import Organization
from members.services import organization_create
from tests.factories.members import PersonFactory, alliance

pytestmark = pytest.mark.django_db

GAVLE = "Gävle Energi AB"
KALUGA = "Калужская фармацевтика"
SEARCHES = {"GÄVLE": GAVLE, "gavle": GAVLE, "КАЛУЖСКАЯ": KALUGA, "калужская": KALUGA}


@pytest.fixture
def two_firms(cluster_a):
    for number, name in enumerate((GAVLE, KALUGA, "Dalarna Distillery AB")):
        organization_create(
            cluster=cluster_a,
            data={"legal_name": name, "registry_id": f"55900000{number}", "region": name},
            membership_status="active",
            status_on=date(2020, 1, 1),
        )


def test_the_directory_search_ignores_case_and_accents(client_for, manager_a, two_firms):
    client = client_for(manager_a)
    for text, expected in SEARCHES.items():
        response = client.get(reverse("members:directory"), {"q": text})
        found = [organization.legal_name for organization in response.context["organizations"]]
        assert found == [expected], text


def test_the_directory_region_filter_ignores_case_and_accents(client_for, manager_a, two_firms):
    response = client_for(manager_a).get(
        reverse("members:directory"), {"region": "GÄVLE energi ab"}
    )
    assert [organization.legal_name for organization in response.context["organizations"]] == [
        GAVLE
    ]


def test_the_api_search_ignores_case_and_accents(client_for, manager_a, cluster_a, two_firms):
    PersonFactory(cluster=cluster_a, first_name="Ёлка", last_name="Åström")
    alliance(cluster_a, "Калужская фармацевтика abroad", partner_city="Gävle")
    client = client_for(manager_a)
    for text, expected in SEARCHES.items():
        body = client.get(reverse("api:organization-list"), {"q": text}).json()
        assert [row["legal_name"] for row in body["results"]] == [expected], text
    for text in ("ёлка ÅSTRÖM", "ЕЛКА astrom"):
        body = client.get(reverse("api:person-list"), {"search": text}).json()
        assert [row["last_name"] for row in body["results"]] == ["Åström"], text
    for text in ("gavle", "КАЛУЖСКАЯ"):
        body = client.get(reverse("api:alliance-list"), {"search": text}).json()
        assert body["count"] == 1, text


def _views(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "view_class", None) or getattr(
                pattern.callback, "cls", None
            )
            if view is not None:
                yield prefix + str(pattern.pattern), view


def test_every_search_box_and_api_search_folds_case_and_accents(two_firms):
    """The sweep: each list's ``q`` box and each API ``?search=`` compares through the fold,
    so no list is left searching with the database's ASCII-only folding."""
    fold_sql = "lower(unaccent(" if connection.vendor == "postgresql" else "clusterdesk_fold"
    checked = 0
    for route, view in _views(get_resolver()):
        filterset_class = getattr(view, "filterset_class", None)
        queryset = getattr(view, "queryset", None)
        if filterset_class is not None:
            model = filterset_class._meta.model
            for name, filter_ in filterset_class.base_filters.items():
                if isinstance(filter_, TextSearchFilter):
                    found = filter_.filter(model._default_manager.all(), "GÄVLE")
                    assert fold_sql in str(found.query), (route, name)
                    list(found)  # the query runs
                    checked += 1
        if getattr(view, "search_fields", None):
            backends = getattr(view, "filter_backends", [])
            assert FoldedSearchFilter in backends or not any(
                "SearchFilter" in backend.__name__ for backend in backends
            ), route
            if FoldedSearchFilter in backends and queryset is not None:
                found = FoldedSearchFilter().filter_queryset(
                    _request("калужская"), queryset.model._default_manager.all(), view()
                )
                assert fold_sql in str(found.query), route
                list(found)
                checked += 1
    assert checked >= 20


def _request(text: str):
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    return Request(APIRequestFactory().get("/", {"search": text}))


def test_fold_is_the_same_in_python_and_in_the_database(two_firms):
    from clusters.search import Fold, fold

    assert fold("GÄVLE Ёлка Straße") == "gavle елка strasse"
    folded = set(Organization.objects.annotate(f=Fold("legal_name")).values_list("f", flat=True))
    assert {"gavle energi ab", "калужская фармацевтика"} <= folded

"""The member directory: the current cluster's organizations, filtered, sorted, paginated."""

from __future__ import annotations

from datetime import date
from itertools import count

import pytest
from django.urls import reverse

from clusters.middleware import SESSION_KEY
from clusters.models import StaffRole
from members.choices import Helix, MembershipStatus, OrganizationType, SizeClass
from members.services import organization_create
from tests.factories.clusters import ClusterRoleFactory

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("members:directory")
_registry_ids = count(1)


def member(cluster, legal_name: str, *, status=MembershipStatus.ACTIVE, since=None, **fields):
    data = {"legal_name": legal_name, "registry_id": f"559{next(_registry_ids):07d}", **fields}
    return organization_create(
        cluster=cluster,
        data=data,
        membership_status=status,
        status_on=since or date(2020, 1, 1),
    )


def names(response) -> list[str]:
    return [organization.legal_name for organization in response.context["organizations"]]


def test_lists_the_current_clusters_organizations_with_every_column(
    client_for, manager_a, cluster_a, cluster_b
):
    sealing = member(
        cluster_a,
        "Gävle Sealing Technology AB",
        short_name="Gävle Sealing",
        employees=8,
        region="Gävleborg",
        city="Gävle",
        sectors="C22.19",
        org_type=OrganizationType.MICRO_FIRM,
        since=date(2015, 3, 1),
    )
    member(cluster_b, "Kaluga Pharma Plant")
    response = client_for(manager_a).get(DIRECTORY)
    assert response.status_code == 200
    assert names(response) == ["Gävle Sealing Technology AB"]
    page = response.content.decode()
    for text in (
        "Gävle Sealing",
        sealing.registry_id,
        "Industry",
        "Micro-firm",
        "Micro",
        "Gävleborg",
        "C22.19",
        "Active",
        "2015-03-01",
        sealing.get_absolute_url(),
        reverse("members:import"),
    ):
        assert text in page, text
    assert "Kaluga" not in page


def test_the_current_cluster_decides_not_every_cluster_the_user_sees(
    client_for, manager_a, cluster_a, cluster_b
):
    ClusterRoleFactory(cluster=cluster_b, user=manager_a, role=StaffRole.MANAGER)
    member(cluster_a, "Alpha Firm AB")
    member(cluster_b, "Beta Firm LLC")
    client = client_for(manager_a)
    assert names(client.get(DIRECTORY)) == ["Alpha Firm AB"]
    session = client.session
    session[SESSION_KEY] = cluster_b.pk
    session.save()
    assert names(client.get(DIRECTORY)) == ["Beta Firm LLC"]


def test_filters_narrow_the_list(client_for, viewer_a, cluster_a):
    member(
        cluster_a,
        "Högskolan i Gävle",
        helix=Helix.ACADEMIA,
        org_type=OrganizationType.UNIVERSITY,
        employees=850,
        region="Gävleborg",
        city="Gävle",
        sectors="P85.42",
    )
    member(
        cluster_a,
        "GeoVista Analytics AB",
        short_name="GeoVista",
        org_type=OrganizationType.MICRO_FIRM,
        employees=4,
        region="Gävleborg",
        sectors="J62.01, M71.12",
    )
    member(
        cluster_a,
        "Sensorhuset i Dalarna AB",
        org_type=OrganizationType.STARTUP,
        employees=3,
        region="Dalarna",
        sectors="C26.51",
        status=MembershipStatus.APPLIED,
    )
    client = client_for(viewer_a)
    cases = {
        "helix=academia": ["Högskolan i Gävle"],
        "org_type=startup": ["Sensorhuset i Dalarna AB"],
        "size_class=large": ["Högskolan i Gävle"],
        f"size_class={SizeClass.MICRO}": ["GeoVista Analytics AB", "Sensorhuset i Dalarna AB"],
        "region=dalarna": ["Sensorhuset i Dalarna AB"],
        "sector=M71": ["GeoVista Analytics AB"],
        "membership_status=applied": ["Sensorhuset i Dalarna AB"],
        "q=geovista": ["GeoVista Analytics AB"],
        "helix=industry&region=Gävleborg": ["GeoVista Analytics AB"],
    }
    for query, expected in cases.items():
        assert names(client.get(f"{DIRECTORY}?{query}")) == expected, query


def test_column_headers_sort_and_toggle_the_direction(client_for, manager_a, cluster_a):
    member(cluster_a, "Beta AB", employees=40, region="Värmland", since=date(2012, 1, 1))
    member(cluster_a, "Alfa AB", employees=3, region="Dalarna", since=date(2019, 5, 1))
    member(cluster_a, "Gamma AB", employees=8, region="Gävleborg", since=date(2015, 3, 1))
    client = client_for(manager_a)

    default = client.get(DIRECTORY)
    assert names(default) == ["Alfa AB", "Beta AB", "Gamma AB"]
    assert 'aria-sort="ascending"><a href="?ordering=-name">' in default.content.decode()

    by_employees = client.get(DIRECTORY, {"ordering": "-employees", "helix": "industry"})
    assert names(by_employees) == ["Beta AB", "Gamma AB", "Alfa AB"]
    page = by_employees.content.decode()
    # Clicking the active header flips the direction and keeps the filters.
    assert 'aria-sort="descending"><a href="?ordering=employees&amp;helix=industry">' in page

    assert names(client.get(DIRECTORY, {"ordering": "region"})) == [
        "Alfa AB",
        "Gamma AB",
        "Beta AB",
    ]
    assert names(client.get(DIRECTORY, {"ordering": "-member_since"})) == [
        "Alfa AB",
        "Gamma AB",
        "Beta AB",
    ]


def test_pages_of_25_whose_links_keep_the_filters(client_for, manager_a, cluster_a):
    for number in range(30):
        member(cluster_a, f"Dala Firm {number:02d} AB", region="Dalarna")
    member(cluster_a, "Gävle Firm AB", region="Gävleborg")
    client = client_for(manager_a)

    first = client.get(DIRECTORY, {"region": "Dalarna", "ordering": "-name"})
    assert first.context["is_paginated"]
    assert len(first.context["organizations"]) == 25
    assert names(first)[0] == "Dala Firm 29 AB"
    page = first.content.decode()
    assert 'href="?region=Dalarna&amp;ordering=-name&amp;page=2"' in page
    assert "31 organizations" not in page and "30 organizations" in page

    second = client.get(DIRECTORY, {"region": "Dalarna", "ordering": "-name", "page": 2})
    assert names(second) == [f"Dala Firm {n:02d} AB" for n in range(4, -1, -1)]


def test_export_links_carry_the_filters_but_not_the_page(client_for, manager_a, cluster_a):
    for number in range(26):
        member(cluster_a, f"Firm {number:02d} AB", helix=Helix.INDUSTRY)
    page = (
        client_for(manager_a)
        .get(DIRECTORY, {"helix": "industry", "q": "Firm", "page": 2})
        .content.decode()
    )
    csv_url = reverse("members:directory-export", args=["csv"])
    xlsx_url = reverse("members:directory-export", args=["xlsx"])
    assert f'href="{csv_url}?helix=industry&amp;q=Firm"' in page
    assert f'href="{xlsx_url}?helix=industry&amp;q=Firm"' in page


def test_empty_states_tell_an_empty_cluster_from_an_empty_search(
    client_for, manager_a, viewer_a, cluster_a
):
    empty = client_for(manager_a).get(DIRECTORY).content.decode()
    assert "This cluster has no organizations yet." in empty
    assert reverse("members:import") in empty

    member(cluster_a, "Alpha Sealing AB")
    nothing = client_for(viewer_a).get(DIRECTORY, {"q": "zzz"}).content.decode()
    assert "No organization matches these filters." in nothing


def test_viewers_read_the_directory_but_are_not_offered_the_import(client_for, viewer_a, cluster_a):
    member(cluster_a, "Alpha Sealing AB")
    response = client_for(viewer_a).get(DIRECTORY)
    assert names(response) == ["Alpha Sealing AB"]
    assert reverse("members:import") not in response.content.decode()


def test_a_coach_sees_no_member_data(client_for, coach_a, cluster_a):
    member(cluster_a, "Alpha Sealing AB")
    response = client_for(coach_a).get(DIRECTORY)
    assert response.status_code == 200
    assert names(response) == []


def test_a_firm_representative_has_no_directory(client_for, firm_rep_a):
    assert client_for(firm_rep_a).get(DIRECTORY).status_code == 404


def test_directory_query_budget(client_for, manager_a, cluster_a, django_assert_max_num_queries):
    for number in range(30):
        member(cluster_a, f"Firm {number:02d} AB", employees=number, region="Gävleborg")
    client = client_for(manager_a)
    # session, user, the current cluster, count for the paginator, the user's staff roles (may
    # they import?), the switcher's clusters, the page of organizations with their memberships
    # (one join): 7 queries whatever the number of rows.
    with django_assert_max_num_queries(7):
        response = client.get(DIRECTORY, {"ordering": "-employees"})
    assert len(response.context["organizations"]) == 25

"""API reads are cached per user until the data changes: a repeated list skips its queries, any
write shows on the next read, and no user is ever served another's answer."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusters.models import StaffRole
from members.models import Organization
from tests.factories.clusters import ClusterRoleFactory, UserFactory
from tests.factories.members import OrganizationFactory

URL = "/api/v1/organizations/"
pytestmark = pytest.mark.django_db


def names(response) -> set[str]:
    return {row["legal_name"] for row in response.json()["results"]}


def test_a_repeated_list_is_answered_without_reading_the_table_again(
    client_for, manager_a, cluster_a
):
    OrganizationFactory(cluster=cluster_a, legal_name="Alpha AB")
    client = client_for(manager_a)
    first = client.get(URL)

    with CaptureQueriesContext(connection) as again:
        second = client.get(URL)

    assert second.json() == first.json()
    assert not any("members_organization" in q["sql"] for q in again.captured_queries)


def test_a_write_shows_on_the_next_read(client_for, manager_a, cluster_a):
    firm = OrganizationFactory(cluster=cluster_a, legal_name="Alpha AB")
    client = client_for(manager_a)
    assert names(client.get(URL)) == {"Alpha AB"}

    firm.legal_name = "Alpha Renamed AB"
    firm.save()
    assert names(client.get(URL)) == {"Alpha Renamed AB"}

    OrganizationFactory(cluster=cluster_a, legal_name="Beta AB")
    assert names(client.get(URL)) == {"Alpha Renamed AB", "Beta AB"}


def test_a_bulk_write_that_sends_no_signal_shows_once_it_says_so(client_for, manager_a, cluster_a):
    from clusters.read_cache import data_changed

    OrganizationFactory(cluster=cluster_a, legal_name="Alpha AB")
    client = client_for(manager_a)
    client.get(URL)
    Organization.objects.filter(cluster=cluster_a).update(legal_name="Bulk AB")

    data_changed()

    assert names(client.get(URL)) == {"Bulk AB"}


def test_each_user_gets_their_own_answer(client_for, manager_a, manager_b, cluster_a, cluster_b):
    OrganizationFactory(cluster=cluster_a, legal_name="Alpha AB")
    OrganizationFactory(cluster=cluster_b, legal_name="Beta LLC")

    assert names(client_for(manager_a).get(URL)) == {"Alpha AB"}
    assert names(client_for(manager_b).get(URL)) == {"Beta LLC"}


def test_losing_a_role_ends_access_at_once_not_when_the_cache_expires(client_for, cluster_a):
    role = ClusterRoleFactory(
        cluster=cluster_a, role=StaffRole.MANAGER, user=UserFactory(email="leaving@example.org")
    )
    OrganizationFactory(cluster=cluster_a, legal_name="Alpha AB")
    client = client_for(role.user)
    assert names(client.get(URL)) == {"Alpha AB"}

    role.delete()

    assert names(client.get(URL)) == set()


def test_a_refusal_is_not_cached(client_for, manager_a, cluster_a, cluster_b):
    firm = OrganizationFactory(cluster=cluster_b, legal_name="Beta LLC")
    client = client_for(manager_a)
    assert client.get(f"{URL}{firm.pk}/").status_code == 404

    # Moved without a signal: only an uncached refusal lets the next read see it.
    Organization.objects.filter(pk=firm.pk).update(cluster=cluster_a)

    assert client.get(f"{URL}{firm.pk}/").status_code == 200


def test_with_the_cache_off_every_read_queries(client_for, manager_a, cluster_a, settings):
    settings.API_CACHE_SECONDS = 0
    OrganizationFactory(cluster=cluster_a, legal_name="Alpha AB")
    client = client_for(manager_a)
    client.get(URL)

    with CaptureQueriesContext(connection) as again:
        client.get(URL)

    assert any("members_organization" in q["sql"] for q in again.captured_queries)

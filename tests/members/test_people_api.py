"""People and affiliations over /api/v1/."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clusters.models import StaffRole
from members.models import Affiliation, Person
from members.services import affiliation_save, person_save
from tests.factories.clusters import ClusterRoleFactory, UserFactory
from tests.factories.members import OrganizationFactory

pytestmark = pytest.mark.django_db


def make_person(cluster, first: str = "Ann", last: str = "Alpha", **extra) -> Person:
    return person_save(cluster=cluster, data={"first_name": first, "last_name": last, **extra})


@pytest.fixture
def ann(cluster_a):
    return make_person(cluster_a, email="ann@alpha.example")


def test_manager_creates_a_person_in_a_cluster_named_by_slug(client_for, manager_a, cluster_a):
    account = ClusterRoleFactory(
        cluster=cluster_a, role=StaffRole.VIEWER, user=UserFactory(email="karin@example.org")
    ).user
    response = client_for(manager_a).post(
        reverse("api:person-list"),
        {
            "cluster": "alpha",
            "first_name": "Karin",
            "last_name": "Ek",
            "consent": True,
            "consent_on": "2024-01-15",
            "user": "karin@example.org",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["cluster"] == "alpha"
    assert response.json()["user"] == "karin@example.org"
    person = Person.objects.get(pk=response.json()["id"])
    assert (person.cluster, person.user) == (cluster_a, account)


def test_the_api_links_no_account_of_another_cluster_and_tells_no_one_it_exists(
    client_for, manager_a, manager_b, ann
):
    client = client_for(manager_a)
    url = reverse("api:person-detail", args=[ann.pk])
    answers = [
        client.patch(url, {"user": email}, content_type="application/json")
        for email in (manager_b.email, "nobody@example.org")
    ]
    assert [answer.status_code for answer in answers] == [400, 400]
    assert answers[0].json() == answers[1].json()
    ann.refresh_from_db()
    assert ann.user is None


def test_a_cluster_the_caller_cannot_see_does_not_exist(client_for, manager_a, cluster_b):
    response = client_for(manager_a).post(
        reverse("api:person-list"),
        {"cluster": "beta", "first_name": "Olga", "last_name": "Petrova"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "does not exist" in str(response.json()["cluster"])
    assert not Person.objects.exists()


def test_consent_without_a_date_is_a_400_at_the_field(client_for, manager_a, cluster_a):
    response = client_for(manager_a).post(
        reverse("api:person-list"),
        {"cluster": "alpha", "first_name": "Karin", "last_name": "Ek", "consent": True},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"consent_on": ["Say when the consent was given."]}
    assert not Person.objects.exists()


def test_viewer_cannot_create_or_change_people_and_is_told_why(
    client_for, viewer_a, cluster_a, ann
):
    client = client_for(viewer_a)
    create = client.post(
        reverse("api:person-list"),
        {"cluster": "alpha", "first_name": "Karin", "last_name": "Ek"},
        content_type="application/json",
    )
    assert create.status_code == 403
    assert "administrators and managers" in create.json()["detail"]
    update = client.patch(
        reverse("api:person-detail", args=[ann.pk]),
        {"last_name": "Changed"},
        content_type="application/json",
    )
    assert update.status_code == 403
    assert Person.objects.get().last_name == "Alpha"
    assert client.get(reverse("api:person-detail", args=[ann.pk])).status_code == 200


def test_manager_updates_a_person_who_stays_in_their_cluster(
    client_for, manager_a, cluster_a, cluster_b, ann
):
    response = client_for(manager_a).patch(
        reverse("api:person-detail", args=[ann.pk]),
        {"phone": "+46 26 100 000", "cluster": "beta"},
        content_type="application/json",
    )
    assert response.status_code == 200
    ann.refresh_from_db()
    assert ann.phone == "+46 26 100 000"
    assert ann.cluster == cluster_a


def test_people_are_searched_and_filtered_by_cluster(client_for, manager_a, cluster_a, ann):
    make_person(cluster_a, "Karin", "Ek", email="karin@gavle.example")
    client = client_for(manager_a)
    found = client.get(reverse("api:person-list"), {"search": "gavle"}).json()
    assert [p["last_name"] for p in found["results"]] == ["Ek"]
    in_alpha = client.get(reverse("api:person-list"), {"cluster": "alpha"}).json()
    assert in_alpha["count"] == 2


def test_manager_of_another_cluster_gets_404_and_nothing_changes(client_for, manager_b, ann):
    client = client_for(manager_b)
    assert client.get(reverse("api:person-detail", args=[ann.pk])).status_code == 404
    response = client.patch(
        reverse("api:person-detail", args=[ann.pk]),
        {"last_name": "Changed"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert Person.objects.get().last_name == "Alpha"
    assert client.get(reverse("api:person-list")).json()["count"] == 0


def test_people_are_never_deleted_over_the_api(client_for, manager_a, ann):
    response = client_for(manager_a).delete(reverse("api:person-detail", args=[ann.pk]))
    assert response.status_code == 405
    assert Person.objects.filter(pk=ann.pk).exists()


def test_a_person_with_an_account_reads_only_their_own_record(client_for, cluster_a, ann):
    user = UserFactory()
    me = make_person(cluster_a, "Rustam", "Galiev", user=user)
    client = client_for(user)
    assert [p["id"] for p in client.get(reverse("api:person-list")).json()["results"]] == [me.pk]
    assert client.get(reverse("api:person-detail", args=[ann.pk])).status_code == 404


# Affiliations -------------------------------------------------------------------------------


def test_manager_adds_an_affiliation_and_filters_by_person(client_for, manager_a, cluster_a, ann):
    organization = OrganizationFactory(cluster=cluster_a)
    client = client_for(manager_a)
    response = client.post(
        reverse("api:affiliation-list"),
        {
            "person": ann.pk,
            "organization": organization.pk,
            "title": "CEO",
            "share_of_time": "60.00",
            "start": "2020-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    other = make_person(cluster_a, "Bo", "Beta")
    affiliation_save(person=other, data={"organization": organization})
    listed = client.get(reverse("api:affiliation-list"), {"person": ann.pk}).json()
    assert [a["id"] for a in listed["results"]] == [response.json()["id"]]
    assert listed["results"][0]["share_of_time"] == "60.00"


def test_an_affiliation_ending_before_it_starts_is_a_400_at_the_field(
    client_for, manager_a, cluster_a, ann
):
    organization = OrganizationFactory(cluster=cluster_a)
    response = client_for(manager_a).post(
        reverse("api:affiliation-list"),
        {
            "person": ann.pk,
            "organization": organization.pk,
            "start": "2024-01-01",
            "end": "2023-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"end": ["The end comes before the start."]}
    assert not Affiliation.objects.exists()


def test_an_affiliation_over_100_percent_is_a_400_at_the_field(
    client_for, manager_a, cluster_a, ann
):
    organization = OrganizationFactory(cluster=cluster_a)
    response = client_for(manager_a).post(
        reverse("api:affiliation-list"),
        {"person": ann.pk, "organization": organization.pk, "share_of_time": "150"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["share_of_time"]
    assert not Affiliation.objects.exists()


def test_an_organization_of_another_cluster_does_not_exist(client_for, manager_a, cluster_b, ann):
    foreign = OrganizationFactory(cluster=cluster_b)
    response = client_for(manager_a).post(
        reverse("api:affiliation-list"),
        {"person": ann.pk, "organization": foreign.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "does not exist" in str(response.json()["organization"])
    assert not Affiliation.objects.exists()


def test_manager_of_another_cluster_cannot_add_an_affiliation_to_a_person_they_cannot_see(
    client_for, manager_b, cluster_b, ann
):
    organization = OrganizationFactory(cluster=cluster_b)
    response = client_for(manager_b).post(
        reverse("api:affiliation-list"),
        {"person": ann.pk, "organization": organization.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "does not exist" in str(response.json()["person"])
    assert not Affiliation.objects.exists()


def test_people_api_list_query_budget(
    client_for, manager_a, cluster_a, django_assert_max_num_queries
):
    for number in range(10):
        make_person(cluster_a, "P", f"Person{number}", user=UserFactory())
    client = client_for(manager_a)
    # session, user, count, the page of people with cluster and user account.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("api:person-list"))
    assert response.json()["count"] == 10

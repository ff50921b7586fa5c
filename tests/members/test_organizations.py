from decimal import Decimal

import pytest
from django.urls import reverse

from members.models import Organization
from members.services import organization_create, organization_update
from tests.factories.members import OrganizationFactory

pytestmark = pytest.mark.django_db

GOOD_FORM = {
    "legal_name": "Gävle Sealing Technology AB",
    "short_name": "Gävle Sealing",
    "registry_id": "556677-1234",
    "helix": "industry",
    "org_type": "micro_firm",
    "employees": "8",
    "turnover": "14500000",
    "balance_sheet": "",
    "currency": "SEK",
    "figures_year": "2024",
    "sectors": "C22.19",
    "country": "SE",
    "region": "Gävleborg",
    "city": "Gävle",
    "website": "",
    "parent": "",
    "membership_status": "active",
    "status_on": "2024-01-01",
}


def test_manager_adds_an_organization_in_the_browser(client_for, manager_a, cluster_a):
    response = client_for(manager_a).post(reverse("members:organization-create"), GOOD_FORM)
    assert response.status_code == 302
    organization = Organization.objects.get(registry_id="556677-1234")
    assert organization.cluster == cluster_a
    assert organization.size_class == "micro"
    assert organization.membership.status == "active"
    page = client_for(manager_a).get(response["Location"]).content.decode()
    assert "Gävle Sealing Technology AB" in page
    assert "Micro" in page


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("employees", "-1"),
        ("turnover", "-5"),
        ("country", "XX"),
        ("sectors", "plastics"),
        ("currency", "XYZ"),
    ],
)
def test_bad_input_is_shown_at_the_field_and_nothing_is_written(
    client_for, manager_a, field, value
):
    response = client_for(manager_a).post(
        reverse("members:organization-create"), {**GOOD_FORM, field: value}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Organization.objects.exists()


def test_duplicate_registry_id_is_refused_at_the_field(client_for, manager_a, cluster_a):
    OrganizationFactory(cluster=cluster_a, registry_id="556677-1234")
    response = client_for(manager_a).post(reverse("members:organization-create"), GOOD_FORM)
    assert response.status_code == 200
    assert "registry id" in str(response.context["form"].errors["registry_id"])
    assert Organization.objects.count() == 1


def test_the_same_registry_id_may_exist_in_another_cluster(client_for, manager_a, cluster_b):
    OrganizationFactory(cluster=cluster_b, registry_id="556677-1234")
    response = client_for(manager_a).post(reverse("members:organization-create"), GOOD_FORM)
    assert response.status_code == 302


def test_edit_is_audited_with_who_and_what(client_for, manager_a, cluster_a):
    organization = organization_create(
        cluster=cluster_a, data={"legal_name": "Old name AB", "registry_id": "1"}
    )
    form = {**GOOD_FORM, "legal_name": "New name AB", "registry_id": "1"}
    form.pop("membership_status")
    form.pop("status_on")
    client = client_for(manager_a)
    response = client.post(reverse("members:organization-edit", args=[organization.pk]), form)
    assert response.status_code == 302
    page = client.get(organization.get_absolute_url()).content.decode()
    assert "Old name AB" in page and "New name AB" in page
    assert manager_a.email in page or str(manager_a) in page


def test_firm_representative_sees_only_its_own_organization(client_for, firm_a, firm_rep_a):
    other = OrganizationFactory(cluster=firm_a.cluster)
    client = client_for(firm_rep_a)
    assert client.get(firm_a.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(reverse("members:organization-edit", args=[firm_a.pk])).status_code == 403


def test_coach_sees_no_member_data_without_an_assignment(client_for, coach_a, firm_a):
    assert client_for(coach_a).get(firm_a.get_absolute_url()).status_code == 404


def test_organization_page_query_budget(
    client_for, manager_a, cluster_a, django_assert_max_num_queries
):
    organization = organization_create(
        cluster=cluster_a,
        data={"legal_name": "Budget AB", "registry_id": "1", "employees": 4},
        membership_status="active",
    )
    client = client_for(manager_a)
    # session, user, current cluster, switcher, organization (+membership, parent), roles,
    # affiliations, subsidiaries, transitions, transition history (2), fees, history (2).
    with django_assert_max_num_queries(16):
        assert client.get(organization.get_absolute_url()).status_code == 200


class TestApi:
    def test_create_validates_and_answers_field_errors(self, client_for, manager_a, cluster_a):
        client = client_for(manager_a)
        url = reverse("api:organization-list")
        bad = client.post(
            url,
            {
                "cluster": "alpha",
                "legal_name": "X",
                "registry_id": "9",
                "employees": -3,
                "country": "XX",
                "turnover": "-1",
            },
            content_type="application/json",
        )
        assert bad.status_code == 400
        assert {"employees", "country", "turnover"} <= set(bad.json())
        assert not Organization.objects.exists()
        good = client.post(
            url,
            {
                "cluster": "alpha",
                "legal_name": "Tiny AB",
                "registry_id": "9",
                "employees": 3,
                "turnover": "100000.00",
                "membership_status": "active",
            },
            content_type="application/json",
        )
        assert good.status_code == 201, good.content
        assert good.json()["size_class"] == "micro"
        assert good.json()["membership_status"] == "active"
        again = client.post(
            url,
            {"cluster": "alpha", "legal_name": "Copy AB", "registry_id": "9"},
            content_type="application/json",
        )
        assert again.status_code == 400
        assert "registry_id" in again.json()

    def test_create_in_another_cluster_is_refused(self, client_for, manager_a, cluster_b):
        response = client_for(manager_a).post(
            reverse("api:organization-list"),
            {"cluster": "beta", "legal_name": "X", "registry_id": "1"},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert "cluster" in response.json()
        assert not Organization.objects.exists()

    def test_viewer_cannot_create(self, client_for, viewer_a):
        response = client_for(viewer_a).post(
            reverse("api:organization-list"),
            {"cluster": "alpha", "legal_name": "X", "registry_id": "1"},
            content_type="application/json",
        )
        assert response.status_code == 403

    def test_list_filters_like_the_directory(self, client_for, manager_a, cluster_a, cluster_b):
        OrganizationFactory(cluster=cluster_a, legal_name="Uni", helix="academia")
        OrganizationFactory(cluster=cluster_a, legal_name="Firm", helix="industry")
        OrganizationFactory(cluster=cluster_b, legal_name="Other uni", helix="academia")
        body = client_for(manager_a).get(reverse("api:organization-list"), {"helix": "academia"})
        assert [row["legal_name"] for row in body.json()["results"]] == ["Uni"]

    def test_patch_updates_and_rederives_the_size_class(self, client_for, manager_a, cluster_a):
        organization = organization_create(
            cluster=cluster_a,
            data={"legal_name": "A", "registry_id": "1", "employees": 3, "turnover": Decimal(1)},
        )
        response = client_for(manager_a).patch(
            reverse("api:organization-detail", args=[organization.pk]),
            {"employees": 60},
            content_type="application/json",
        )
        assert response.status_code == 200
        assert response.json()["size_class"] == "medium"

    def test_list_query_budget(
        self, client_for, manager_a, cluster_a, django_assert_max_num_queries
    ):
        OrganizationFactory.create_batch(20, cluster=cluster_a)
        client = client_for(manager_a)
        # session, user, count, page with cluster and membership joined.
        with django_assert_max_num_queries(4):
            client.get(reverse("api:organization-list"))


def test_directory_sorts_size_classes_from_micro_to_large(client_for, manager_a, cluster_a):
    for registry_id, employees in (("big", 900), ("tiny", 3), ("mid", 100), ("small", 20)):
        organization_create(
            cluster=cluster_a,
            data={"legal_name": registry_id, "registry_id": registry_id, "employees": employees},
        )
    body = client_for(manager_a).get(reverse("api:organization-list"), {"ordering": "size_class"})
    assert [row["size_class"] for row in body.json()["results"]] == [
        "micro",
        "small",
        "medium",
        "large",
    ]


def test_sector_filter_finds_a_code_written_without_a_space(client_for, manager_a, cluster_a):
    organization_create(
        cluster=cluster_a,
        data={"legal_name": "Geo", "registry_id": "1", "sectors": "j62.01,M71.12"},
    )
    body = client_for(manager_a).get(reverse("api:organization-list"), {"sector": "M71"})
    assert [row["sectors"] for row in body.json()["results"]] == ["J62.01, M71.12"]


def test_history_names_related_objects_and_choice_labels(client_for, manager_a, cluster_a):
    parent = organization_create(
        cluster=cluster_a, data={"legal_name": "Parent Holding AB", "registry_id": "p"}
    )
    child = organization_create(
        cluster=cluster_a, data={"legal_name": "Child AB", "registry_id": "c"}
    )
    organization_update(organization=child, data={"parent": parent, "helix": "academia"})
    page = client_for(manager_a).get(child.get_absolute_url()).content.decode()
    assert "<ins>Parent Holding AB</ins>" in page
    assert "<ins>Academia</ins>" in page

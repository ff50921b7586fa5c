import pytest
from django.urls import reverse

from accounts.services import api_token_create
from members.services.memberships import membership_start
from tests.factories.clusters import UserFactory
from tests.factories.members import OrganizationFactory

pytestmark = pytest.mark.django_db


def cards(response) -> dict[str, int]:
    return {str(card.label): card.count for card in response.context["dashboard"].cards}


def test_dashboard_counts_what_exists_in_the_current_cluster(
    client_for, manager_a, coach_a, cluster_a, cluster_b
):
    for organization in OrganizationFactory.create_batch(3, cluster=cluster_a):
        membership_start(organization=organization, status="active", on=None, actor=None)
    applicant = OrganizationFactory(cluster=cluster_a)
    membership_start(organization=applicant, status="applied", on=None, actor=None)
    # A project participant without a membership is not a member either.
    OrganizationFactory(cluster=cluster_a)
    OrganizationFactory.create_batch(5, cluster=cluster_b)
    api_token_create(user=manager_a, name="one")
    response = client_for(manager_a).get(reverse("home"))
    assert cards(response) == {
        "Clusters you work in": 1,
        "Member organizations": 3,
        "Staff in this cluster": 2,
        "Funders": 0,
        "Your active API tokens": 1,
    }
    assert "Alpha Cluster" in response.content.decode()


def test_firm_representative_sees_its_own_organization(client_for, firm_rep_a):
    page = client_for(firm_rep_a).get(reverse("home")).content.decode()
    assert "Organizations you represent" in page
    assert "Alpha Sealing AB" in page


def test_user_without_any_role_sees_an_empty_state(client_for):
    page = client_for(UserFactory()).get(reverse("home")).content.decode()
    assert "You are not part of any cluster yet" in page


def test_funder_user_sees_its_funder(client_for, funder_user):
    page = client_for(funder_user).get(reverse("home")).content.decode()
    assert funder_user.funder_link.funder.name in page
    assert "You are not part of any cluster yet" not in page


def test_dashboard_query_budget(client_for, manager_a, cluster_a, django_assert_max_num_queries):
    OrganizationFactory.create_batch(10, cluster=cluster_a)
    client = client_for(manager_a)
    # session, user, current cluster, switcher clusters, cluster count, member count (by
    # membership status), staff count, funder count, token count, represented organizations,
    # the user's funder, the user's staff roles (for the navigation).
    with django_assert_max_num_queries(13):
        assert client.get(reverse("home")).status_code == 200


def test_error_pages_are_friendly(client_for, manager_a):
    response = client_for(manager_a).get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find this page" in response.content.decode()

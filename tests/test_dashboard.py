import pytest
from django.urls import reverse

from accounts.services import api_token_create
from tests.factories.clusters import UserFactory
from tests.factories.members import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_manager_home_shows_the_cluster_and_no_counts_of_what_exists(
    client_for, manager_a, cluster_a, cluster_b
):
    """The home page used to count clusters, members, staff, funders and API tokens; it now
    shows the work waiting (tests/reports/test_home.py), so none of those counters remain."""
    OrganizationFactory.create_batch(3, cluster=cluster_a)
    api_token_create(user=manager_a, name="one")
    response = client_for(manager_a).get(reverse("home"))
    page = response.content.decode()
    assert "Alpha Cluster" in page
    assert "dashboard" not in response.context
    for counter in ("Clusters you work in", "Member organizations", "Your active API tokens"):
        assert counter not in page


def test_firm_representative_lands_on_its_portal(client_for, firm_rep_a):
    response = client_for(firm_rep_a).get(reverse("home"))
    assert "portal" in response.context
    assert response.context["portal"].organizations[0].legal_name == "Alpha Sealing AB"


def test_user_without_any_role_sees_an_empty_state(client_for):
    page = client_for(UserFactory()).get(reverse("home")).content.decode()
    assert "You are not part of any cluster yet" in page


def test_funder_user_sees_its_funder(client_for, funder_user):
    page = client_for(funder_user).get(reverse("home")).content.decode()
    assert funder_user.funder_link.funder.name in page
    assert "You are not part of any cluster yet" not in page


def test_error_pages_are_friendly(client_for, manager_a):
    response = client_for(manager_a).get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find this page" in response.content.decode()

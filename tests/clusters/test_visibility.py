import pytest

from clusters.models import Cluster, Funder
from clusters.permissions import can_administer_cluster, can_manage_cluster
from members.models import Organization
from tests.factories.clusters import FunderFactory, UserFactory
from tests.factories.members import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_staff_see_only_their_own_clusters(cluster_a, cluster_b, manager_a, manager_b):
    assert list(Cluster.objects.visible_to(manager_a)) == [cluster_a]
    assert list(Cluster.objects.visible_to(manager_b)) == [cluster_b]


def test_superuser_sees_every_cluster(cluster_a, cluster_b):
    admin = UserFactory(is_superuser=True)
    assert set(Cluster.objects.visible_to(admin)) == {cluster_a, cluster_b}


def test_anonymous_and_deactivated_users_see_nothing(cluster_a, manager_a):
    from django.contrib.auth.models import AnonymousUser

    assert not Cluster.objects.visible_to(AnonymousUser()).exists()
    manager_a.is_active = False
    assert not Cluster.objects.visible_to(manager_a).exists()


def test_firm_representative_sees_only_its_own_organization(firm_a, firm_rep_a, cluster_a):
    OrganizationFactory(cluster=cluster_a, legal_name="Competitor AB")
    assert list(Organization.objects.visible_to(firm_rep_a)) == [firm_a]
    assert not Cluster.objects.visible_to(firm_rep_a).exists()


def test_cluster_staff_see_every_organization_of_their_cluster(firm_a, manager_a, cluster_b):
    OrganizationFactory(cluster=cluster_b)
    assert list(Organization.objects.visible_to(manager_a)) == [firm_a]


def test_funder_user_sees_only_its_own_funder(funder_user, manager_a):
    other = FunderFactory(name="Other funder")
    own = funder_user.funder_link.funder
    assert list(Funder.objects.visible_to(funder_user)) == [own]
    assert set(Funder.objects.visible_to(manager_a)) == {own, other}


def test_permission_rules_follow_the_role_and_say_why(
    cluster_a, admin_a, manager_a, coach_a, viewer_a, manager_b
):
    assert can_manage_cluster(manager_a, cluster_a)
    assert can_manage_cluster(admin_a, cluster_a)
    for user in (coach_a, viewer_a):
        decision = can_manage_cluster(user, cluster_a)
        assert not decision and "administrators and managers" in str(decision.reason)

    assert can_administer_cluster(admin_a, cluster_a)
    assert not can_administer_cluster(manager_a, cluster_a)

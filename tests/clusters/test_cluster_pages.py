import pytest
from django.urls import reverse

from clusters.models import Cluster, ClusterRole, StaffRole
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def edit_data(cluster: Cluster, **changes) -> dict:
    data = {
        "name": cluster.name,
        "country": str(cluster.country),
        "region": cluster.region,
        "city": cluster.city,
        "sectors": cluster.sectors,
        "legal_form": cluster.legal_form,
        "founded": cluster.founded or "",
        "website": cluster.website,
        "description": cluster.description,
    }
    return {**data, **changes}


def test_manager_edits_the_cluster_and_the_change_is_in_its_history(
    client_for, manager_a, cluster_a
):
    client = client_for(manager_a)
    response = client.post(
        reverse("clusters:edit", args=[cluster_a.slug]), edit_data(cluster_a, city="Sandviken")
    )
    assert response.status_code == 302
    cluster_a.refresh_from_db()
    assert cluster_a.city == "Sandviken"
    page = client.get(cluster_a.get_absolute_url()).content.decode()
    assert "Sandviken" in page
    assert manager_a.email in page  # who changed it, from the audit history


def test_bad_input_is_shown_at_the_field_and_nothing_is_saved(client_for, manager_a, cluster_a):
    response = client_for(manager_a).post(
        reverse("clusters:edit", args=[cluster_a.slug]),
        edit_data(cluster_a, founded="1200", country="XX", city="Nowhere"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "founded" in form.errors
    assert "country" in form.errors
    assert 'class="field-errors"' in response.content.decode()
    cluster_a.refresh_from_db()
    assert cluster_a.city != "Nowhere"


def test_viewer_cannot_edit_and_is_told_why(client_for, viewer_a, cluster_a):
    response = client_for(viewer_a).get(reverse("clusters:edit", args=[cluster_a.slug]))
    assert response.status_code == 403
    assert "administrators and managers" in response.content.decode()


def test_cluster_list_searches_and_paginates(client_for, cluster_a):
    admin = UserFactory(is_superuser=True)
    ClusterFactory.create_batch(30, city="Kazan")
    client = client_for(admin)
    first_page = client.get(reverse("clusters:list"))
    assert first_page.context["is_paginated"]
    assert len(first_page.context["cluster_list"]) == 25
    found = client.get(reverse("clusters:list"), {"q": "Alpha"})
    assert [c.slug for c in found.context["cluster_list"]] == ["alpha"]
    nothing = client.get(reverse("clusters:list"), {"q": "zzz"})
    assert "No cluster matches" in nothing.content.decode()


def test_cluster_list_query_budget(client_for, manager_a, django_assert_max_num_queries):
    client = client_for(manager_a)
    # session + user, staff roles of the user for the switcher, current cluster, count for the
    # paginator, the page of clusters.
    with django_assert_max_num_queries(7):
        assert client.get(reverse("clusters:list")).status_code == 200


def test_admin_gives_and_withdraws_staff_roles(client_for, admin_a, cluster_a, manager_b):
    client = client_for(admin_a)
    response = client.post(
        reverse("clusters:staff-assign", args=[cluster_a.slug]),
        {"email": manager_b.email, "role": StaffRole.VIEWER},
    )
    assert response.status_code == 302
    role = ClusterRole.objects.get(cluster=cluster_a, user=manager_b)
    assert role.role == StaffRole.VIEWER
    client.post(reverse("clusters:staff-remove", args=[cluster_a.slug, role.pk]))
    assert not ClusterRole.objects.filter(cluster=cluster_a, user=manager_b).exists()


def test_unknown_email_for_a_staff_role_is_shown_at_the_field(client_for, admin_a, cluster_a):
    response = client_for(admin_a).post(
        reverse("clusters:staff-assign", args=[cluster_a.slug]),
        {"email": "ghost@example.org", "role": StaffRole.VIEWER},
    )
    assert response.status_code == 400
    assert response.context["role_form"].errors["email"]
    assert ClusterRole.objects.filter(cluster=cluster_a).count() == 1


def test_the_last_administrator_cannot_be_removed(client_for, admin_a, cluster_a):
    role = ClusterRole.objects.get(user=admin_a)
    response = client_for(admin_a).post(
        reverse("clusters:staff-remove", args=[cluster_a.slug, role.pk]), follow=True
    )
    assert "at least one administrator" in response.content.decode()
    assert ClusterRole.objects.filter(pk=role.pk).exists()


def test_manager_cannot_change_staff_roles(client_for, manager_a, cluster_a, manager_b):
    response = client_for(manager_a).post(
        reverse("clusters:staff-assign", args=[cluster_a.slug]),
        {"email": manager_b.email, "role": StaffRole.ADMIN},
    )
    assert response.status_code == 403
    assert not ClusterRole.objects.filter(cluster=cluster_a, user=manager_b).exists()


def test_switching_cluster_changes_the_dashboard(client_for, cluster_a, cluster_b, manager_a):
    ClusterRoleFactory(cluster=cluster_b, user=manager_a, role=StaffRole.VIEWER)
    client = client_for(manager_a)
    assert client.get(reverse("home")).context["current_cluster"] == cluster_a
    response = client.post(
        reverse("clusters:switch"), {"cluster": cluster_b.slug, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert client.get(reverse("home")).context["current_cluster"] == cluster_b


def test_cluster_page_lists_its_staff_a_page_at_a_time_office_first(
    client_for, admin_a, cluster_a, django_assert_max_num_queries
):
    for number in range(30):
        ClusterRoleFactory(
            cluster=cluster_a,
            user=UserFactory(email=f"coach{number:02}@example.org"),
            role=StaffRole.COACH,
        )
    viewer = UserFactory(email="zz.viewer@example.org")
    ClusterRoleFactory(cluster=cluster_a, user=viewer, role=StaffRole.VIEWER)
    client = client_for(admin_a)
    # session, user, the cluster (rule), the user's roles, the switcher, the staff count and
    # its page, the history: the same with 30 coaches as with none.
    with django_assert_max_num_queries(8):
        first = client.get(cluster_a.get_absolute_url())
    staff = first.context["staff"]
    assert staff.paginator.count == 32
    assert [member.email for member in staff][:2] == [admin_a.email, viewer.email]
    assert [member.role_label for member in staff][:3] == ["Administrator", "Viewer", "Coach"]
    assert len(staff) == 25
    second = client.get(cluster_a.get_absolute_url(), {"page": 2})
    assert [member.email for member in second.context["staff"]] == [
        f"coach{number:02}@example.org" for number in range(23, 30)
    ]
    assert "Page 2 of 2" in second.content.decode()

import pytest
from django.urls import reverse

from clusters.models import Cluster

pytestmark = pytest.mark.django_db


def test_list_shows_only_the_callers_clusters(client_for, manager_a, cluster_b):
    body = client_for(manager_a).get(reverse("api:cluster-list")).json()
    assert [row["slug"] for row in body["results"]] == ["alpha"]
    assert body["count"] == 1


def test_manager_updates_a_cluster(client_for, manager_a, cluster_a):
    response = client_for(manager_a).patch(
        reverse("api:cluster-detail", args=[cluster_a.slug]),
        {"city": "Sandviken"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["city"] == "Sandviken"
    cluster_a.refresh_from_db()
    assert cluster_a.city == "Sandviken"


def test_bad_input_answers_400_with_field_errors_and_writes_nothing(
    client_for, manager_a, cluster_a
):
    response = client_for(manager_a).patch(
        reverse("api:cluster-detail", args=[cluster_a.slug]),
        {"founded": 1200, "country": "XX", "city": "Nowhere"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"founded", "country"}
    assert Cluster.objects.get(pk=cluster_a.pk).city != "Nowhere"


def test_viewer_may_read_but_not_write(client_for, viewer_a, cluster_a):
    client = client_for(viewer_a)
    url = reverse("api:cluster-detail", args=[cluster_a.slug])
    assert client.get(url).status_code == 200
    response = client.patch(url, {"city": "X"}, content_type="application/json")
    assert response.status_code == 403
    assert "administrators and managers" in response.json()["detail"]


def test_other_clusters_staff_get_404(client_for, manager_b, cluster_a):
    url = reverse("api:cluster-detail", args=[cluster_a.slug])
    client = client_for(manager_b)
    assert client.get(url).status_code == 404
    assert client.patch(url, {"city": "X"}, content_type="application/json").status_code == 404


def test_clusters_cannot_be_created_or_deleted_over_the_api(client_for, manager_a, cluster_a):
    client = client_for(manager_a)
    assert client.post(reverse("api:cluster-list"), {}).status_code == 405
    assert client.delete(reverse("api:cluster-detail", args=[cluster_a.slug])).status_code == 405


def test_cluster_list_query_budget(client_for, manager_a, django_assert_max_num_queries):
    client = client_for(manager_a)
    # session, user, count, page of clusters.
    with django_assert_max_num_queries(4):
        client.get(reverse("api:cluster-list"))


def test_me_tells_roles_and_funder(client_for, manager_a, funder_user):
    assert client_for(manager_a).get(reverse("api:me")).json()["cluster_roles"] == {
        "alpha": "manager"
    }
    me = client_for(funder_user).get(reverse("api:me")).json()
    assert me["cluster_roles"] == {}
    assert me["funder"] == funder_user.funder_link.funder.name

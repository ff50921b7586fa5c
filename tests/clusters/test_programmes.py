"""Funders and programmes: pages and API, their rules, and who sees which programme."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clusters.models import Funder, FunderKind, Programme, ProgrammeParticipation, StaffRole
from clusters.services import funder_save
from tests.factories.clusters import ClusterRoleFactory, FunderFactory, make_programme

pytestmark = pytest.mark.django_db


def form_data(funder, **changes) -> dict:
    data = {
        "funder": funder.pk,
        "name": "TRIIP internationalization",
        "code": "TRIIP-2016",
        "budget": "2000000",
        "currency": "EUR",
        "start": "2016-08-01",
        "end": "2018-12-31",
        "cofinancing_rate": "50",
        "hourly_value": "95",
        "min_support_hours": "5",
    }
    return {**data, **changes}


def api_data(funder, cluster=None, **changes) -> dict:
    data = {
        "funder": funder.name,
        "name": "TRIIP internationalization",
        "code": "TRIIP-2016",
        "budget": "2000000.00",
        "currency": "EUR",
        "start": "2016-08-01",
        "end": "2018-12-31",
        "cofinancing_rate": "50.00",
        "hourly_value": "95.00",
        "min_support_hours": "5.00",
    }
    if cluster is not None:
        data["cluster"] = cluster.slug
    return {**data, **changes}


@pytest.fixture
def erdf(db):
    return FunderFactory(name="ERDF Managing Authority", kind=FunderKind.EU_FUND)


@pytest.fixture
def programme_a(cluster_a, erdf):
    return make_programme(cluster_a, erdf)


# Pages ---------------------------------------------------------------------------------------


def test_manager_creates_a_programme_the_current_cluster_takes_part_in(
    client_for, manager_a, cluster_a, erdf
):
    client = client_for(manager_a)
    response = client.post(reverse("clusters:programme-create"), form_data(erdf))
    assert response.status_code == 302, response.context["form"].errors
    programme = Programme.objects.get(code="TRIIP-2016")
    assert response["Location"] == programme.get_absolute_url()
    assert list(programme.clusters.all()) == [cluster_a]
    detail = client.get(programme.get_absolute_url()).content.decode()
    assert "TRIIP internationalization" in detail
    assert manager_a.email in detail  # who created it, from the audit history


def test_programme_list_shows_the_programme_figures(client_for, manager_a, programme_a):
    page = client_for(manager_a).get(reverse("clusters:programme-list")).content.decode()
    for shown in (
        "ERDF-SE-1",
        "ERDF Managing Authority",
        "2,000,000 EUR",
        "50 %",
        "95 EUR",
        "5 h",
        "Alpha Cluster",
    ):
        assert shown in page, shown


def test_programme_list_is_empty_and_says_so(client_for, manager_a):
    page = client_for(manager_a).get(reverse("clusters:programme-list")).content.decode()
    assert "No programme yet" in page
    assert reverse("clusters:programme-create") in page


def test_programme_list_searches_by_funder(client_for, manager_a, cluster_a, programme_a):
    make_programme(cluster_a, FunderFactory(name="Vinnova"), code="VINNVAXT")
    found = client_for(manager_a).get(reverse("clusters:programme-list"), {"q": "vinnova"})
    assert [p.code for p in found.context["programmes"]] == ["VINNVAXT"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start": "2019-01-01", "end": "2018-12-31"}, "end"),
        ({"code": "erdf-se-1"}, "code"),
        ({"budget": "-1"}, "budget"),
        ({"cofinancing_rate": "100.5"}, "cofinancing_rate"),
    ],
    ids=["end-before-start", "code-taken-other-case", "negative-budget", "rate-over-100"],
)
def test_bad_programme_input_is_shown_at_the_field_and_nothing_is_written(
    client_for, manager_a, erdf, programme_a, changes, field
):
    response = client_for(manager_a).post(
        reverse("clusters:programme-create"), form_data(erdf, **changes)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'class="field-errors"' in response.content.decode()
    assert Programme.objects.count() == 1


def test_service_refuses_a_code_taken_in_another_case():
    """The rule lives in the service, so the form, the API and any import share it."""
    funder = FunderFactory()
    make_programme(None, funder, code="ERDF-SE-1")
    with pytest.raises(ValidationError) as refusal:
        make_programme(None, funder, code="erdf-se-1")
    assert "code" in refusal.value.message_dict


def test_a_taken_code_is_refused_without_saying_a_programme_holds_it(
    client_for, manager_b, erdf, programme_a
):
    """Another cluster's programme holds the code: the refusal offers a free code and does
    not confirm that a programme has it."""
    response = client_for(manager_b).post(
        reverse("clusters:programme-create"), form_data(erdf, code=programme_a.code)
    )
    (message,) = response.context["form"].errors["code"]
    assert "programme" not in message.lower()
    assert "ERDF-SE-1-2 is free" in message


def test_manager_edits_a_programme_and_the_change_is_in_its_history(
    client_for, manager_a, erdf, programme_a
):
    client = client_for(manager_a)
    url = reverse("clusters:programme-edit", args=[programme_a.code])
    response = client.post(
        url, form_data(erdf, code=programme_a.code, name=programme_a.name, budget="2500000")
    )
    assert response.status_code == 302
    programme_a.refresh_from_db()
    assert programme_a.budget == Decimal("2500000")
    history = client.get(programme_a.get_absolute_url()).context["history"]
    assert history[0].who == str(manager_a)
    assert [change.field for change in history[0].changes] == ["budget"]


def test_edit_keeps_a_refused_code_off_the_cancel_link(client_for, manager_a, erdf, programme_a):
    make_programme(None, erdf, code="OTHER-1")
    response = client_for(manager_a).post(
        reverse("clusters:programme-edit", args=[programme_a.code]),
        form_data(erdf, code="other-1"),
    )
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert response.context["cancel_url"] == programme_a.get_absolute_url()
    assert Programme.objects.get(pk=programme_a.pk).code == "ERDF-SE-1"


def test_viewer_reads_but_may_not_create_or_edit(client_for, viewer_a, programme_a, erdf):
    client = client_for(viewer_a)
    assert client.get(programme_a.get_absolute_url()).status_code == 200
    assert client.get(reverse("clusters:programme-create")).status_code == 403
    response = client.get(reverse("clusters:programme-edit", args=[programme_a.code]))
    assert response.status_code == 403
    assert "taking part" in response.content.decode()


def test_another_clusters_manager_gets_404(client_for, manager_b, programme_a):
    client = client_for(manager_b)
    assert client.get(programme_a.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("clusters:programme-edit", args=[programme_a.code])).status_code == 404
    )
    assert "ERDF-SE-1" not in client.get(reverse("clusters:programme-list")).content.decode()


def test_manager_of_two_clusters_joins_a_programme_with_the_current_one(
    client_for, manager_a, cluster_a, cluster_b, erdf
):
    programme_b = make_programme(cluster_b, erdf, code="BETA-1")
    ClusterRoleFactory(cluster=cluster_b, user=manager_a, role=StaffRole.MANAGER)
    client = client_for(manager_a)
    client.post(reverse("clusters:switch"), {"cluster": cluster_a.slug})
    detail = client.get(programme_b.get_absolute_url())
    assert detail.context["can_join"]
    response = client.post(reverse("clusters:programme-join", args=[programme_b.code]))
    assert response.status_code == 302
    assert set(programme_b.clusters.values_list("slug", flat=True)) == {"alpha", "beta"}
    assert not client.get(programme_b.get_absolute_url()).context["can_join"]


def test_codes_with_a_slash_have_pages_and_api_routes(client_for, manager_a, cluster_a, erdf):
    programme = make_programme(cluster_a, erdf, code="ERDF/2021-27")
    client = client_for(manager_a)
    assert client.get(programme.get_absolute_url()).context["programme"] == programme
    edit = reverse("clusters:programme-edit", kwargs={"code": programme.code})
    assert client.get(edit).status_code == 200
    api = reverse("api:programme-detail", kwargs={"code": programme.code})
    assert client.get(api).json()["code"] == "ERDF/2021-27"


# Funder users -------------------------------------------------------------------------------


def test_funder_user_sees_only_its_funders_programmes(
    client_for, funder_user, cluster_a, programme_a
):
    own = make_programme(cluster_a, funder_user.funder_link.funder, code="OWN-1")
    client = client_for(funder_user)
    listed = client.get(reverse("clusters:programme-list")).context["programmes"]
    assert [p.code for p in listed] == ["OWN-1"]
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(programme_a.get_absolute_url()).status_code == 404
    assert client.get(reverse("clusters:programme-create")).status_code == 404  # no cluster


def test_funder_user_api_isolation(client_for, funder_user, cluster_a, programme_a):
    own = make_programme(cluster_a, funder_user.funder_link.funder, code="OWN-1")
    client = client_for(funder_user)
    body = client.get(reverse("api:programme-list")).json()
    assert [row["code"] for row in body["results"]] == ["OWN-1"]
    assert client.get(reverse("api:programme-detail", args=[own.code])).status_code == 200
    other = client.get(reverse("api:programme-detail", args=[programme_a.code]))
    assert other.status_code == 404
    patch = client.patch(
        reverse("api:programme-detail", args=[own.code]),
        {"budget": "1"},
        content_type="application/json",
    )
    assert patch.status_code == 403


# Funders ------------------------------------------------------------------------------------


def test_installation_administrators_add_and_rename_funders(client_for, installation_admin):
    client = client_for(installation_admin)
    response = client.post(
        reverse("clusters:funder-create"),
        {"name": "Region Gävleborg", "kind": FunderKind.REGION, "country": "SE", "website": ""},
    )
    assert response.status_code == 302
    funder = Funder.objects.get(name="Region Gävleborg")
    response = client.post(
        reverse("clusters:funder-edit", args=[funder.pk]),
        {"name": "Region Gävleborg (RUS)", "kind": FunderKind.REGION, "country": "SE"},
    )
    assert response.status_code == 302
    funder.refresh_from_db()
    assert funder.name == "Region Gävleborg (RUS)"


def test_duplicate_funder_name_is_shown_at_the_field(client_for, installation_admin, erdf):
    response = client_for(installation_admin).post(
        reverse("clusters:funder-create"), {"name": erdf.name, "kind": FunderKind.EU_FUND}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert Funder.objects.count() == 1


def test_viewers_and_funder_users_may_not_change_funders(client_for, viewer_a, funder_user):
    funder = funder_user.funder_link.funder
    for user in (viewer_a, funder_user):
        client = client_for(user)
        assert client.get(reverse("clusters:funder-create")).status_code == 403
        assert client.get(reverse("clusters:funder-edit", args=[funder.pk])).status_code == 403


def test_funder_list_counts_only_the_programmes_the_user_sees(
    client_for, manager_a, manager_b, cluster_b, programme_a, erdf
):
    make_programme(cluster_b, erdf, code="BETA-1")
    funders = client_for(manager_a).get(reverse("clusters:funder-list")).context["funders"]
    assert [(f.name, f.programme_count) for f in funders] == [("ERDF Managing Authority", 1)]


def test_funder_user_sees_only_its_own_funder(client_for, funder_user, erdf):
    funders = client_for(funder_user).get(reverse("clusters:funder-list")).context["funders"]
    assert list(funders) == [funder_user.funder_link.funder]


# API ----------------------------------------------------------------------------------------


def test_api_lists_programmes_with_their_figures(client_for, manager_a, programme_a):
    body = client_for(manager_a).get(reverse("api:programme-list")).json()
    assert body["results"] == [
        {
            "code": "ERDF-SE-1",
            "name": "Programme ERDF-SE-1",
            "funder": "ERDF Managing Authority",
            "budget": "2000000.00",
            "currency": "EUR",
            "start": "2016-08-01",
            "end": "2018-12-31",
            "cofinancing_rate": "50.00",
            "hourly_value": "95.00",
            "period": "2014-2020",  # from the start year, none was given
            "min_support_hours": "5.00",
            "clusters": ["alpha"],
        }
    ]


def test_api_manager_creates_and_updates_a_programme(client_for, manager_a, cluster_a, erdf):
    client = client_for(manager_a)
    response = client.post(
        reverse("api:programme-list"), api_data(erdf, cluster_a), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["clusters"] == ["alpha"]
    url = reverse("api:programme-detail", args=["TRIIP-2016"])
    response = client.patch(url, {"hourly_value": "100"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert Programme.objects.get(code="TRIIP-2016").hourly_value == Decimal("100")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start": "2019-01-01"}, "end"),
        ({"code": "erdf-se-1"}, "code"),
        ({"budget": "-5.00"}, "budget"),
        ({"cofinancing_rate": "120.00"}, "cofinancing_rate"),
    ],
    ids=["end-before-start", "code-taken-other-case", "negative-budget", "rate-over-100"],
)
def test_api_bad_input_answers_400_at_the_field_and_writes_nothing(
    client_for, manager_a, cluster_a, erdf, programme_a, changes, field
):
    response = client_for(manager_a).post(
        reverse("api:programme-list"),
        api_data(erdf, cluster_a, **changes),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert field in response.json()
    assert Programme.objects.count() == 1
    assert ProgrammeParticipation.objects.count() == 1


def test_api_create_for_an_invisible_cluster_is_refused(client_for, manager_a, cluster_b, erdf):
    response = client_for(manager_a).post(
        reverse("api:programme-list"), api_data(erdf, cluster_b), content_type="application/json"
    )
    assert response.status_code == 400
    assert "cluster" in response.json()
    assert not Programme.objects.exists()


def test_api_viewer_may_not_create(client_for, viewer_a, cluster_a, erdf):
    response = client_for(viewer_a).post(
        reverse("api:programme-list"), api_data(erdf, cluster_a), content_type="application/json"
    )
    assert response.status_code == 403
    assert not Programme.objects.exists()


def test_api_other_clusters_manager_gets_404(client_for, manager_b, programme_a):
    client = client_for(manager_b)
    url = reverse("api:programme-detail", args=[programme_a.code])
    assert client.get(url).status_code == 404
    assert client.patch(url, {"budget": "1"}, content_type="application/json").status_code == 404


def test_api_has_no_delete(client_for, manager_a, programme_a, erdf):
    client = client_for(manager_a)
    assert (
        client.delete(reverse("api:programme-detail", args=[programme_a.code])).status_code == 405
    )
    assert client.delete(reverse("api:funder-detail", args=[erdf.pk])).status_code == 405


def test_api_funders_created_by_installation_administrators_only(
    client_for, manager_a, viewer_a, installation_admin
):
    data = {"name": "Vinnova", "kind": FunderKind.NATIONAL_AGENCY, "country": "SE"}
    for user in (viewer_a, manager_a):
        refused = client_for(user).post(reverse("api:funder-list"), data)
        assert refused.status_code == 403
    created = client_for(installation_admin).post(reverse("api:funder-list"), data)
    assert created.status_code == 201, created.content
    assert created.json()["name"] == "Vinnova"
    duplicate = client_for(installation_admin).post(reverse("api:funder-list"), data)
    assert duplicate.status_code == 400
    assert "name" in duplicate.json()


# Query budgets ------------------------------------------------------------------------------


def test_programme_list_query_budget(
    client_for, manager_a, cluster_a, erdf, django_assert_max_num_queries
):
    for number in range(5):
        make_programme(cluster_a, erdf, code=f"P-{number}")
    client = client_for(manager_a)
    # session, user, paginator count, the current cluster, staff roles (rules), the switcher,
    # the page of programmes with their funders, their participations with clusters.
    with django_assert_max_num_queries(8):
        assert client.get(reverse("clusters:programme-list")).status_code == 200


def test_programme_detail_query_budget(
    client_for, manager_a, programme_a, django_assert_max_num_queries
):
    client = client_for(manager_a)
    # session, user, the programme with its funder, its participations with clusters, the
    # current cluster, staff roles (rules), the history records with their users, the switcher,
    # the programme's indicators with their targets (two), whether the user is of its funder,
    # the proposed changes of the programme.
    with django_assert_max_num_queries(12):
        assert client.get(programme_a.get_absolute_url()).status_code == 200


def test_funder_list_query_budget(client_for, manager_a, django_assert_max_num_queries):
    for number in range(5):
        funder_save(data={"name": f"Funder {number}", "kind": FunderKind.REGION})
    client = client_for(manager_a)
    # session, user, has the user a staff role (funder visibility), paginator count, staff
    # roles (rule), the current cluster, the switcher, the page of funders with the count of
    # programmes the user sees.
    with django_assert_max_num_queries(8):
        assert client.get(reverse("clusters:funder-list")).status_code == 200


def test_programme_api_list_query_budget(
    client_for, manager_a, cluster_a, erdf, django_assert_max_num_queries
):
    for number in range(5):
        make_programme(cluster_a, erdf, code=f"P-{number}")
    client = client_for(manager_a)
    # session, user, count, the page of programmes with funders, their participations.
    with django_assert_max_num_queries(5):
        assert client.get(reverse("api:programme-list")).status_code == 200


@pytest.mark.parametrize("code", ["new", "NEW", "ERDF/edit", "X/join"])
def test_codes_that_would_shadow_a_page_are_refused(client_for, manager_a, cluster_a, erdf, code):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        make_programme(cluster_a, erdf, code=code)
    assert "code" in error.value.message_dict


def test_cluster_slugs_that_would_shadow_a_page_are_refused():
    from django.core.exceptions import ValidationError

    from clusters.models import Cluster

    with pytest.raises(ValidationError) as error:
        Cluster(name="Funders", slug="funders", country="SE").full_clean()
    assert "slug" in error.value.message_dict

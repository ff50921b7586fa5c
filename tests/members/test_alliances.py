"""Inter-cluster alliances: pages, participants, the portfolio and its diffusion, the API."""

from datetime import date

import pytest
from django.urls import reverse

from clusters.models import StaffRole
from members.choices import AllianceGoal, AllianceKind, AllianceStatus, TieStrength
from members.models import Alliance
from members.selectors import alliance_portfolio
from members.services import (
    alliance_set_participants,
    membership_transition,
    organization_create,
)
from tests.factories.clusters import ClusterRoleFactory
from tests.factories.members import alliance

pytestmark = pytest.mark.django_db

_registry_numbers = iter(range(1, 10_000))


def member(cluster, name: str, status: str = "active"):
    """An organization of the cluster whose membership is ``status`` (left: active, then left)."""
    organization = organization_create(
        cluster=cluster,
        data={"legal_name": name, "registry_id": f"556{next(_registry_numbers):06d}"},
        membership_status="applied" if status == "applied" else "active",
        status_on=date(2020, 1, 1),
    )
    if status == "left":
        membership_transition(
            membership=organization.membership,
            to_status="left",
            on=date(2023, 6, 30),
            reason="Moved abroad",
        )
    return organization


def form_data(**changes) -> dict:
    data = {
        "partner_name": "Changfeng Alliance",
        "partner_country": "CN",
        "partner_city": "Beijing",
        "partner_sector": "Geographic information, IoT",
        "kind": AllianceKind.PARTNERSHIP,
        "goal": AllianceGoal.KNOWLEDGE,
        "tie_strength": TieStrength.STRONG,
        "start": "2015-09-01",
        "end": "",
        "status": AllianceStatus.ACTIVE,
    }
    return {**data, **changes}


@pytest.fixture
def coach_client(client_for, coach_a):
    return client_for(coach_a)


# Pages ---------------------------------------------------------------------------------------


def test_manager_creates_an_alliance_and_chooses_the_members_taking_part(
    client_for, manager_a, cluster_a
):
    active = member(cluster_a, "Gävle Sealing Technology AB")
    applied = member(cluster_a, "Applicant AB", status="applied")
    client = client_for(manager_a)
    response = client.post(reverse("members:alliance-create"), form_data())
    assert response.status_code == 302, response.context["form"].errors
    created = Alliance.objects.get(partner_name="Changfeng Alliance")
    assert created.cluster == cluster_a
    participants_url = reverse("members:alliance-participants", args=[created.pk])
    assert response["Location"] == participants_url
    offered = list(client.get(participants_url).context["form"].fields["participants"].queryset)
    assert offered == [active]  # active members only, not the applicant
    assert applied not in offered
    response = client.post(participants_url, {"participants": [active.pk]})
    assert response.status_code == 302
    assert list(created.participants.all()) == [active]
    detail = client.get(created.get_absolute_url()).content.decode()
    assert "Gävle Sealing Technology AB" in detail
    assert manager_a.email in detail  # the audit history names who created it


def test_participants_page_keeps_a_member_that_has_left_since(client_for, manager_a, cluster_a):
    stays = member(cluster_a, "Stays AB")
    left = member(cluster_a, "Left AB", status="left")
    partner = alliance(cluster_a)
    alliance_set_participants(alliance=partner, organizations=[stays, left])
    form = (
        client_for(manager_a)
        .get(reverse("members:alliance-participants", args=[partner.pk]))
        .context["form"]
    )
    field = form.fields["participants"]
    assert set(field.queryset) == {stays, left}
    assert set(form.initial["participants"]) == {stays.pk, left.pk}
    assert "Left AB (left)" in [label for _value, label in field.choices]


def test_bad_alliance_input_is_shown_at_the_field_and_nothing_is_written(
    client_for, manager_a, cluster_a
):
    response = client_for(manager_a).post(
        reverse("members:alliance-create"), form_data(start="2020-01-01", end="2019-12-31")
    )
    assert response.status_code == 200
    assert "end" in response.context["form"].errors
    assert 'class="field-errors"' in response.content.decode()
    assert not Alliance.objects.exists()


def test_manager_edits_an_alliance(client_for, manager_a, cluster_a):
    partner = alliance(cluster_a)
    response = client_for(manager_a).post(
        reverse("members:alliance-edit", args=[partner.pk]),
        form_data(partner_name=partner.partner_name, status=AllianceStatus.ENDED, end="2024-12-31"),
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.status == AllianceStatus.ENDED
    assert partner.end == date(2024, 12, 31)


def test_alliance_list_searches_and_shows_an_empty_state(client_for, manager_a, cluster_a):
    client = client_for(manager_a)
    assert "No alliance yet" in client.get(reverse("members:alliance-list")).content.decode()
    alliance(cluster_a)
    alliance(cluster_a, "Hubei Association for Science and Technology", partner_city="Wuhan")
    found = client.get(reverse("members:alliance-list"), {"q": "wuhan"}).context["alliances"]
    assert [a.partner_name for a in found] == ["Hubei Association for Science and Technology"]


def test_viewer_reads_but_may_not_change(client_for, viewer_a, cluster_a):
    partner = alliance(cluster_a)
    client = client_for(viewer_a)
    assert client.get(reverse("members:alliance-list")).status_code == 200
    assert client.get(partner.get_absolute_url()).status_code == 200
    assert client.get(reverse("reports:alliance-portfolio")).status_code == 200
    assert client.get(reverse("members:alliance-create")).status_code == 403
    assert client.get(reverse("members:alliance-edit", args=[partner.pk])).status_code == 403
    participants = reverse("members:alliance-participants", args=[partner.pk])
    assert client.post(participants, {"participants": []}).status_code == 403


def test_coach_is_told_alliances_are_for_office_staff(coach_client, cluster_a):
    partner = alliance(cluster_a)
    for name in ("members:alliance-list", "reports:alliance-portfolio"):
        response = coach_client.get(reverse(name))
        assert response.status_code == 403, name
        assert "administrators, managers and viewers" in response.content.decode()
    assert coach_client.get(partner.get_absolute_url()).status_code == 404


def test_another_clusters_staff_see_nothing_of_cluster_a(client_for, manager_b, cluster_a):
    partner = alliance(cluster_a)
    client = client_for(manager_b)
    assert client.get(partner.get_absolute_url()).status_code == 404
    assert client.get(reverse("members:alliance-edit", args=[partner.pk])).status_code == 404
    assert list(client.get(reverse("members:alliance-list")).context["alliances"]) == []


def test_firm_representative_has_no_alliance_pages(client_for, firm_rep_a, cluster_a):
    partner = alliance(cluster_a)
    client = client_for(firm_rep_a)
    assert client.get(reverse("members:alliance-list")).status_code == 404
    assert client.get(partner.get_absolute_url()).status_code == 404


# Portfolio ----------------------------------------------------------------------------------


@pytest.fixture
def hand_built_portfolio(cluster_a, cluster_b):
    """4 active members, 2 of them in alliances (one in two); a member who left is in one;
    an applicant; and cluster B's alliance with its own member, which must not count."""
    first, second, _third, _fourth = (member(cluster_a, f"Active {n} AB") for n in range(4))
    left = member(cluster_a, "Left AB", status="left")
    member(cluster_a, "Applicant AB", status="applied")
    zhuhai = alliance(cluster_a)
    changfeng = alliance(
        cluster_a,
        "Changfeng Alliance",
        kind=AllianceKind.PARTNERSHIP,
        goal=AllianceGoal.KNOWLEDGE,
    )
    alliance(
        cluster_a,
        "Tallinn ICT cluster",
        partner_country="EE",
        kind=AllianceKind.MOU,
        goal=AllianceGoal.KNOWLEDGE,
        tie_strength=TieStrength.WEAK,
        status=AllianceStatus.PROPOSED,
    )
    alliance_set_participants(alliance=zhuhai, organizations=[first, left])
    alliance_set_participants(alliance=changfeng, organizations=[first, second])
    other = alliance(cluster_b, "Beta partner")
    alliance_set_participants(alliance=other, organizations=[member(cluster_b, "Beta AB")])


def test_portfolio_diffusion_is_the_share_of_active_members_taking_part(
    cluster_a, hand_built_portfolio
):
    portfolio = alliance_portfolio(cluster_a)
    assert (portfolio.active_members, portfolio.participating_members) == (4, 2)
    assert portfolio.diffusion == 0.5
    assert (portfolio.size, portfolio.active, portfolio.strong_ties) == (3, 2, 2)
    assert portfolio.countries == [("CN", 2), ("EE", 1)]


def test_portfolio_page_shows_size_spread_kinds_and_diffusion(
    client_for, manager_a, hand_built_portfolio
):
    response = client_for(manager_a).get(reverse("reports:alliance-portfolio"))
    page = response.content.decode()
    assert "50 %" in page
    assert "2 of 4 active members take part" in page
    assert response.context["by_country"] == [("China", 2), ("Estonia", 1)]
    assert [chart.element_id for chart in response.context["charts"]] == [
        "chart-alliances-by-kind",
        "chart-alliances-by-country",
    ]
    by_kind = response.context["charts"][0].figure
    assert dict(zip(by_kind["data"][0]["y"], by_kind["data"][0]["x"], strict=True)) == {
        "Memorandum of understanding": 1,
        "Partnership": 1,
        "Sister city": 1,
    }
    assert by_kind["config"]["displaylogo"] is False
    assert '<script id="chart-alliances-by-kind" type="application/json">' in page
    assert "/static/vendor/plotly/plotly.min.js" in page
    assert "/static/js/charts.js" in page


def test_empty_portfolio_says_so_and_loads_no_plotly(client_for, manager_a, cluster_a):
    page = client_for(manager_a).get(reverse("reports:alliance-portfolio")).content.decode()
    assert "No alliance yet" in page
    assert "plotly" not in page


# API ----------------------------------------------------------------------------------------


def test_api_creates_an_alliance_with_participants(client_for, manager_a, cluster_a):
    first, second = member(cluster_a, "First AB"), member(cluster_a, "Second AB")
    response = client_for(manager_a).post(
        reverse("api:alliance-list"),
        {
            "cluster": cluster_a.slug,
            "partner_name": "Zhuhai",
            "partner_country": "CN",
            "kind": AllianceKind.SISTER_CITY,
            "goal": AllianceGoal.MARKET_ACCESS,
            "start": "2014-04-01",
            "participants": [second.pk, first.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["cluster"] == "alpha"
    assert body["participants"] == sorted([first.pk, second.pk])
    assert body["tie_strength"] == TieStrength.WEAK


def test_api_updates_the_participants(client_for, manager_a, cluster_a):
    first, second = member(cluster_a, "First AB"), member(cluster_a, "Second AB")
    partner = alliance(cluster_a)
    alliance_set_participants(alliance=partner, organizations=[first])
    response = client_for(manager_a).patch(
        reverse("api:alliance-detail", args=[partner.pk]),
        {"participants": [second.pk]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["participants"] == [second.pk]
    assert list(partner.participants.all()) == [second]


def test_api_participant_of_an_invisible_cluster_is_unknown(
    client_for, manager_a, cluster_a, cluster_b
):
    outsider = member(cluster_b, "Beta AB")
    response = client_for(manager_a).post(
        reverse("api:alliance-list"),
        {
            "cluster": cluster_a.slug,
            "partner_name": "Zhuhai",
            "partner_country": "CN",
            "kind": AllianceKind.SISTER_CITY,
            "goal": AllianceGoal.MARKET_ACCESS,
            "start": "2014-04-01",
            "participants": [outsider.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "participants" in response.json()
    assert not Alliance.objects.exists()


def test_api_participant_of_another_cluster_of_the_same_manager_is_refused_atomically(
    client_for, manager_a, cluster_a, cluster_b
):
    ClusterRoleFactory(cluster=cluster_b, user=manager_a, role=StaffRole.MANAGER)
    beta_member = member(cluster_b, "Beta AB")
    response = client_for(manager_a).post(
        reverse("api:alliance-list"),
        {
            "cluster": cluster_a.slug,
            "partner_name": "Zhuhai",
            "partner_country": "CN",
            "kind": AllianceKind.SISTER_CITY,
            "goal": AllianceGoal.MARKET_ACCESS,
            "start": "2014-04-01",
            "participants": [beta_member.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "participants" in response.json()
    assert not Alliance.objects.exists()  # the alliance was rolled back with its participants


def test_api_bad_dates_answer_400_at_the_field(client_for, manager_a, cluster_a):
    partner = alliance(cluster_a)
    response = client_for(manager_a).patch(
        reverse("api:alliance-detail", args=[partner.pk]),
        {"end": "2000-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "end" in response.json()
    partner.refresh_from_db()
    assert partner.end is None


def test_api_access(client_for, viewer_a, coach_a, manager_b, manager_a, cluster_a):
    partner = alliance(cluster_a)
    detail = reverse("api:alliance-detail", args=[partner.pk])
    viewer = client_for(viewer_a)
    assert viewer.get(detail).status_code == 200
    assert viewer.patch(detail, {"status": "ended"}, "application/json").status_code == 403
    assert client_for(coach_a).get(reverse("api:alliance-list")).json()["count"] == 0
    assert client_for(manager_b).get(detail).status_code == 404
    assert client_for(manager_a).delete(detail).status_code == 405


# Query budgets ------------------------------------------------------------------------------


def test_alliance_list_query_budget(
    client_for, manager_a, cluster_a, django_assert_max_num_queries
):
    members = [member(cluster_a, f"Member {n} AB") for n in range(5)]
    for number in range(5):
        partner = alliance(cluster_a, f"Partner {number}")
        alliance_set_participants(alliance=partner, organizations=members)
    client = client_for(manager_a)
    # session, user, the current cluster, staff roles (rules), paginator count, the page of
    # alliances with their participant counts, the switcher.
    with django_assert_max_num_queries(7):
        assert client.get(reverse("members:alliance-list")).status_code == 200


def test_alliance_detail_query_budget(
    client_for, manager_a, cluster_a, django_assert_max_num_queries
):
    partner = alliance(cluster_a)
    alliance_set_participants(
        alliance=partner, organizations=[member(cluster_a, f"Member {n} AB") for n in range(5)]
    )
    client = client_for(manager_a)
    # session, user, the alliance with its cluster, the participants with their memberships,
    # staff roles, the history with its users, the current cluster, the switcher.
    with django_assert_max_num_queries(8):
        assert client.get(partner.get_absolute_url()).status_code == 200


def test_participants_page_query_budget(
    client_for, manager_a, cluster_a, django_assert_max_num_queries
):
    partner = alliance(cluster_a)
    alliance_set_participants(
        alliance=partner, organizations=[member(cluster_a, f"Member {n} AB") for n in range(5)]
    )
    client = client_for(manager_a)
    # session, user, the alliance with its cluster, staff roles (rule), the current
    # participants (initial), the choices for "any choices?" and for the checkboxes, the
    # current cluster, the switcher.
    with django_assert_max_num_queries(9):
        assert (
            client.get(reverse("members:alliance-participants", args=[partner.pk])).status_code
            == 200
        )


def test_portfolio_query_budget(
    client_for, manager_a, hand_built_portfolio, django_assert_max_num_queries
):
    client = client_for(manager_a)
    # session, user, the current cluster, staff roles (rule), the portfolio's totals, countries,
    # kinds, goals, active members and participating members, the switcher.
    with django_assert_max_num_queries(11):
        assert client.get(reverse("reports:alliance-portfolio")).status_code == 200


def test_alliance_api_list_query_budget(
    client_for, manager_a, cluster_a, django_assert_max_num_queries
):
    members = [member(cluster_a, f"Member {n} AB") for n in range(5)]
    for number in range(5):
        partner = alliance(cluster_a, f"Partner {number}")
        alliance_set_participants(alliance=partner, organizations=members)
    client = client_for(manager_a)
    # session, user, count, the page of alliances with their clusters, their participations.
    with django_assert_max_num_queries(5):
        assert client.get(reverse("api:alliance-list")).json()["count"] == 5

"""The cluster overview page, its charts and the member count series behind them."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clusters.models import FunderKind
from clusters.services import funder_save, programme_save
from members.choices import AllianceGoal, AllianceKind, BodyKind, Helix
from members.choices import OrganizationType as T
from members.selectors import member_count_on
from members.services import (
    alliance_save,
    alliance_set_participants,
    body_save,
    meeting_save,
    membership_transition,
    organization_create,
)
from reports.charts.builders import horizontal_bar_chart
from reports.selectors.overview import member_count_series, series_days, trim_leading_zeros

pytestmark = pytest.mark.django_db

_registry_numbers = iter(range(1, 100_000))


def member(cluster, name="Firm AB", *, status="active", on=date(2020, 1, 1), **fields):
    return organization_create(
        cluster=cluster,
        data={"legal_name": name, "registry_id": f"556{next(_registry_numbers):06d}", **fields},
        membership_status=status,
        status_on=on,
    )


def step(organization, to_status, on, reason=""):
    membership_transition(
        membership=organization.membership, to_status=to_status, on=on, reason=reason
    )


# The member count series --------------------------------------------------------------------


@pytest.fixture
def hand_built_history(cluster_a, cluster_b):
    """Four memberships of cluster A with known histories, and one of cluster B."""
    a = member(cluster_a, "A", status="applied", on=date(2015, 3, 1))
    step(a, "active", date(2015, 6, 1))
    step(a, "suspended", date(2018, 2, 1))
    step(a, "active", date(2019, 1, 1))
    step(a, "left", date(2022, 5, 1), "Closed down")
    member(cluster_a, "B", on=date(2017, 1, 1))  # applied and active the same day
    member(cluster_a, "C", status="applied", on=date(2020, 1, 1))  # never active
    d = member(cluster_a, "D", on=date(2016, 1, 1))
    step(d, "left", date(2016, 12, 31), "Merged")  # gone on the year-end itself
    member(cluster_b, "Beta", on=date(2015, 1, 1))


YEAR_ENDS = [date(year, 12, 31) for year in range(2014, 2024)]
# Counted by hand from the histories above.
EXPECTED = [0, 1, 1, 2, 1, 2, 2, 2, 1, 1]


def test_member_count_series_matches_the_hand_built_history(cluster_a, hand_built_history):
    assert member_count_series(cluster_a, YEAR_ENDS) == list(zip(YEAR_ENDS, EXPECTED, strict=True))


def test_member_count_series_agrees_with_the_per_day_selector(cluster_a, hand_built_history):
    days = [*YEAR_ENDS, date(2015, 6, 1), date(2018, 1, 31), date(2018, 2, 1)]
    assert member_count_series(cluster_a, days) == [
        (d, member_count_on(cluster_a, d)) for d in days
    ]


def test_member_count_series_reads_once_whatever_the_number_of_days(
    cluster_a, hand_built_history, django_assert_num_queries
):
    # the cluster's transitions, once.
    with django_assert_num_queries(1):
        member_count_series(cluster_a, series_days(date(2026, 5, 1)))


def test_series_days_are_ten_year_ends_and_today():
    today = date(2026, 5, 1)
    days = series_days(today)
    assert days[0] == date(2016, 12, 31)
    assert days[-2:] == [date(2025, 12, 31), today]
    assert len(days) == 11


def test_years_before_the_first_member_are_left_out():
    series = [(date(2014, 12, 31), 0), (date(2015, 12, 31), 3), (date(2016, 12, 31), 0)]
    assert trim_leading_zeros(series) == series[1:]
    assert trim_leading_zeros([(date(2014, 12, 31), 0)]) == []


# The page -----------------------------------------------------------------------------------


@pytest.fixture
def busy_cluster(cluster_a, cluster_b):
    today = timezone.localdate()
    first_year = today.year - 5
    member(cluster_a, "Gävle Sealing", org_type=T.MICRO_FIRM, on=date(first_year, 3, 1))
    member(cluster_a, "GeoVista", org_type=T.MICRO_FIRM, on=date(first_year + 1, 3, 1))
    university = member(
        cluster_a,
        "University of Gävle",
        helix=Helix.ACADEMIA,
        org_type=T.UNIVERSITY,
        on=date(first_year + 2, 1, 1),
    )
    board = body_save(cluster=cluster_a, data={"name": "Board of FPX", "kind": BodyKind.BOARD})
    body_save(cluster=cluster_a, data={"name": "HR committee", "kind": BodyKind.COMMITTEE})
    meeting_save(body=board, data={"date": today - timedelta(days=30), "title": "Past"})
    meeting_save(body=board, data={"date": today + timedelta(days=60), "title": "Later"})
    meeting_save(body=board, data={"date": today + timedelta(days=10), "title": "Spring board"})
    erdf = funder_save(data={"name": "ERDF", "kind": FunderKind.EU_FUND})
    for cluster, code in ((cluster_a, "ERDF-SE-1"), (cluster_b, "BETA-ONLY")):
        programme_save(
            cluster=cluster,
            data={
                "funder": erdf,
                "name": f"Programme {code}",
                "code": code,
                "budget": Decimal("18500000"),
                "currency": "EUR",
                "start": date(2014, 1, 1),
                "end": date(2030, 12, 31),
                "cofinancing_rate": Decimal("50"),
                "hourly_value": Decimal("95"),
            },
        )
    zhuhai = alliance_save(
        cluster=cluster_a,
        data={
            "partner_name": "Zhuhai sister city",
            "partner_country": "CN",
            "kind": AllianceKind.SISTER_CITY,
            "goal": AllianceGoal.MARKET_ACCESS,
            "start": date(2014, 4, 1),
        },
    )
    alliance_set_participants(alliance=zhuhai, organizations=[university])
    return cluster_a


def test_overview_charts_members_by_helix_type_and_over_time(client_for, manager_a, busy_cluster):
    response = client_for(manager_a).get(reverse("reports:overview"))
    assert response.status_code == 200
    charts = {chart.element_id: chart for chart in response.context["charts"]}
    assert list(charts) == [
        "chart-members-by-helix",
        "chart-members-by-type",
        "chart-member-count",
    ]
    helix = charts["chart-members-by-helix"].figure["data"][0]
    assert dict(zip(helix["labels"], helix["values"], strict=True)) == {
        "Industry": 2,
        "Academia": 1,
    }
    by_type = charts["chart-members-by-type"].figure["data"][0]
    assert dict(zip(by_type["y"], by_type["x"], strict=True)) == {"Micro-firm": 2, "University": 1}
    over_time = charts["chart-member-count"].figure["data"][0]
    first_year = timezone.localdate().year - 5
    # The years before the first member are left out.
    assert over_time["x"][0] == f"{first_year}-12-31"
    assert over_time["y"] == [1, 2, 3, 3, 3, 3]
    assert over_time["x"][-1] == timezone.localdate().isoformat()
    assert response.context["counts"].active_members == 3
    # The portfolio's diffusion is a share of the same active members, counted once.
    assert response.context["portfolio"].active_members == 3


def test_overview_lists_bodies_meetings_programmes_and_alliances(
    client_for, manager_a, busy_cluster
):
    response = client_for(manager_a).get(reverse("reports:overview"))
    page = response.content.decode()
    bodies = {body.name: body for body in response.context["bodies"]}
    assert set(bodies) == {"Board of FPX", "HR committee"}
    assert bodies["Board of FPX"].next_meeting_on == timezone.localdate() + timedelta(days=10)
    assert bodies["HR committee"].next_meeting_id is None
    assert [m.title for m in response.context["upcoming_meetings"]] == ["Spring board", "Later"]
    assert [p.code for p in response.context["programmes"]] == ["ERDF-SE-1"]
    assert "BETA-ONLY" not in page  # another cluster's programme
    assert "Zhuhai sister city" in page
    assert "1 of 3 active members take part" in page
    assert "33 %" in page


def test_overview_loads_plotly_from_our_static_files_only(client_for, manager_a, busy_cluster):
    page = client_for(manager_a).get(reverse("reports:overview")).content.decode()
    assert '<script src="/static/vendor/plotly/plotly.min.js" defer></script>' in page
    assert '<script src="/static/js/charts.js" defer></script>' in page
    assert '<script id="chart-members-by-helix" type="application/json">' in page
    assert "cdn" not in page.lower()
    assert '"displaylogo": false' in page


def test_empty_cluster_shows_empty_states_and_no_plotly(client_for, manager_a, cluster_a):
    page = client_for(manager_a).get(reverse("reports:overview")).content.decode()
    for empty in (
        "No member yet",
        "No governance body yet",
        "No meeting planned",
        "takes part in no funding programme yet",
        "No alliance with a cluster abroad yet",
    ):
        assert empty in page, empty
    assert "plotly" not in page


def test_coach_is_told_the_overview_is_for_office_staff(client_for, coach_a):
    response = client_for(coach_a).get(reverse("reports:overview"))
    assert response.status_code == 403
    assert "administrators, managers and viewers" in response.content.decode()


def test_users_without_a_cluster_get_404(client_for, funder_user, firm_rep_a):
    for user in (funder_user, firm_rep_a):
        assert client_for(user).get(reverse("reports:overview")).status_code == 404


def test_another_clusters_manager_sees_their_own_cluster(client_for, manager_b, busy_cluster):
    response = client_for(manager_b).get(reverse("reports:overview"))
    assert response.context["cluster"].slug == "beta"
    assert [p.code for p in response.context["programmes"]] == ["BETA-ONLY"]
    assert response.context["counts"].active_members == 0


def count_overview_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("reports:overview")).status_code == 200
    return len(queries)


def test_overview_queries_do_not_grow_with_the_members(
    client_for, manager_a, busy_cluster, django_assert_max_num_queries
):
    client = client_for(manager_a)
    for number in range(2):
        member(busy_cluster, f"Extra {number}", on=date(2012 + number, 1, 1))
    with_five = count_overview_queries(client)
    for number in range(45):
        member(busy_cluster, f"More {number}", on=date(2010 + number % 15, 1, 1))
    assert count_overview_queries(client) == with_five
    # session, user, the current cluster, staff roles (rule), active members by helix and
    # type (one query, their total reused by the portfolio), the membership transitions
    # (series), bodies with their next meeting, programmes, alliances with participant
    # counts, the next meetings, the portfolio (totals, countries, kinds, goals,
    # participating members), the switcher.
    with django_assert_max_num_queries(16):
        client.get(reverse("reports:overview"))


# Charts and static files ---------------------------------------------------------------------


def test_chart_labels_cannot_break_out_of_the_embedded_json():
    chart = horizontal_bar_chart(
        "chart-x", "Title", [("</script><script>alert(1)</script>", 1)], "Count"
    )
    html = render_to_string("reports/_chart.html", {"chart": chart})
    assert "<script>alert(1)" not in html
    assert '<script id="chart-x" type="application/json">' in html


def test_no_chart_without_data():
    assert horizontal_bar_chart("chart-x", "Title", [], "Count") is None


def test_plotly_and_the_chart_script_are_served_from_our_static_files(client):
    for path in ("/static/vendor/plotly/plotly.min.js", "/static/js/charts.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        content = b"".join(response.streaming_content)
        assert b"Plotly" in content[:20000] or b"newPlot" in content, path

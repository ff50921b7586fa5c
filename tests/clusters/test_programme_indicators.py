"""A programme's indicators: its period, the common indicators it gets, its own indicators,
baselines and targets; the pages that change them and who may."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clusters.models import CountingRule, Indicator, IndicatorTarget, StaffRole
from clusters.services import (
    programme_indicator_define,
    programme_indicator_set_targets,
    programme_save,
)
from tests.factories.clusters import (
    ClusterRoleFactory,
    FunderFactory,
    FunderUserFactory,
    make_programme,
)

pytestmark = pytest.mark.django_db

COMMON_2014 = ["CO01", "CO02", "CO04", "CO05", "CO26", "CO28", "CO29"]
COMMON_2021 = ["RCO01", "RCO02", "RCO04", "RCO05", "RCO10", "RCR03", "RCR04"]


@pytest.fixture
def programme_a(cluster_a):
    # 2016–2018: the 2014–2020 period, from its start year.
    return make_programme(cluster_a, FunderFactory(name="ERDF"))


def codes(programme) -> list[str]:
    return sorted(programme.indicators.values_list("indicator__code", flat=True))


def own(code="TRIIP-1", rule=CountingRule.FIRMS_WITH_OUTCOME, kind="new_customer") -> dict:
    return {
        "code": code,
        "name": "Firms with new customers abroad",
        "unit": "enterprises",
        "counting_rule": rule,
        "outcome_kind": kind,
    }


# Services ------------------------------------------------------------------------------------


def test_a_new_programme_gets_the_common_indicators_of_its_period(programme_a):
    assert programme_a.period == "2014-2020"
    assert codes(programme_a) == COMMON_2014
    assert not IndicatorTarget.objects.exists()


def test_a_programme_may_say_its_period(cluster_a):
    programme = make_programme(cluster_a, FunderFactory(), code="LATE", period="2021-2027")
    assert codes(programme) == COMMON_2021


def test_changing_the_period_swaps_blank_common_indicators(programme_a):
    programme_save(programme=programme_a, data={"period": "2021-2027"})
    assert codes(programme_a) == COMMON_2021
    programme_save(programme=programme_a, data={"period": "other"})
    assert codes(programme_a) == []


def test_the_period_stays_while_targets_are_set(programme_a):
    co01 = programme_a.indicators.get(indicator__code="CO01")
    programme_indicator_set_targets(programme_indicator=co01, baseline=0, targets={2018: (5, 10)})
    with pytest.raises(ValidationError) as refused:
        programme_save(programme=programme_a, data={"period": "2021-2027"})
    assert "period" in refused.value.message_dict
    programme_a.refresh_from_db()
    assert programme_a.period == "2014-2020"


def test_an_own_indicator_of_the_outcome_rule_needs_an_outcome_kind(programme_a):
    with pytest.raises(ValidationError) as refused:
        programme_indicator_define(programme=programme_a, data=own(kind=""))
    assert "outcome_kind" in refused.value.message_dict
    use = programme_indicator_define(programme=programme_a, data=own())
    assert (use.indicator.period, use.indicator.programme) == ("2014-2020", programme_a)


def test_an_own_indicator_cannot_take_a_code_the_programme_uses(programme_a):
    programme_indicator_define(programme=programme_a, data=own())
    for code in ("triip-1", "CO01"):
        with pytest.raises(ValidationError) as refused:
            programme_indicator_define(programme=programme_a, data=own(code=code))
        assert "code" in refused.value.message_dict


def test_another_rule_takes_no_outcome_kind(programme_a):
    use = programme_indicator_define(
        programme=programme_a, data=own(rule=CountingRule.GRANTS, kind="new_customer")
    )
    assert use.indicator.outcome_kind == ""


def test_targets_lie_within_the_programme_years(programme_a):
    co01 = programme_a.indicators.get(indicator__code="CO01")
    with pytest.raises(ValidationError) as refused:
        programme_indicator_set_targets(
            programme_indicator=co01, baseline=0, targets={2030: (1, 2)}
        )
    assert "targets" in refused.value.message_dict
    programme_indicator_set_targets(
        programme_indicator=co01, baseline=3, targets={2017: (5, None), 2018: (None, 60)}
    )
    # A year with neither value is removed.
    programme_indicator_set_targets(
        programme_indicator=co01, baseline=3, targets={2017: (None, None), 2018: (None, 60)}
    )
    assert list(co01.targets.values_list("year", "milestone", "target")) == [(2018, None, 60)]


# Pages ---------------------------------------------------------------------------------------


def test_the_programme_page_lists_its_indicators_with_targets(client_for, manager_a, programme_a):
    co01 = programme_a.indicators.get(indicator__code="CO01")
    programme_indicator_set_targets(programme_indicator=co01, baseline=0, targets={2018: (30, 60)})
    page = client_for(manager_a).get(programme_a.get_absolute_url()).content.decode()
    assert "Productive investment: Number of enterprises receiving support" in page
    assert "2018: 30 / 60" in page
    assert reverse("clusters:programme-indicator-targets", args=[programme_a.code, co01.pk]) in page


def test_a_manager_adds_an_own_indicator(client_for, manager_a, programme_a):
    url = reverse("clusters:programme-indicator-create", args=[programme_a.code])
    response = client_for(manager_a).post(url, own())
    assert response.status_code == 302
    assert response["Location"] == programme_a.get_absolute_url()
    assert Indicator.objects.get(programme=programme_a).code == "TRIIP-1"
    response = client_for(manager_a).post(url, own(code="CO02"))
    assert response.status_code == 200
    assert response.context["form"].errors["code"]


def test_a_manager_sets_baseline_milestones_and_targets(client_for, manager_a, programme_a):
    co01 = programme_a.indicators.get(indicator__code="CO01")
    url = reverse("clusters:programme-indicator-targets", args=[programme_a.code, co01.pk])
    client = client_for(manager_a)
    page = client.get(url).content.decode()
    assert 'name="target_2016"' in page and 'name="target_2018"' in page
    response = client.post(url, {"baseline": "2", "milestone_2017": "20", "target_2018": "60"})
    assert response.status_code == 302
    co01.refresh_from_db()
    assert co01.baseline == 2
    assert list(co01.targets.values_list("year", "milestone", "target")) == [
        (2017, 20, None),
        (2018, None, 60),
    ]


def test_a_viewer_may_not_change_indicators(client_for, cluster_a, programme_a):
    viewer = ClusterRoleFactory(cluster=cluster_a, role=StaffRole.VIEWER).user
    co01 = programme_a.indicators.get(indicator__code="CO01")
    client = client_for(viewer)
    url = reverse("clusters:programme-indicator-targets", args=[programme_a.code, co01.pk])
    assert client.post(url, {"baseline": "5"}).status_code == 403
    create = reverse("clusters:programme-indicator-create", args=[programme_a.code])
    assert client.get(create).status_code == 403
    page = client.get(programme_a.get_absolute_url()).content.decode()
    assert "Baseline and targets" not in page


def test_another_programmes_indicator_is_not_found(client_for, manager_a, cluster_a, programme_a):
    other = make_programme(
        cluster_a, FunderFactory(), code="OTHER", start=date(2022, 1, 1), end=date(2027, 12, 31)
    )
    rco01 = other.indicators.get(indicator__code="RCO01")
    url = reverse("clusters:programme-indicator-targets", args=[programme_a.code, rco01.pk])
    assert client_for(manager_a).get(url).status_code == 404


def test_the_managing_authority_adds_an_indicator_and_another_funder_may_not(
    client_for, programme_a
):
    """The users of the programme's funder (its managing authority) set its own indicators;
    a user of another funder does not even see the programme."""
    authority = FunderUserFactory(funder=programme_a.funder).user
    url = reverse("clusters:programme-indicator-create", args=[programme_a.code])
    assert client_for(authority).post(url, own()).status_code == 302
    assert Indicator.objects.get(programme=programme_a).code == "TRIIP-1"
    stranger = FunderUserFactory(funder=FunderFactory(name="Other fund")).user
    assert client_for(stranger).post(url, own(code="TRIIP-2")).status_code == 404
    assert not Indicator.objects.filter(code="TRIIP-2").exists()

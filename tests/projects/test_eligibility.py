"""The eligibility rules of a project, each with the reason it gives."""

from decimal import Decimal

import pytest

from projects.eligibility import eligibility_reasons
from tests.factories.members import micro_firm

pytestmark = pytest.mark.django_db


def test_a_micro_firm_in_a_served_region_is_eligible(project, cluster_a):
    assert eligibility_reasons(project, micro_firm(cluster_a, "Ok AB", region="Dalarna")) == []


def test_a_firm_outside_the_regions_is_told_which_regions_are_served(project, cluster_a):
    reasons = eligibility_reasons(project, micro_firm(cluster_a, "Far AB", region="Värmland"))
    assert reasons == ["The firm is in Värmland; the project serves Gävleborg, Dalarna."]


def test_too_many_employees_and_an_unknown_headcount_are_reasons(project, cluster_a):
    big = micro_firm(cluster_a, "Big AB", employees=12)
    unknown = micro_firm(cluster_a, "Unknown AB", employees=None)
    assert eligibility_reasons(project, big) == [
        "The firm has 12 employees; the project allows at most 9."
    ]
    assert eligibility_reasons(project, unknown) == ["The firm's number of employees is not known."]


def test_turnover_in_sek_is_converted_to_eur_before_the_comparison(project, cluster_a):
    # 20 m SEK ≈ 1.74 m EUR (under 2 m), 25 m SEK ≈ 2.18 m EUR (over).
    under = micro_firm(cluster_a, "Under AB", turnover=Decimal("20000000"), currency="SEK")
    over = micro_firm(cluster_a, "Over AB", turnover=Decimal("25000000"), currency="SEK")
    assert eligibility_reasons(project, under) == []
    assert eligibility_reasons(project, over) == [
        "The firm's turnover (about 2,175,000 EUR) is above 2,000,000 EUR."
    ]


def test_the_size_class_must_be_allowed(project, cluster_a):
    project.max_employees = project.max_turnover_eur = None
    project.allowed_size_classes = ["micro"]
    small = micro_firm(cluster_a, "Small AB", employees=30)
    assert eligibility_reasons(project, small) == [
        "The firm is small; the project is for micro enterprises."
    ]


def test_a_sector_prefix_admits_its_codes_and_refuses_others(project, cluster_a):
    project.allowed_sectors = ["c22", "J62"]
    plastics = micro_firm(cluster_a, "Plastics AB", sectors="C22.19")
    software = micro_firm(cluster_a, "Soft AB", sectors="J62.01, M72")
    food = micro_firm(cluster_a, "Food AB", sectors="C10.1")
    assert eligibility_reasons(project, plastics) == []
    assert eligibility_reasons(project, software) == []
    assert eligibility_reasons(project, food) == [
        "The firm's sectors (C10.1) are outside C22, J62."
    ]


def test_every_broken_rule_is_reported_at_once(project, cluster_a):
    project.allowed_sectors = ["J62"]
    firm = micro_firm(cluster_a, "Wrong AB", region="Värmland", employees=40)
    assert len(eligibility_reasons(project, firm)) == 3

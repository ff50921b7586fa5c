"""The indicator report (reports.selectors.indicators) against a small dataset counted by hand.

Project "ind" of cluster A serves Gävleborg, Dalarna and Värmland and is funded by two
programmes: ERDF-OLD-2014-20 (period 2014–2020) and ERDF-NEW-2021-27 (2021–2027), both
counting a firm from 2 h of support. Every firm was accepted on 19 January 2026 (Fir only on
4 July, after AS_OF, 30 June 2026):

=======  ======  =========  ==========  =====  ==========================================
firm     size    region     founded     hours  what else happened (dated ≤ AS_OF unless said)
=======  ======  =========  ==========  =====  ==========================================
Ace      micro   Gävleborg  2024-06-01  3      claim reimbursed; product new to the market;
                                               joint activity with Gävle University
Birch    small   Dalarna    2010-01-01  3 (c)  claim approved, not reimbursed; prototype;
                                               process innovation; new customer
Cedar    large   Gävleborg  2025-01-01  5      product new to the firm; marketing innovation
Dune     micro   Dalarna    unknown     1      under the threshold: claim reimbursed,
                                               product new to the market
Elm      medium  Gävleborg  unknown     2      export-lab step; organisational innovation;
                                               after AS_OF: claim reimbursed, product new to
                                               the market
Fir      micro   Gävleborg  2025-01-01  10     accepted after AS_OF, coached after AS_OF
=======  ======  =========  ==========  =====  ==========================================

(c) consultant hours from the timbank, not coaching. Gävle University is a partner of the
project: that alone is no cooperation with research. Nobody from Värmland took part.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusters.models import CountingRule, Indicator, ProgrammePeriod
from clusters.services import (
    programme_indicator_add,
    programme_indicator_define,
    programme_indicator_set_targets,
)
from members.choices import Helix
from projects.models import Project
from reports import exports
from reports.selectors.indicators import indicators
from reports.services import report_body, report_run_compute, report_run_request
from reports.suppression import RunView
from tests.factories.activities import (
    CoachingSessionFactory,
    ConsultantFactory,
    ExpenseClaimFactory,
    ExportLabStepFactory,
    ExportLabTrackFactory,
    OutcomeFactory,
    TimbankRequestFactory,
    TimesheetEntryFactory,
    TripFactory,
)
from tests.factories.clusters import ProgrammeFactory, UserFactory
from tests.factories.common import AS_OF, utc_at
from tests.factories.members import OrganizationFactory
from tests.factories.projects import (
    ProjectFactory,
    ProjectFundingFactory,
    ProjectPartnerFactory,
    enrolment_with_history,
)

pytestmark = pytest.mark.django_db

OLD, NEW = "ERDF-OLD-2014-20", "ERDF-NEW-2021-27"
COMMON_2014 = ["CO01", "CO02", "CO04", "CO05", "CO26", "CO28", "CO29"]
COMMON_2021 = ["RCO01", "RCO02", "RCO04", "RCO05", "RCO10", "RCR03", "RCR04"]


class Data:
    """What the tests reach into: the project, the programmes, the firms' enrolments."""


def firm(cluster, name, region, employees, founded_on=None, **fields):
    return OrganizationFactory(
        cluster=cluster,
        legal_name=f"{name} AB",
        short_name=name,
        registry_id=f"5566-{name}",
        region=region,
        employees=employees,
        founded_on=founded_on,
        **fields,
    )


def claim(enrolment, status, reimbursed_on=None):
    trip = TripFactory(
        enrolment=enrolment,
        country="DE",
        city="Berlin",
        start=date(2026, 2, 1),
        end=date(2026, 2, 3),
        status="done",
        requested_at=utc_at(date(2026, 1, 25)),
    )
    return ExpenseClaimFactory(trip=trip, status=status, reimbursed_on=reimbursed_on)


def outcome(enrolment, kind, day=date(2026, 4, 1), **fields):
    return OutcomeFactory(enrolment=enrolment, kind=kind, date=day, **fields)


@pytest.fixture
def data(cluster_a, settings, tmp_path) -> Data:
    settings.MEDIA_ROOT = tmp_path  # the claims' receipts
    d = Data()
    d.project = ProjectFactory(
        cluster=cluster_a,
        slug="ind",
        start=date(2026, 1, 1),
        end=date(2027, 12, 31),
        regions=["Gävleborg", "Dalarna", "Värmland"],
    )
    d.old = ProgrammeFactory(
        code=OLD, start=date(2016, 1, 1), end=date(2023, 12, 31), min_support_hours=Decimal(2)
    )
    d.new = ProgrammeFactory(
        code=NEW, start=date(2022, 1, 1), end=date(2029, 12, 31), min_support_hours=Decimal(2)
    )
    for programme, share in ((d.old, 50), (d.new, 50)):
        ProjectFundingFactory(project=d.project, programme=programme, share=Decimal(share))
    d.university = firm(cluster_a, "Gävle University", "Gävleborg", 1500, helix=Helix.ACADEMIA)
    ProjectPartnerFactory(project=d.project, organization=d.university)
    organizations = {
        "Ace": firm(cluster_a, "Ace", "Gävleborg", 5, date(2024, 6, 1)),
        "Birch": firm(cluster_a, "Birch", "Dalarna", 30, date(2010, 1, 1)),
        "Cedar": firm(cluster_a, "Cedar", "Gävleborg", 300, date(2025, 1, 1)),
        "Dune": firm(cluster_a, "Dune", "Dalarna", 4),
        "Elm": firm(cluster_a, "Elm", "Gävleborg", 100),
        "Fir": firm(cluster_a, "Fir", "Gävleborg", 3, date(2025, 1, 1)),
    }
    e = d.enrolments = {
        name: enrolment_with_history(d.project, organization, "active")
        for name, organization in organizations.items()
        if name != "Fir"
    }
    e["Fir"] = enrolment_with_history(
        d.project, organizations["Fir"], "active", first_day=date(2026, 6, 20)
    )
    coach = UserFactory()
    for name, day, hours in (
        ("Ace", date(2026, 2, 1), 3),
        ("Cedar", date(2026, 2, 1), 5),
        ("Dune", date(2026, 2, 1), 1),
        ("Elm", date(2026, 5, 1), 2),
        ("Fir", date(2026, 7, 10), 10),
    ):
        CoachingSessionFactory(enrolment=e[name], date=day, hours=Decimal(hours), coach=coach)
    request = TimbankRequestFactory(
        enrolment=e["Birch"],
        hours_requested=Decimal(3),
        hours_approved=Decimal(3),
        status="approved",
        requested_at=utc_at(date(2026, 2, 1)),
        decided_at=utc_at(date(2026, 2, 2)),
    )
    TimesheetEntryFactory(
        request=request,
        consultant=ConsultantFactory(cluster=cluster_a),
        date=date(2026, 2, 10),
        hours=Decimal(3),
    )
    track = ExportLabTrackFactory(
        enrolment=e["Elm"], target_market="NO", stage="market_choice", stage_entered_on=AS_OF
    )
    ExportLabStepFactory(track=track, stage="market_choice", entered_on=date(2026, 3, 1))
    claim(e["Ace"], "reimbursed", date(2026, 3, 1))
    claim(e["Birch"], "approved")
    claim(e["Dune"], "reimbursed", date(2026, 3, 1))
    claim(e["Elm"], "reimbursed", date(2026, 7, 10))
    outcome(e["Ace"], "product_new_to_market")
    outcome(e["Ace"], "research_cooperation", partner=d.university)
    outcome(e["Birch"], "prototype")
    outcome(e["Birch"], "process_innovation")
    outcome(e["Birch"], "new_customer")
    outcome(e["Cedar"], "product_new_to_firm")
    outcome(e["Cedar"], "marketing_innovation")
    outcome(e["Dune"], "product_new_to_market")
    outcome(e["Elm"], "organisational_innovation")
    outcome(e["Elm"], "product_new_to_market", day=date(2026, 7, 15))
    return d


def only(project) -> Project:
    return Project.objects.filter(pk=project.pk)


def section_of(d: Data, programme, as_of: date = AS_OF) -> dict:
    (section,) = indicators(only(d.project), programme, as_of)["programmes"]
    return section


def achieved(section: dict) -> dict[str, int]:
    return {row["code"]: row["achieved"] for row in section["indicators"]}


def row_of(section: dict, code: str) -> dict:
    return next(row for row in section["indicators"] if row["code"] == code)


# Each indicator with its counting rule, in both periods ---------------------------------------

# The same rule gives the same count in both catalogues, counted by hand from the table above.
BY_RULE = {
    # Ace, Birch, Cedar, Elm (Dune has 1 h of the 2; Fir was accepted after AS_OF)
    "enterprises_supported": (("CO01", "RCO01"), 4),
    # Ace; Birch's claim is not reimbursed, Elm's was reimbursed after AS_OF
    "grants": (("CO02", "RCO02"), 1),
    # Ace and Cedar (coaching), Birch (consultant hours), Elm (export lab and coaching)
    "non_financial_support": (("CO04", "RCO04"), 4),
    # Ace (1.6 years old at its first support) and Cedar (1 year); Elm's age is unknown
    "new_enterprises": (("CO05", "RCO05"), 2),
    # Ace's joint activity with the university; being a project partner gives nobody anything
    "research_cooperation": (("CO26", "RCO10"), 1),
}


@pytest.mark.parametrize("rule", list(BY_RULE))
def test_each_rule_counts_the_same_in_both_periods(data, rule):
    (old_code, new_code), expected = BY_RULE[rule]
    old, new = section_of(data, data.old), section_of(data, data.new)
    assert row_of(old, old_code)["rule"] == rule == row_of(new, new_code)["rule"]
    assert row_of(old, old_code)["achieved"] == expected
    assert row_of(new, new_code)["achieved"] == expected


def test_the_2014_2020_programme_reports_its_catalogue_only(data):
    section = section_of(data, data.old)
    assert section["period"] == "2014-2020"
    assert achieved(section) == {
        "CO01": 4,
        "CO02": 1,
        "CO04": 4,
        "CO05": 2,
        "CO26": 1,
        "CO28": 1,  # Ace; Dune is under the threshold, Elm's launch is after AS_OF
        "CO29": 2,  # Cedar, and Ace: new to the market is new to the firm too
    }


def test_the_2021_2027_programme_reports_its_catalogue_only(data):
    section = section_of(data, data.new)
    assert section["period"] == "2021-2027"
    assert achieved(section) == {
        "RCO01": 4,
        "RCO02": 1,
        "RCO04": 4,
        "RCO05": 2,
        "RCO10": 1,
        "RCR03": 2,  # Ace (new to the market), Birch (process); Cedar is large
        "RCR04": 1,  # Elm (organisational); Cedar's marketing innovation, but it is large
    }


def test_enterprises_supported_are_split_by_size_and_region_with_zero_regions(data):
    rco01 = row_of(section_of(data, data.new), "RCO01")
    assert rco01["by_size"] == {"micro": 1, "small": 1, "medium": 1, "large": 1}
    assert rco01["by_region"] == {"Dalarna": 1, "Gävleborg": 3, "Värmland": 0}
    # Every indicator lists every region the project names, with 0 where nobody counts.
    for row in section_of(data, data.old)["indicators"]:
        assert row["by_region"]["Värmland"] == 0
        assert sum(row["by_region"].values()) == row["achieved"]
        assert ("by_size" in row) == (row["code"] == "CO01")
    assert section_of(data, data.old)["nuts"] == {
        "Dalarna": "SE312",
        "Gävleborg": "SE313",
        "Värmland": "SE311",
    }


def test_a_university_partner_alone_is_no_cooperation_with_research(data):
    data.enrolments["Ace"].outcomes.filter(kind="research_cooperation").delete()
    assert row_of(section_of(data, data.old), "CO26")["achieved"] == 0
    assert row_of(section_of(data, data.new), "RCO10")["achieved"] == 0


def test_a_prototype_alone_is_no_innovation(data):
    # Birch keeps only its prototype; its process innovation is gone.
    data.enrolments["Birch"].outcomes.filter(kind="process_innovation").delete()
    new = section_of(data, data.new)
    assert row_of(new, "RCR03")["achieved"] == 1  # Ace only
    assert row_of(section_of(data, data.old), "CO28")["achieved"] == 1  # Ace only
    outcome(data.enrolments["Birch"], "prototype", day=date(2026, 5, 1))
    assert row_of(section_of(data, data.new), "RCR03")["achieved"] == 1


def test_reimbursed_trip_money_is_a_grant_and_an_unreimbursed_claim_is_not(data):
    assert row_of(section_of(data, data.old), "CO02")["by_region"] == {
        "Dalarna": 0,  # Birch: approved, not paid yet
        "Gävleborg": 1,  # Ace
        "Värmland": 0,
    }
    data.enrolments["Birch"].trips.get().claims.update(
        status="reimbursed", reimbursed_on=date(2026, 6, 30)
    )
    assert row_of(section_of(data, data.old), "CO02")["achieved"] == 2
    assert row_of(section_of(data, data.new), "RCO02")["achieved"] == 2


def test_an_export_lab_step_alone_is_non_financial_support(cluster_a):
    project = ProjectFactory(cluster=cluster_a, slug="lab-only")
    programme = ProgrammeFactory(start=date(2022, 1, 1), min_support_hours=Decimal(0))
    ProjectFundingFactory(project=project, programme=programme, share=Decimal(100))
    lab, idle = (
        enrolment_with_history(project, firm(cluster_a, name, "Dalarna", 5), "active")
        for name in ("Lab", "Idle")
    )
    track = ExportLabTrackFactory(
        enrolment=lab, target_market="NO", stage="market_choice", stage_entered_on=AS_OF
    )
    ExportLabStepFactory(track=track, stage="market_choice", entered_on=date(2026, 3, 1))
    (section,) = indicators(only(project), programme, AS_OF)["programmes"]
    assert achieved(section)["RCO01"] == 2  # no threshold: Lab and Idle count as supported
    assert achieved(section)["RCO04"] == 1  # Lab only: Idle got nothing
    assert lab.organization.short_name == "Lab" and idle.organization.short_name == "Idle"


def test_records_after_as_of_do_not_count(data):
    later = date(2026, 8, 1)
    assert achieved(section_of(data, data.new, later)) == {
        "RCO01": 5,  # and Fir, accepted on 4 July and coached on 10 July
        "RCO02": 2,  # and Elm, reimbursed on 10 July
        "RCO04": 5,
        "RCO05": 3,  # and Fir, founded in 2025
        "RCO10": 1,
        "RCR03": 3,  # and Elm's product of 15 July
        "RCR04": 1,
    }
    # Before anyone was accepted, nothing counts.
    assert set(achieved(section_of(data, data.new, date(2026, 1, 10))).values()) == {0}


def test_targets_milestones_and_the_baseline_are_reported(data):
    rco01 = data.new.indicators.get(indicator__code="RCO01")
    programme_indicator_set_targets(
        programme_indicator=rco01, baseline=2, targets={2026: (3, 8), 2029: (None, 20)}
    )
    row = row_of(section_of(data, data.new), "RCO01")
    assert (row["name"], row["unit"]) == (
        "Enterprises supported (of which: micro, small, medium, large)",
        "enterprises",
    )
    assert row["baseline"] == 2
    assert row["targets"] == {
        "2026": {"milestone": 3, "target": 8},
        "2029": {"milestone": None, "target": 20},
    }
    assert row_of(section_of(data, data.new), "RCO02")["targets"] == {}


def test_a_programme_specific_indicator_is_counted_by_its_rule(data):
    programme_indicator_define(
        programme=data.new,
        data={
            "code": "NEW-X1",
            "name": "Firms with new customers",
            "unit": "enterprises",
            "counting_rule": CountingRule.FIRMS_WITH_OUTCOME,
            "outcome_kind": "new_customer",
        },
    )
    section = section_of(data, data.new)
    assert [row["code"] for row in section["indicators"]] == [*COMMON_2021, "NEW-X1"]
    own = row_of(section, "NEW-X1")
    assert (own["achieved"], own["common"], own["by_region"]["Dalarna"]) == (1, False, 1)
    # The other programme does not see it.
    assert "NEW-X1" not in achieved(section_of(data, data.old))


def test_a_project_report_has_a_section_per_funding_programme(data):
    body = report_body(kind="indicators", project=data.project, programme=None, as_of=AS_OF)
    sections = body["figures"]["programmes"]
    assert [s["programme"] for s in sections] == [NEW, OLD]
    assert [row["code"] for row in sections[0]["indicators"]] == COMMON_2021
    assert [row["code"] for row in sections[1]["indicators"]] == COMMON_2014
    assert [s["min_support_hours"] for s in sections] == [2.0, 2.0]


def test_each_programme_applies_its_own_threshold(data):
    data.old.min_support_hours = Decimal(4)
    data.old.save()
    body = report_body(kind="indicators", project=data.project, programme=None, as_of=AS_OF)
    by_programme = {s["programme"]: achieved(s) for s in body["figures"]["programmes"]}
    assert by_programme[OLD]["CO01"] == 1  # Cedar's 5 h only
    assert by_programme[NEW]["RCO01"] == 4


def test_build_report_prints_the_indicators_of_a_programme(data):
    out = StringIO()
    call_command(
        "build_report", "--kind=indicators", f"--programme={OLD}", "--as-of=2026-06-30", stdout=out
    )
    body = json.loads(out.getvalue())
    (section,) = body["figures"]["programmes"]
    assert [row["code"] for row in section["indicators"]] == COMMON_2014
    assert row_of(section, "CO01")["achieved"] == 4


# The catalogue -------------------------------------------------------------------------------


def test_the_common_catalogues_are_seeded():
    rows = Indicator.objects.filter(programme=None).values_list("period", "code", "counting_rule")
    by_period = {}
    for period, code, rule in rows:
        by_period.setdefault(period, {})[code] = rule
    assert sorted(by_period["2014-2020"]) == COMMON_2014
    assert sorted(by_period["2021-2027"]) == COMMON_2021
    assert by_period["2014-2020"]["CO26"] == by_period["2021-2027"]["RCO10"]
    assert set(Indicator.objects.values_list("unit", flat=True)) == {"enterprises"}


def test_a_programme_refuses_an_indicator_of_another_period(data):
    co01 = Indicator.objects.get(code="CO01", programme=None)
    with pytest.raises(ValidationError) as refused:
        programme_indicator_add(programme=data.new, indicator=co01)
    assert "indicator" in refused.value.message_dict
    assert not data.new.indicators.filter(indicator=co01).exists()


def test_a_programme_of_no_eu_period_has_only_its_own_indicators(cluster_a):
    programme = ProgrammeFactory(start=date(2012, 1, 1), end=date(2017, 12, 31))
    assert programme.period == ProgrammePeriod.OTHER
    assert not programme.indicators.exists()


# Query budget --------------------------------------------------------------------------------


def add_firms(project, count: int, start: int) -> None:
    coach = UserFactory()
    for number in range(start, start + count):
        organization = firm(project.cluster, f"F{number}", f"Region {number % 3}", 5)
        enrolment = enrolment_with_history(project, organization, "active")
        CoachingSessionFactory(
            enrolment=enrolment, date=date(2026, 3, 1), hours=Decimal(6), coach=coach
        )
        claim(enrolment, "reimbursed", date(2026, 3, 2))
        outcome(enrolment, "process_innovation")


def queries_of(compute) -> int:
    with CaptureQueriesContext(connection) as captured:
        compute()
    return len(captured.captured_queries)


def test_queries_do_not_grow_with_the_number_of_firms(data, django_assert_max_num_queries):
    projects = only(data.project)
    before = queries_of(lambda: indicators(projects, None, AS_OF))
    add_firms(data.project, 12, start=0)
    # The programmes funding the project with their indicators and their targets, in one
    # query; the supported enrolments; coaching hours, consultant hours, export-lab steps,
    # reimbursed claims and outcome kinds per enrolment in one query; the regions the project
    # names (issue 12: ten queries before, then six).
    with django_assert_max_num_queries(4):
        result = indicators(projects, None, AS_OF)
    assert queries_of(lambda: indicators(projects, None, AS_OF)) == before
    assert achieved(result["programmes"][0])["RCO01"] == 16


def test_the_spreadsheet_export_flattens_each_programme_indicator(data):
    run = report_run_compute(
        run_id=report_run_request(
            kind="indicators", programme=data.new, requested_by=None, as_of=AS_OF
        ).pk
    )
    view = RunView(
        body=run.result, canonical=run.canonical, checksum=run.checksum, suppressed=False
    )
    # section, key, value, suppressed (the label columns have their own tests)
    rows = {(row[0], row[2], row[4], row[5]) for row in exports.rows(run, view)}
    section = f"indicators.{NEW}"
    assert (section, "period", "2021-2027", "") in rows
    assert (section, "RCO01.achieved", 4, "") in rows
    assert (section, "RCO01.by_size.micro", 1, "") in rows
    assert (section, "RCO01.by_region.Värmland", 0, "") in rows
    assert (section, "nuts.Gävleborg", "SE313", "") in rows

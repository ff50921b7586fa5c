"""The seeded demo reports the EU common indicators of both programming periods (docs/domain.md
§6): the closed TRIIP of 2016–2018 through the ERDF programme of 2014–2020 (CO codes), the
running TRIIP 2026 through the one of 2021–2027 (RCO/RCR codes). Every expected value below is
counted by hand from demo/data and demo/crowd.py; the ERDF counts only firms with at least
5 hours of coaching and consultant hours."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from clusters.models import Programme, ProgrammeParticipation
from internationalization.models import Outcome
from projects.models import Enrolment, Project

pytestmark = pytest.mark.django_db

CLOSURE = date(2018, 12, 31)
TODAY = date(2026, 11, 30)
UNIVERSITY = "202100-3096"
INNOVATIONS = (
    "product_new_to_market",
    "product_new_to_firm",
    "process_innovation",
    "marketing_innovation",
    "organisational_innovation",
)


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """Seeded once inside a transaction rolled back after the module."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", quiet_logins=True, stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def indicators(programme: str, as_of: date) -> dict:
    out = StringIO()
    arguments = ["--kind", "indicators", "--programme", programme, "--as-of", as_of.isoformat()]
    call_command("build_report", *arguments, stdout=out)
    (section,) = json.loads(out.getvalue())["figures"]["programmes"]
    return section


def rows(section: dict) -> dict[str, dict]:
    return {row["code"]: row for row in section["indicators"]}


def regions(gavleborg: int, dalarna: int) -> dict[str, int]:
    return {"Dalarna": dalarna, "Gävleborg": gavleborg, "Värmland": 0}


def test_erdf_2014_20_reports_the_co_codes_with_their_targets_at_the_closure():
    section = indicators("ERDF-SE-NM-2014-20", CLOSURE)
    assert (section["period"], section["min_support_hours"]) == ("2014-2020", 5.0)
    by_code = rows(section)
    assert list(by_code) == ["CO01", "CO02", "CO04", "CO05", "CO26", "CO28", "CO29"]
    achieved = {code: row["achieved"] for code, row in by_code.items()}
    assert achieved == {
        # 55 supported, less the 8 firms of fewer than 5 hours.
        "CO01": 47,
        "CO02": 10,
        "CO04": 47,
        # The four generated firms of the smallest turnover (559310-2001, -2026, -2034,
        # -2042); Sensorhuset, a start-up of 2015, had only 2 hours.
        "CO05": 4,
        # Gävle Sealing, GeoVista and three industrial firms of Gävleborg, with the university.
        "CO26": 5,
        # Gävle Sealing, and the prototypes of two generated leaders (559310-2004, -2010).
        "CO28": 3,
        # Those three, the distillery's gift box and six generated firms' products.
        "CO29": 10,
    }
    assert by_code["CO05"]["by_region"] == regions(4, 0)
    assert by_code["CO26"]["by_region"] == regions(5, 0)
    assert by_code["CO28"]["by_region"] == regions(2, 1)
    assert by_code["CO29"]["by_region"] == regions(8, 2)
    assert by_code["CO01"]["by_size"] == {"micro": 47, "small": 0, "medium": 0, "large": 0}
    targets = {code: (row["baseline"], row["targets"]) for code, row in by_code.items()}
    assert targets["CO01"] == (
        0,
        {"2018": {"milestone": 30, "target": None}, "2022": {"milestone": None, "target": 60}},
    )
    assert targets["CO05"] == (0, {"2022": {"milestone": None, "target": 5}})
    assert targets["CO26"] == (0, {"2022": {"milestone": None, "target": 10}})
    assert targets["CO28"] == (0, {"2022": {"milestone": None, "target": 8}})
    assert targets["CO29"] == (0, {"2022": {"milestone": None, "target": 15}})


def test_erdf_2014_20_at_the_end_of_the_entry_phase_counts_what_was_dated_by_then():
    section = indicators("ERDF-SE-NM-2014-20", date(2017, 12, 31))
    achieved = {code: row["achieved"] for code, row in rows(section).items()}
    # All joint research was in 2017; the products of 559310-2010, -2012 and -2014 in 2018.
    assert (achieved["CO26"], achieved["CO28"], achieved["CO29"]) == (5, 2, 7)


def test_erdf_2021_27_reports_only_the_rco_and_rcr_codes_for_triip_2026():
    section = indicators("ERDF-SE-NM-2021-27", TODAY)
    assert (section["period"], section["min_support_hours"]) == ("2021-2027", 5.0)
    by_code = rows(section)
    assert list(by_code) == ["RCO01", "RCO02", "RCO04", "RCO05", "RCO10", "RCR03", "RCR04"]
    achieved = {code: row["achieved"] for code, row in by_code.items()}
    assert achieved == {
        # Gävle Sealing (9.5 h) and Falu Rödfärg Studio (7 h); Smart Wood has 2 hours.
        "RCO01": 2,
        "RCO02": 1,  # Gävle Sealing's trip money, reimbursed in June
        "RCO04": 2,
        "RCO05": 1,  # Falu Rödfärg Studio, founded in 2024
        "RCO10": 1,  # Gävle Sealing's tests with the University of Gävle
        "RCR03": 1,  # Gävle Sealing's kit, new to the German market
        "RCR04": 1,  # Falu Rödfärg Studio's web shop and packaging
    }
    assert by_code["RCO01"]["by_size"] == {"micro": 2, "small": 0, "medium": 0, "large": 0}
    assert by_code["RCO01"]["targets"] == {
        "2024": {"milestone": 10, "target": None},
        "2029": {"milestone": None, "target": 40},
    }
    assert by_code["RCR03"]["targets"] == {"2029": {"milestone": None, "target": 10}}


def test_the_programmes_of_both_periods():
    old, new = (
        Programme.objects.get(code="ERDF-SE-NM-2014-20"),
        Programme.objects.get(code="ERDF-SE-NM-2021-27"),
    )
    assert old.funder == new.funder
    assert new.period == "2021-2027" and new.min_support_hours == old.min_support_hours
    assert ProgrammeParticipation.objects.filter(programme=new, cluster__slug="fpx").exists()
    triip_2026 = Project.objects.get(slug="triip-2026")
    fundings = triip_2026.fundings.values_list("programme__code", "share")
    assert dict(fundings) == {"ERDF-SE-NM-2021-27": 50, "VINNOVA-VINNVAXT": 50}


def test_joint_research_names_the_university_and_innovations_fall_within_participation():
    research = Outcome.objects.filter(kind="research_cooperation")
    assert research.count() == 6
    assert set(research.values_list("partner__registry_id", flat=True)) == {UNIVERSITY}
    assert not Outcome.objects.exclude(kind="research_cooperation").exclude(partner=None).exists()
    triip = Outcome.objects.filter(enrolment__project__slug="triip")
    counts = {kind: triip.filter(kind=kind).count() for kind in INNOVATIONS}
    assert counts == {
        "product_new_to_market": 3,
        "product_new_to_firm": 7,
        "process_innovation": 2,
        "marketing_innovation": 2,
        "organisational_innovation": 1,
    }
    for outcome in Outcome.objects.filter(kind__in=(*INNOVATIONS, "research_cooperation")):
        enrolment = Enrolment.objects.get(pk=outcome.enrolment_id)
        started = enrolment.status_changes.get(to_status="active").on
        ended = enrolment.completed_on or enrolment.dropped_on or enrolment.project.end
        assert started <= outcome.date <= min(ended, TODAY), outcome


def test_a_product_from_a_prototype_leaves_the_prototype():
    """The paper's 12 firms with prototypes stay; nine of them later launched a product."""
    triip = Outcome.objects.filter(enrolment__project__slug="triip")
    prototypes = set(triip.filter(kind="prototype").values_list("enrolment", flat=True))
    products = set(triip.filter(kind__in=INNOVATIONS[:2]).values_list("enrolment", flat=True))
    assert len(prototypes) == 12
    assert len(products & prototypes) == 9


def test_every_firm_of_the_closed_triip_has_a_founding_day_and_five_are_young():
    enrolments = Enrolment.objects.filter(project__slug="triip").select_related("organization")
    assert not enrolments.filter(organization__founded_on=None).exists()
    young = {
        e.organization.registry_id
        for e in enrolments
        if e.organization.founded_on.replace(year=e.organization.founded_on.year + 3) > e.applied_on
    }
    assert young == {"559011-8830", "559310-2001", "559310-2026", "559310-2034", "559310-2042"}

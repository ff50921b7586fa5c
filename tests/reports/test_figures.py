"""The report figures against a dataset built by hand, whose expected numbers are written out
below (counted on paper from the data, never recomputed with reports.selectors.figures).

The dataset: project "alpha-abroad" of cluster A with eight firms in every status, and
project "beta-abroad" of cluster B with three; both financed by programme EU-TEST/2021-27
(minimum support 5 h). Ace (cluster A) and Ace Rus (cluster B) share a registry id: one
enterprise in two clusters, counted once. Elm was accepted but got no support hours, so the
5 h threshold leaves it out of RCO01.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusters.models import Funder, FunderKind, Programme, ProgrammeParticipation
from internationalization.models import (
    CoachingSession,
    Consultant,
    ExportLabStep,
    ExportLabTrack,
    Outcome,
    TimbankPool,
    TimbankRequest,
    TimesheetEntry,
    Trip,
    Workshop,
    WorkshopParticipation,
)
from members.choices import Helix
from projects.models import (
    Enrolment,
    EnrolmentStatusChange,
    Project,
    ProjectFunding,
    ProjectPartner,
)
from reports.selectors import figures
from reports.services import report_body
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 6, 30)  # "60 days without activity" looks back to 2026-05-01, exclusive

PATHS = {
    "completed": ["applied", "interviewed", "accepted", "active", "completed"],
    "active": ["applied", "interviewed", "accepted", "active"],
    "dropped_late": ["applied", "interviewed", "accepted", "active", "dropped"],
    "accepted": ["applied", "interviewed", "accepted"],
    "rejected": ["applied", "interviewed", "rejected"],
    "applied": ["applied"],
    "dropped_early": ["applied", "dropped"],
}


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@dataclass
class Dataset:
    project: Project
    other_project: Project
    programme: Programme
    regional_programme: Programme
    enrolments: dict[str, Enrolment]


def firm(cluster, name: str, registry_id: str, region: str, employees: int, **fields):
    return OrganizationFactory(
        cluster=cluster,
        legal_name=f"{name} AB",
        short_name=name,
        registry_id=registry_id,
        region=region,
        employees=employees,
        **fields,
    )


def enrol(project, organization, path: str, *, allotted=20, phase="") -> Enrolment:
    """An enrolment that went through ``PATHS[path]``, one step a week from 2026-01-05."""
    steps = PATHS[path]
    enrolment = Enrolment.objects.create(
        project=project,
        organization=organization,
        status=steps[-1],
        applied_on=date(2026, 1, 5),
        score_market=3,
        score_customers=3,
        score_situation=3,
        eligible=True,
        coaching_hours_allotted=Decimal(allotted),
        dropout_phase=phase,
    )
    previous = ""
    for week, status in enumerate(steps):
        EnrolmentStatusChange.objects.create(
            enrolment=enrolment,
            from_status=previous,
            to_status=status,
            at=at(date(2026, 1, 5) + timedelta(weeks=week)),
        )
        previous = status
    return enrolment


def project_of(cluster, slug: str, *, target_firms: int, target_completed: int) -> Project:
    return Project.objects.create(
        cluster=cluster,
        name=slug.replace("-", " ").title(),
        slug=slug,
        status="running",
        start=date(2026, 1, 1),
        end=date(2027, 12, 31),
        enrolment_start=date(2026, 1, 1),
        enrolment_end=date(2026, 12, 31),
        target_firms=target_firms,
        target_completed=target_completed,
    )


def programme_of(code: str, funder: Funder, min_support_hours: str) -> Programme:
    return Programme.objects.create(
        funder=funder,
        name=code,
        code=code,
        budget=Decimal("1000000"),
        start=date(2021, 1, 1),
        end=date(2027, 12, 31),
        cofinancing_rate=Decimal("50"),
        hourly_value=Decimal("90"),
        min_support_hours=Decimal(min_support_hours),
    )


def build_dataset(cluster_a, cluster_b) -> Dataset:
    coach = UserFactory(email="coach.figures@example.org")
    alpha = project_of(cluster_a, "alpha-abroad", target_firms=10, target_completed=4)
    beta = project_of(cluster_b, "beta-abroad", target_firms=5, target_completed=2)
    eu = programme_of(
        "EU-TEST/2021-27", Funder.objects.create(name="EU", kind=FunderKind.EU_FUND), "5"
    )
    region = programme_of(
        "REGION-TEST", Funder.objects.create(name="Region", kind=FunderKind.REGION), "2"
    )
    for cluster, programme in ((cluster_a, eu), (cluster_b, eu), (cluster_a, region)):
        ProgrammeParticipation.objects.create(cluster=cluster, programme=programme)
    ProjectFunding.objects.create(project=alpha, programme=eu, share=Decimal("60"))
    ProjectFunding.objects.create(project=alpha, programme=region, share=Decimal("40"))
    ProjectFunding.objects.create(project=beta, programme=eu, share=Decimal("100"))
    university = firm(
        cluster_a, "Gävle University", "202100-3211", "Gävleborg", 1500, helix=Helix.ACADEMIA
    )
    ProjectPartner.objects.create(project=alpha, organization=university, role="operational")

    e = {}
    # name, project, registry id, region, employees, path, coaching hours allotted, dropout phase
    for name, project, registry_id, region_name, employees, path, allotted, phase in (
        ("Ace", alpha, "556100-0001", "Gävleborg", 5, "completed", 20, ""),
        ("Birch", alpha, "556100-0002", "Gävleborg", 8, "active", 20, ""),
        ("Cedar", alpha, "556100-0003", "Dalarna", 30, "active", 20, ""),
        ("Dune", alpha, "556100-0004", "Dalarna", 300, "dropped_late", 20, "after_workshops"),
        ("Elm", alpha, "556100-0005", "Värmland", 3, "accepted", 10, ""),
        ("Fir", alpha, "556100-0006", "Värmland", 2, "rejected", 20, ""),
        ("Gale", alpha, "556100-0007", "Gävleborg", 6, "applied", 20, ""),
        ("Heath", alpha, "556100-0008", "Dalarna", 4, "dropped_early", 20, "intake"),
        # The same enterprise as Ace, as a member of cluster B.
        ("Ace Rus", beta, "556100-0001", "Gävleborg", 5, "active", 20, ""),
        ("Borealis", beta, "556200-0002", "Kaluga", 100, "active", 20, ""),
        ("Cobalt", beta, "556200-0003", "Kaluga", 7, "rejected", 20, ""),
    ):
        organization = firm(project.cluster, name, registry_id, region_name, employees)
        e[name] = enrol(project, organization, path, allotted=allotted, phase=phase)

    for name, day, hours in (
        ("Ace", date(2026, 1, 10), "6.00"),
        ("Ace", date(2026, 2, 10), "4.50"),
        ("Birch", date(2026, 5, 20), "3.00"),
        ("Cedar", date(2026, 3, 1), "2.00"),
        ("Dune", date(2026, 2, 1), "5.25"),
        ("Ace Rus", date(2026, 6, 1), "2.00"),
        ("Borealis", date(2026, 3, 1), "6.00"),
    ):
        CoachingSession.objects.create(
            enrolment=e[name], date=day, hours=Decimal(hours), topic="Market", coach=coach
        )

    first = Workshop.objects.create(project=alpha, title="Export vision", date=date(2026, 2, 15))
    second = Workshop.objects.create(project=alpha, title="Pitch", date=date(2026, 4, 15))
    third = Workshop.objects.create(project=beta, title="Vision", date=date(2026, 3, 5))
    for workshop, name, attended in (
        (first, "Ace", True),
        (second, "Ace", True),
        (first, "Birch", True),
        (second, "Birch", False),
        (first, "Cedar", None),
        (first, "Dune", True),
        (third, "Borealis", True),
        (third, "Ace Rus", False),
    ):
        WorkshopParticipation.objects.create(
            workshop=workshop, enrolment=e[name], attended=attended
        )

    TimbankPool.objects.create(
        project=alpha, hours_total=Decimal("100"), hours_reserved=Decimal("20.5")
    )
    TimbankPool.objects.create(project=beta, hours_total=Decimal("50"))
    consultant = Consultant.objects.create(cluster=cluster_a, name="Lex", services=["legal"])
    requests = {}
    # name: (firm, status, hours asked, hours approved, asked at, decided at)
    for key, name, status, asked, approved, asked_at, decided_at in (
        ("R1", "Ace", "approved", "10", "10", at(date(2026, 1, 5)), at(date(2026, 1, 15))),
        ("R2", "Birch", "closed", "5", "5", at(date(2026, 2, 1)), at(date(2026, 2, 5))),
        ("R3", "Cedar", "approved", "8", "8", at(date(2026, 3, 1)), at(date(2026, 3, 22), 21)),
        ("R4", "Dune", "rejected", "6", "0", at(date(2026, 2, 10)), at(date(2026, 2, 17))),
        ("R5", "Elm", "pending", "4", "0", at(date(2026, 6, 1)), None),
        ("R6", "Birch", "info_requested", "3", "0", at(date(2026, 6, 10)), None),
    ):
        requests[key] = TimbankRequest.objects.create(
            enrolment=e[name],
            service="legal",
            hours_requested=Decimal(asked),
            hours_approved=Decimal(approved),
            needed_by=date(2026, 9, 1),
            purpose="Contracts",
            status=status,
            requested_at=asked_at,
            decided_at=decided_at,
        )
    for key, day, hours in (
        ("R1", date(2026, 1, 20), "3.00"),
        ("R1", date(2026, 2, 20), "4.00"),
        ("R2", date(2026, 2, 10), "2.50"),
        ("R3", date(2026, 4, 1), "4.00"),
    ):
        TimesheetEntry.objects.create(
            request=requests[key], consultant=consultant, date=day, hours=Decimal(hours)
        )

    for name, country, start, end, status in (
        ("Ace", "US", date(2026, 3, 10), date(2026, 3, 14), "done"),
        ("Birch", "NO", date(2026, 7, 1), date(2026, 7, 3), "approved"),
        ("Cedar", "DE", date(2026, 4, 20), date(2026, 4, 25), "done"),
        ("Dune", "FR", date(2026, 3, 1), date(2026, 3, 2), "applied"),
        # Ends after AS_OF: no activity "in the last 60 days" yet.
        ("Borealis", "CN", date(2026, 8, 1), date(2026, 8, 10), "applied"),
    ):
        Trip.objects.create(
            enrolment=e[name],
            country=country,
            city="City",
            start=start,
            end=end,
            purpose="fair",
            status=status,
            requested_at=at(date(2026, 1, 20)),
        )

    for name, market, steps in (
        ("Ace", "US", [("market_choice", date(2026, 1, 15)), ("acceleration", date(2026, 5, 15))]),
        ("Birch", "NO", [("market_choice", date(2026, 2, 1)), ("pilot_launch", date(2026, 4, 1))]),
        (
            "Cedar",
            "DE",
            [
                ("market_choice", date(2026, 2, 1)),
                ("market_analysis", date(2026, 3, 1)),
                ("incubation", date(2026, 4, 1)),
                # Exactly 60 days before AS_OF: too old to count as recent activity.
                ("pilot_launch", date(2026, 5, 1)),
            ],
        ),
        (
            "Dune",
            "FR",
            [("market_choice", date(2026, 2, 5)), ("market_analysis", date(2026, 2, 25))],
        ),
        ("Borealis", "CN", [("market_choice", date(2026, 2, 20))]),
    ):
        stage, entered = steps[-1]
        track = ExportLabTrack.objects.create(
            enrolment=e[name], target_market=market, stage=stage, stage_entered_on=entered
        )
        for step_stage, day in steps:
            ExportLabStep.objects.create(track=track, stage=step_stage, entered_on=day)

    for name, kind, day, country, quantity in (
        ("Ace", "international_contact", date(2026, 2, 1), "US", 1),
        ("Ace", "new_customer", date(2026, 3, 20), "US", 1),
        ("Ace", "units_sold", date(2026, 3, 20), "US", 3),
        ("Ace", "market_entered", date(2026, 4, 1), "US", 1),
        ("Ace", "prototype", date(2026, 2, 15), "", 1),
        ("Birch", "international_partner", date(2026, 5, 25), "NO", 1),
        ("Birch", "market_entered", date(2026, 5, 30), "NO", 1),
        ("Cedar", "international_contact", date(2026, 4, 22), "DE", 1),
        ("Cedar", "international_contact", date(2026, 4, 23), "DE", 1),
        ("Cedar", "units_sold", date(2026, 4, 24), "DE", 15),
        ("Cedar", "prototype", date(2026, 4, 10), "", 1),
        ("Cedar", "new_customer", date(2026, 4, 24), "DE", 1),
        ("Cedar", "market_entered", date(2026, 4, 26), "DE", 1),
        ("Cedar", "market_entered", date(2026, 4, 27), "", 1),  # no country: not a market
        ("Dune", "product_launched", date(2026, 2, 20), "", 1),
        ("Fir", "new_customer", date(2026, 3, 1), "SE", 1),  # rejected: not supported
        ("Ace Rus", "international_contact", date(2026, 6, 2), "CN", 1),
        ("Ace Rus", "market_entered", date(2026, 6, 15), "CN", 1),
        ("Borealis", "prototype", date(2026, 3, 10), "", 1),
    ):
        Outcome.objects.create(
            enrolment=e[name],
            kind=kind,
            date=day,
            country=country,
            quantity=quantity,
            source="manager",
        )
    return Dataset(
        project=alpha,
        other_project=beta,
        programme=eu,
        regional_programme=region,
        enrolments=e,
    )


@pytest.fixture
def dataset(cluster_a, cluster_b) -> Dataset:
    return build_dataset(cluster_a, cluster_b)


def only(project: Project):
    return Project.objects.filter(pk=project.pk)


# Project alpha-abroad, counted by hand --------------------------------------------------------

PROJECT_PARTICIPATION = {
    "firms_applied": 8,
    "firms_interviewed": 6,  # all but Gale (applied only) and Heath (dropped at intake)
    "firms_accepted": 5,  # Ace, Birch, Cedar, Dune, Elm
    "firms_rejected": 1,  # Fir
    "firms_active": 2,  # Birch, Cedar
    "firms_completed": 1,  # Ace
    "firms_dropped": 2,  # Dune, Heath
    "firms_supported": 5,  # ever accepted: Ace, Birch, Cedar, Dune, Elm
    "target_firms": 10,
    "target_completed": 4,
    "dropouts_by_phase": {"after_workshops": 1, "intake": 1},
    "by_region": [
        {"region": "Dalarna", "firms_supported": 2, "firms_completed": 0},
        {"region": "Gävleborg", "firms_supported": 2, "firms_completed": 1},
        {"region": "Värmland", "firms_supported": 1, "firms_completed": 0},
    ],
    "coaching_hours_allotted": 90.0,  # 4 × 20 + Elm's 10; not the unsupported firms'
    "coaching_hours_used": 20.75,  # 6 + 4.5 + 3 + 2 + 5.25
    "workshop_attendances": 4,
    "timbank_hours_pool": 100.0,
    "timbank_hours_approved": 23.0,  # 10 + 5 (closed) + 8
    "timbank_hours_used": 13.5,  # 3 + 4 + 2.5 + 4
    "timbank_decision_days_median": 8.5,  # of 10, 4, 21.5 and 7 days
    "timbank_requests_pending": 2,  # pending and info requested
    "trips_done": 2,
    "export_lab_stage_counts": {"acceleration": 1, "market_analysis": 1, "pilot_launch": 2},
    "firms_at_risk": 1,  # Cedar: its last activity is 60 days old; Birch had coaching on 20 May
}

PROJECT_OUTCOMES = {
    "firms_supported": 5,
    "firms_with_international_contacts": 3,  # Ace, Birch (a partner), Cedar (twice)
    "firms_with_new_customers": 2,  # Ace, Cedar; Fir was rejected
    "firms_with_prototypes": 2,  # Ace, Cedar
    "units_sold": 18,
    "markets_entered": ["DE", "NO", "US"],
    "share_firms_with_international_contacts": 0.6,
    "share_firms_with_new_customers": 0.4,
    "share_firms_with_prototypes": 0.4,
}

# Support hours: Ace 10.5 + 7, Birch 3 + 2.5, Cedar 2 + 4, Dune 5.25, Elm 0 (< 5: left out).
PROJECT_INDICATORS = {
    "RCO01": {"total": 4, "micro": 2, "small": 1, "medium": 0, "large": 1},
    "RCO04": 4,
    "RCO10": 4,  # the project has a university partner
    "RCR03": 2,  # Ace and Cedar (prototypes); Dune launched a product but is large
    "min_support_hours": 5.0,  # the stricter of its programmes' 5 h and 2 h
}


def test_participation_of_a_project(dataset):
    assert figures.participation(only(dataset.project), AS_OF) == PROJECT_PARTICIPATION


def test_outcomes_of_a_project(dataset):
    assert figures.outcomes(only(dataset.project)) == PROJECT_OUTCOMES


def test_a_project_reports_indicators_with_its_strictest_programme_threshold(dataset):
    threshold = figures.project_threshold([dataset.project.pk])
    assert threshold == Decimal("5")
    assert figures.indicators(only(dataset.project), threshold) == PROJECT_INDICATORS


def test_the_minimum_support_threshold_leaves_a_firm_out_of_rco01(dataset):
    Programme.objects.update(min_support_hours=0)
    indicators = figures.indicators(only(dataset.project), figures.project_threshold([]))
    # Elm now counts (0 h ≥ 0 h) as a micro-firm; with no support it is still not in RCO04.
    assert indicators["RCO01"] == {"total": 5, "micro": 3, "small": 1, "medium": 0, "large": 1}
    assert indicators["RCO04"] == 4
    assert indicators["min_support_hours"] == 0.0


def test_a_project_report_body_names_what_was_asked(dataset):
    body = report_body(kind="outcomes", project=dataset.project, programme=None, as_of=AS_OF)
    assert body == {
        "kind": "outcomes",
        "scope": {"type": "project", "project": "alpha-abroad"},
        "as_of": "2026-06-30",
        "projects": ["alpha-abroad"],
        "figures": PROJECT_OUTCOMES,
    }


# Programme EU-TEST/2021-27: both projects, Ace and Ace Rus counted once ----------------------

PROGRAMME_PARTICIPATION = {
    "firms_applied": 10,  # 8 + Borealis and Cobalt; Ace Rus is Ace
    "firms_interviewed": 8,
    "firms_accepted": 6,
    "firms_rejected": 2,  # Fir, Cobalt
    "firms_active": 4,  # Birch, Cedar, Ace (as Ace Rus), Borealis
    "firms_completed": 1,
    "firms_dropped": 2,
    "firms_supported": 6,  # not 7: Ace and Ace Rus share a registry id
    "target_firms": 15,
    "target_completed": 6,
    "dropouts_by_phase": {"after_workshops": 1, "intake": 1},
    "by_region": [
        {"region": "Dalarna", "firms_supported": 2, "firms_completed": 0},
        {"region": "Gävleborg", "firms_supported": 2, "firms_completed": 1},
        {"region": "Kaluga", "firms_supported": 1, "firms_completed": 0},
        {"region": "Värmland", "firms_supported": 1, "firms_completed": 0},
    ],
    "coaching_hours_allotted": 130.0,
    "coaching_hours_used": 28.75,
    "workshop_attendances": 5,
    "timbank_hours_pool": 150.0,
    "timbank_hours_approved": 23.0,
    "timbank_hours_used": 13.5,
    "timbank_decision_days_median": 8.5,
    "timbank_requests_pending": 2,
    "trips_done": 2,
    "export_lab_stage_counts": {
        "acceleration": 1,
        "market_analysis": 1,
        "market_choice": 1,
        "pilot_launch": 2,
    },
    "firms_at_risk": 2,  # Cedar, and Borealis (its trip ends after AS_OF)
}

PROGRAMME_OUTCOMES = {
    "firms_supported": 6,
    "firms_with_international_contacts": 3,  # Ace (and as Ace Rus), Birch, Cedar
    "firms_with_new_customers": 2,
    "firms_with_prototypes": 3,  # Ace, Cedar, Borealis
    "units_sold": 18,
    "markets_entered": ["CN", "DE", "NO", "US"],
    "share_firms_with_international_contacts": 0.5,
    "share_firms_with_new_customers": 0.3333,
    "share_firms_with_prototypes": 0.5,
}

# Ace's hours add up over both clusters: 10.5 + 7 + 2. Borealis: 6 h, medium, no research
# partner in beta-abroad.
PROGRAMME_INDICATORS = {
    "RCO01": {"total": 5, "micro": 2, "small": 1, "medium": 1, "large": 1},
    "RCO04": 5,
    "RCO10": 4,
    "RCR03": 3,
    "min_support_hours": 5.0,
}


def programme_body(dataset, kind: str) -> dict:
    return report_body(kind=kind, project=None, programme=dataset.programme, as_of=AS_OF)


def test_participation_of_a_programme_counts_each_enterprise_once(dataset):
    body = programme_body(dataset, "participation")
    assert body["projects"] == ["alpha-abroad", "beta-abroad"]
    without_regions = {k: v for k, v in body["figures"].items() if k != "by_region"}
    expected = {k: v for k, v in PROGRAMME_PARTICIPATION.items() if k != "by_region"}
    assert without_regions == expected


def test_participation_by_region_counts_each_enterprise_once(dataset):
    body = programme_body(dataset, "participation")
    assert body["figures"]["by_region"] == PROGRAMME_PARTICIPATION["by_region"]


def test_outcomes_of_a_programme_count_each_enterprise_once(dataset):
    assert programme_body(dataset, "outcomes")["figures"] == PROGRAMME_OUTCOMES


def test_indicators_of_a_programme_apply_its_own_threshold(dataset):
    assert programme_body(dataset, "indicators")["figures"] == PROGRAMME_INDICATORS


# Query budget --------------------------------------------------------------------------------


def add_firms(project, cluster, coach, consultant, count: int, start: int) -> None:
    """``count`` active firms with a session, a workshop, consultant hours, a trip, an
    export-lab track and an outcome each."""
    workshop = Workshop.objects.create(project=project, title="W", date=date(2026, 2, 1))
    for number in range(start, start + count):
        organization = firm(
            cluster, f"Firm {number}", f"559{number:07d}", f"Region {number % 4}", 5
        )
        enrolment = enrol(project, organization, "active")
        CoachingSession.objects.create(
            enrolment=enrolment, date=date(2026, 3, 1), hours=Decimal(6), topic="T", coach=coach
        )
        WorkshopParticipation.objects.create(workshop=workshop, enrolment=enrolment, attended=True)
        request = TimbankRequest.objects.create(
            enrolment=enrolment,
            service="legal",
            hours_requested=Decimal(2),
            hours_approved=Decimal(2),
            needed_by=date(2026, 9, 1),
            purpose="P",
            status="approved",
            requested_at=at(date(2026, 2, 1)),
            decided_at=at(date(2026, 2, 3)),
        )
        TimesheetEntry.objects.create(
            request=request, consultant=consultant, date=date(2026, 3, 1), hours=Decimal(1)
        )
        Trip.objects.create(
            enrolment=enrolment,
            country="DE",
            city="Berlin",
            start=date(2026, 4, 1),
            end=date(2026, 4, 2),
            purpose="fair",
            status="done",
            requested_at=at(date(2026, 2, 1)),
        )
        track = ExportLabTrack.objects.create(
            enrolment=enrolment,
            target_market="DE",
            stage="incubation",
            stage_entered_on=date(2026, 4, 1),
        )
        ExportLabStep.objects.create(track=track, stage="incubation", entered_on=date(2026, 4, 1))
        Outcome.objects.create(
            enrolment=enrolment, kind="prototype", date=date(2026, 4, 1), source="coach"
        )


def queries_of(compute) -> int:
    with CaptureQueriesContext(connection) as captured:
        compute()
    return len(captured.captured_queries)


def selector_query_counts(project) -> dict[str, int]:
    projects = only(project)
    return {
        "participation": queries_of(lambda: figures.participation(projects, AS_OF)),
        "outcomes": queries_of(lambda: figures.outcomes(projects)),
        "indicators": queries_of(lambda: figures.indicators(projects, Decimal(5))),
    }


def test_selector_queries_do_not_grow_with_the_number_of_firms(cluster_a):
    project = project_of(cluster_a, "budget", target_firms=40, target_completed=10)
    TimbankPool.objects.create(project=project, hours_total=Decimal(500))
    coach = UserFactory()
    consultant = Consultant.objects.create(cluster=cluster_a, name="C", services=["legal"])
    add_firms(project, cluster_a, coach, consultant, 5, start=0)
    with_5 = selector_query_counts(project)
    assert figures.participation(only(project), AS_OF)["firms_active"] == 5
    add_firms(project, cluster_a, coach, consultant, 35, start=5)
    with_40 = selector_query_counts(project)
    assert figures.participation(only(project), AS_OF)["firms_active"] == 40
    assert with_40 == with_5
    # participation: 17 counts and sums, then firms_at_risk's 5 activity lookups and its
    # active firms; outcomes: firms per kind, contacts, firms supported, units, markets;
    # indicators: coaching and consultant hours, export lab, innovators, research partners,
    # the supported enrolments.
    assert with_5 == {"participation": 23, "outcomes": 5, "indicators": 6}

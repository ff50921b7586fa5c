"""What the report tests share: a dataset laid out by hand, whose figures are counted on paper
in test_figures.py, and the funded projects of the REST API tests.

The dataset: project "alpha-abroad" of cluster A with eight firms in every status, and
project "beta-abroad" of cluster B with three; both financed by programme EU-TEST/2021-27
(minimum support 5 h), alpha-abroad also by REGION-TEST (2 h). Ace (cluster A) and Ace Rus
(cluster B) share a registry id: one enterprise in two clusters, counted once. Elm was
accepted but got no support hours, so the 5 h threshold leaves it out of RCO01. Everything is
dated around AS_OF (2026-06-30).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from clusters.models import FunderKind, Programme, StaffRole
from clusters.services import programme_save
from members.choices import Helix
from projects.choices import ProjectStatus
from projects.models import Enrolment, Project
from projects.services import (
    enrolment_activate,
    enrolment_apply,
    enrolment_decide,
    enrolment_drop,
    enrolment_record_interview,
    project_save,
    project_set_funding,
)
from tests.factories.activities import (
    CoachingSessionFactory,
    ConsultantFactory,
    ExportLabStepFactory,
    ExportLabTrackFactory,
    OutcomeFactory,
    TimbankPoolFactory,
    TimbankRequestFactory,
    TimesheetEntryFactory,
    TripFactory,
    WorkshopFactory,
    WorkshopParticipationFactory,
)
from tests.factories.clusters import (
    ClusterRoleFactory,
    FunderFactory,
    ProgrammeFactory,
    ProgrammeParticipationFactory,
    UserFactory,
)
from tests.factories.common import READINESS, utc_at
from tests.factories.members import OrganizationFactory
from tests.factories.projects import (
    ProjectFactory,
    ProjectFundingFactory,
    ProjectPartnerFactory,
    enrolment_with_history,
)


@dataclass
class Dataset:
    project: Project
    other_project: Project
    programme: Programme
    regional_programme: Programme
    enrolments: dict[str, Enrolment]


# The hand-built dataset ----------------------------------------------------------------------

# name, project ("alpha" or "beta"), registry id, region, employees, path, hours allotted,
# dropout phase
FIRMS = (
    ("Ace", "alpha", "556100-0001", "Gävleborg", 5, "completed", 20, ""),
    ("Birch", "alpha", "556100-0002", "Gävleborg", 8, "active", 20, ""),
    ("Cedar", "alpha", "556100-0003", "Dalarna", 30, "active", 20, ""),
    ("Dune", "alpha", "556100-0004", "Dalarna", 300, "dropped_late", 20, "after_workshops"),
    ("Elm", "alpha", "556100-0005", "Värmland", 3, "accepted", 10, ""),
    ("Fir", "alpha", "556100-0006", "Värmland", 2, "rejected", 20, ""),
    ("Gale", "alpha", "556100-0007", "Gävleborg", 6, "applied", 20, ""),
    ("Heath", "alpha", "556100-0008", "Dalarna", 4, "dropped_early", 20, "intake"),
    # The same enterprise as Ace, as a member of cluster B.
    ("Ace Rus", "beta", "556100-0001", "Gävleborg", 5, "active", 20, ""),
    ("Borealis", "beta", "556200-0002", "Kaluga", 100, "active", 20, ""),
    ("Cobalt", "beta", "556200-0003", "Kaluga", 7, "rejected", 20, ""),
)


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


def project_of(cluster, slug: str, *, target_firms: int, target_completed: int) -> Project:
    return ProjectFactory(
        cluster=cluster,
        name=slug.replace("-", " ").title(),
        slug=slug,
        start=date(2026, 1, 1),
        end=date(2027, 12, 31),
        enrolment_start=date(2026, 1, 1),
        enrolment_end=date(2026, 12, 31),
        target_firms=target_firms,
        target_completed=target_completed,
    )


def funded_projects(cluster_a, cluster_b) -> Dataset:
    """alpha-abroad (EU 60 %, region 40 %, a university partner) and beta-abroad (EU)."""
    alpha = project_of(cluster_a, "alpha-abroad", target_firms=10, target_completed=4)
    beta = project_of(cluster_b, "beta-abroad", target_firms=5, target_completed=2)
    eu = ProgrammeFactory(
        code="EU-TEST/2021-27",
        funder=FunderFactory(name="EU", kind=FunderKind.EU_FUND),
        start=date(2021, 1, 1),
        end=date(2027, 12, 31),
        min_support_hours=Decimal("5"),
    )
    region = ProgrammeFactory(
        code="REGION-TEST",
        funder=FunderFactory(name="Region", kind=FunderKind.REGION),
        start=date(2021, 1, 1),
        end=date(2027, 12, 31),
        min_support_hours=Decimal("2"),
    )
    for cluster, programme in ((cluster_a, eu), (cluster_b, eu), (cluster_a, region)):
        ProgrammeParticipationFactory(cluster=cluster, programme=programme)
    ProjectFundingFactory(project=alpha, programme=eu, share=Decimal("60"))
    ProjectFundingFactory(project=alpha, programme=region, share=Decimal("40"))
    ProjectFundingFactory(project=beta, programme=eu, share=Decimal("100"))
    university = firm(
        cluster_a, "Gävle University", "202100-3211", "Gävleborg", 1500, helix=Helix.ACADEMIA
    )
    ProjectPartnerFactory(project=alpha, organization=university)
    return Dataset(
        project=alpha, other_project=beta, programme=eu, regional_programme=region, enrolments={}
    )


def enrol_the_firms(dataset: Dataset) -> dict[str, Enrolment]:
    projects = {"alpha": dataset.project, "beta": dataset.other_project}
    enrolments = {}
    for name, project_key, registry_id, region, employees, path, allotted, phase in FIRMS:
        project = projects[project_key]
        organization = firm(project.cluster, name, registry_id, region, employees)
        enrolments[name] = enrolment_with_history(
            project, organization, path, allotted=allotted, phase=phase
        )
    return enrolments


def coach_and_hold_workshops(dataset: Dataset) -> None:
    e, coach = dataset.enrolments, UserFactory(email="coach.figures@example.org")
    # Confirmed: Ace's first session by 30 June, Cedar's only after it; Dune's came with an
    # import of history (confirmed as imported); the rest await the other side.
    confirmed_on = {
        ("Ace", date(2026, 1, 10)): date(2026, 1, 12),
        ("Cedar", date(2026, 3, 1)): date(2026, 7, 5),
    }
    for name, day, hours in (
        ("Ace", date(2026, 1, 10), "6.00"),
        ("Ace", date(2026, 2, 10), "4.50"),
        ("Birch", date(2026, 5, 20), "3.00"),
        ("Cedar", date(2026, 3, 1), "2.00"),
        ("Dune", date(2026, 2, 1), "5.25"),
        ("Ace Rus", date(2026, 6, 1), "2.00"),
        ("Borealis", date(2026, 3, 1), "6.00"),
    ):
        confirmed = confirmed_on.get((name, day))
        CoachingSessionFactory(
            enrolment=e[name],
            date=day,
            hours=Decimal(hours),
            topic="Market",
            coach=coach,
            confirmed_at=utc_at(confirmed) if confirmed else None,
            **({"logged_by_side": "import", "status": "confirmed"} if name == "Dune" else {}),
        )
    alpha, beta = dataset.project, dataset.other_project
    first = WorkshopFactory(project=alpha, title="Export vision", date=date(2026, 2, 15))
    second = WorkshopFactory(project=alpha, title="Pitch", date=date(2026, 4, 15))
    third = WorkshopFactory(project=beta, title="Vision", date=date(2026, 3, 5))
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
        WorkshopParticipationFactory(workshop=workshop, enrolment=e[name], attended=attended)


def use_the_timbank(dataset: Dataset) -> None:
    e, at = dataset.enrolments, utc_at
    TimbankPoolFactory(
        project=dataset.project, hours_total=Decimal("100"), hours_reserved=Decimal("20.5")
    )
    TimbankPoolFactory(project=dataset.other_project, hours_total=Decimal("50"))
    consultant = ConsultantFactory(cluster=dataset.project.cluster, name="Lex")
    requests = {}
    # name: (firm, status, hours asked, hours approved, asked at, decided at)
    for key, name, status, asked, approved, asked_at, decided_at in (
        ("R1", "Ace", "approved", "10", "10", at(date(2026, 1, 5)), at(date(2026, 1, 15))),
        ("R2", "Birch", "closed", "5", "5", at(date(2026, 2, 1)), at(date(2026, 2, 5))),
        (
            "R3",
            "Cedar",
            "approved",
            "8",
            "8",
            at(date(2026, 3, 1)),
            at(date(2026, 3, 22), 21),
        ),
        ("R4", "Dune", "rejected", "6", "0", at(date(2026, 2, 10)), at(date(2026, 2, 17))),
        ("R5", "Elm", "pending", "4", "0", at(date(2026, 6, 1)), None),
        ("R6", "Birch", "info_requested", "3", "0", at(date(2026, 6, 10)), None),
    ):
        requests[key] = TimbankRequestFactory(
            enrolment=e[name],
            hours_requested=Decimal(asked),
            hours_approved=Decimal(approved),
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
        TimesheetEntryFactory(
            request=requests[key], consultant=consultant, date=day, hours=Decimal(hours)
        )


def travel(dataset: Dataset) -> None:
    for name, country, start, end, status in (
        ("Ace", "US", date(2026, 3, 10), date(2026, 3, 14), "done"),
        ("Birch", "NO", date(2026, 7, 1), date(2026, 7, 3), "approved"),
        ("Cedar", "DE", date(2026, 4, 20), date(2026, 4, 25), "done"),
        ("Dune", "FR", date(2026, 3, 1), date(2026, 3, 2), "applied"),
        # Ends after AS_OF: no activity "in the last 60 days" yet.
        ("Borealis", "CN", date(2026, 8, 1), date(2026, 8, 10), "applied"),
    ):
        TripFactory(
            enrolment=dataset.enrolments[name],
            country=country,
            city="City",
            start=start,
            end=end,
            status=status,
            requested_at=utc_at(date(2026, 1, 20)),
            decided_at=None if status == "applied" else utc_at(date(2026, 2, 1)),
        )


# Each firm's export-lab steps, the last one its stage.
EXPORT_LAB = (
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
    ("Dune", "FR", [("market_choice", date(2026, 2, 5)), ("market_analysis", date(2026, 2, 25))]),
    ("Borealis", "CN", [("market_choice", date(2026, 2, 20))]),
)


def work_the_export_lab(dataset: Dataset) -> None:
    for name, market, steps in EXPORT_LAB:
        stage, entered = steps[-1]
        track = ExportLabTrackFactory(
            enrolment=dataset.enrolments[name],
            target_market=market,
            stage=stage,
            stage_entered_on=entered,
        )
        for step_stage, day in steps:
            ExportLabStepFactory(track=track, stage=step_stage, entered_on=day)


def report_outcomes(dataset: Dataset) -> None:
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
        OutcomeFactory(
            enrolment=dataset.enrolments[name],
            kind=kind,
            date=day,
            country=country,
            quantity=quantity,
        )
    # Dune says it won a customer; the cluster has not verified it: no report counts it yet.
    OutcomeFactory(
        enrolment=dataset.enrolments["Dune"],
        kind="new_customer",
        date=date(2026, 6, 1),
        country="DK",
        source="firm",
        verification="reported",
    )


def build_dataset(cluster_a, cluster_b) -> Dataset:
    dataset = funded_projects(cluster_a, cluster_b)
    dataset.enrolments = enrol_the_firms(dataset)
    for step in (coach_and_hold_workshops, use_the_timbank, travel, work_the_export_lab):
        step(dataset)
    report_outcomes(dataset)
    return dataset


@pytest.fixture
def dataset(cluster_a, cluster_b) -> Dataset:
    return build_dataset(cluster_a, cluster_b)


# Project alpha-abroad's participation, counted by hand (test_figures.py has the rest).
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
    "dropouts_by_phase": {
        # Every phase the process defines, with 0 where nobody dropped out.
        "after_workshops": 1,
        "coaching": 0,
        "export_lab": 0,
        "intake": 1,
        "timbank": 0,
        "trip": 0,
    },
    "by_region": [
        {"region": "Dalarna", "firms_supported": 2, "firms_completed": 0},
        {"region": "Gävleborg", "firms_supported": 2, "firms_completed": 1},
        {"region": "Värmland", "firms_supported": 1, "firms_completed": 0},
    ],
    # No cohort was formed: every supported firm is in the "no cohort" row.
    "by_cohort": [{"cohort": "", "firms_supported": 5, "firms_completed": 1}],
    "firms_became_members": 0,
    "coaching_hours_allotted": 90.0,  # 4 × 20 + Elm's 10; not the unsupported firms'
    "coaching_hours_used": 20.75,  # 6 + 4.5 + 3 + 2 + 5.25
    "coaching_hours_confirmed": 11.25,  # Ace's 6 confirmed, Dune's 5.25 imported
    "workshop_attendances": 4,
    "timbank_hours_pool": 100.0,
    "timbank_hours_requested": 36.0,  # 10 + 5 + 8 + 6 + 4 + 3
    "timbank_hours_approved": 23.0,  # 10 + 5 (closed) + 8
    "timbank_hours_used": 13.5,  # 3 + 4 + 2.5 + 4
    "timbank_decision_days_median": 8.5,  # of 10, 4, 21.5 and 7 days
    "timbank_requests_pending": 2,  # pending and info requested
    "trips_applied": 4,  # Ace, Birch, Cedar, Dune (Borealis travels for beta)
    "trips_approved": 3,  # Ace and Cedar (done since), Birch
    "trips_done": 2,
    "trip_decision_days_median": 12.0,  # all three decided 12 days after asking
    "countries_visited": {"DE": 1, "US": 1},  # Birch's trip to Norway is still to come
    "export_lab_stage_counts": {
        # Every stage of the export lab, with 0 where no firm stands.
        "acceleration": 1,
        "evaluation": 0,
        "incubation": 0,
        "market_analysis": 1,
        "market_choice": 0,
        "pilot_launch": 2,
    },
    "firms_at_risk": 1,  # Cedar: its last activity is 60 days old; Birch had coaching on 20 May
}


@pytest.fixture
def project_participation() -> dict:
    return PROJECT_PARTICIPATION


# The funded projects of the REST API tests ---------------------------------------------------
#
# Cluster A runs "x-abroad", funded by programme X-ERDF of the funder of ``funder_user``, with
# four active firms in Gävleborg and one in Dalarna that dropped out after the workshops;
# cluster A also runs "a-alone", funded by nobody; cluster B runs "y-abroad", funded by
# programme Y-REGION of another funder.


def programme_taken_part_in(cluster, funder, code: str):
    return programme_save(
        cluster=cluster,
        data={
            "funder": funder,
            "name": f"Programme {code}",
            "code": code,
            "budget": Decimal("2000000"),
            "currency": "SEK",
            "start": date(2024, 1, 1),
            "end": date(2028, 12, 31),
            "cofinancing_rate": Decimal("50"),
            "hourly_value": Decimal("90"),
        },
    )


def project_funded_by(cluster, slug: str, programme=None):
    project = project_save(
        cluster=cluster,
        data={
            "name": slug.replace("-", " ").title(),
            "slug": slug,
            "status": ProjectStatus.RUNNING,
            "start": date(2025, 1, 1),
            "end": date(2027, 12, 31),
            "enrolment_start": date(2025, 1, 1),
            "enrolment_end": date(2027, 6, 30),
            "target_firms": 10,
        },
    )
    if programme is not None:
        project_set_funding(project=project, shares={programme: Decimal("100")})
    return project


def enrol_active_firm(project, region: str, manager, coach, *, dropped_in: str = ""):
    """A firm of ``region`` accepted and active in the project; dropped out if asked."""
    firm = OrganizationFactory(cluster=project.cluster, region=region, employees=5)
    enrolment = enrolment_apply(
        project=project,
        organization=firm,
        assessment=READINESS,
        actor=manager,
        applied_on=date(2025, 2, 1),
    )
    enrolment = enrolment_record_interview(
        enrolment=enrolment, held_on=date(2025, 2, 10), notes="", actor=manager
    )
    enrolment = enrolment_decide(
        enrolment=enrolment,
        accept=True,
        reason="Fits",
        actor=manager,
        coach=coach,
        decided_on=date(2025, 2, 15),
    )
    enrolment = enrolment_activate(
        enrolment=enrolment, actor=manager, activated_on=date(2025, 3, 1)
    )
    if dropped_in:
        enrolment_drop(
            enrolment=enrolment,
            phase=dropped_in,
            reason="lack_of_time",
            note="",
            actor=manager,
            dropped_on=date(2025, 9, 1),
        )
    return enrolment


@pytest.fixture
def eager_tasks(settings):
    """Tasks run in-process, broker or not: the real worker has its own test
    (test_celery_run.py). Celery reads the Django setting (app.conf.task_always_eager would
    not override it)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def fresh_throttles():
    """Throttle counts live in the cache; the test starts and ends with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def enrol_firm():
    """``enrol_firm(project, region, manager, coach, dropped_in="")``: an active firm."""
    return enrol_active_firm


@pytest.fixture
def programme_x(cluster_a, funder_user):
    return programme_taken_part_in(cluster_a, funder_user.funder_link.funder, "X-ERDF")


@pytest.fixture
def project_x(cluster_a, manager_a, programme_x):
    """Four firms in Gävleborg, one dropped in Dalarna."""
    coach = ClusterRoleFactory(cluster=cluster_a, role=StaffRole.COACH).user
    project = project_funded_by(cluster_a, "x-abroad", programme_x)
    for _number in range(4):
        enrol_active_firm(project, "Gävleborg", manager_a, coach)
    enrol_active_firm(project, "Dalarna", manager_a, coach, dropped_in="after_workshops")
    return project


@pytest.fixture
def project_alone(cluster_a):
    return project_funded_by(cluster_a, "a-alone")


@pytest.fixture
def programme_y(cluster_b):
    return programme_taken_part_in(cluster_b, FunderFactory(name="Other funder"), "Y-REGION")


@pytest.fixture
def project_y(cluster_b, programme_y):
    return project_funded_by(cluster_b, "y-abroad", programme_y)

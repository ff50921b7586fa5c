"""Reports are true "as of" their date (docs/domain.md §4): a project with a dated history,
reported before its intake closes, in the middle of its activities and after its closure.

Every figure below is counted on paper from the dated rows of ``gamma`` (never recomputed with
reports.selectors). The dates:

- BEFORE_INTAKE_CLOSES (2025-03-15): A and B active, C interviewed, D and E not yet applied;
- MID_PROJECT (2025-07-01): A, B, C active, D rejected, E applied; B's request still pending;
- AFTER_CLOSURE (2025-12-31): A completed, B dropped out on its trip, C active.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from members.choices import MembershipStatus
from members.services.memberships import membership_start, membership_transition
from projects.models import Project
from reports.services import report_body
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
from tests.factories.clusters import UserFactory
from tests.factories.members import OrganizationFactory
from tests.factories.projects import (
    EnrolmentFactory,
    EnrolmentStatusChangeFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

BEFORE_INTAKE_CLOSES = date(2025, 3, 15)
MID_PROJECT = date(2025, 7, 1)
AFTER_CLOSURE = date(2025, 12, 31)
PHASES = ["after_workshops", "coaching", "export_lab", "intake", "timbank", "trip"]
STAGES = [
    "acceleration",
    "evaluation",
    "incubation",
    "market_analysis",
    "market_choice",
    "pilot_launch",
]


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)


# firm, region, cohort, [(status, day)], dropout phase
PATHS = {
    "A": (
        "North",
        "Food",
        [
            ("applied", date(2025, 1, 10)),
            ("interviewed", date(2025, 1, 20)),
            ("accepted", date(2025, 2, 1)),
            ("active", date(2025, 2, 10)),
            ("completed", date(2025, 11, 15)),
        ],
        "",
    ),
    "B": (
        "North",
        "Tech",
        [
            ("applied", date(2025, 1, 15)),
            ("interviewed", date(2025, 1, 25)),
            ("accepted", date(2025, 2, 5)),
            ("active", date(2025, 2, 12)),
            ("dropped", date(2025, 8, 1)),
        ],
        "trip",
    ),
    "C": (
        "South",
        "Tech",
        [
            ("applied", date(2025, 3, 1)),
            ("interviewed", date(2025, 3, 10)),
            ("accepted", date(2025, 3, 20)),
            ("active", date(2025, 4, 1)),
        ],
        "",
    ),
    "D": (
        "South",
        "",
        [
            ("applied", date(2025, 5, 1)),
            ("interviewed", date(2025, 5, 10)),
            ("rejected", date(2025, 5, 20)),
        ],
        "",
    ),
    "E": ("North", "", [("applied", date(2025, 6, 20))], ""),
}


@pytest.fixture
def gamma(cluster_a):
    """Project gamma: three regions (West recruits nobody), two cohorts, five firms."""
    project = ProjectFactory(
        cluster=cluster_a,
        slug="gamma",
        regions=["North", "South", "West"],
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        enrolment_start=date(2025, 1, 1),
        enrolment_end=date(2025, 6, 30),
        target_firms=6,
        target_completed=2,
    )
    cohorts = {name: project.cohorts.create(name=name) for name in ("Food", "Tech")}
    e = {}
    for name, (region, cohort, steps, phase) in PATHS.items():
        firm = OrganizationFactory(cluster=cluster_a, legal_name=f"{name} AB", region=region)
        e[name] = EnrolmentFactory(
            project=project,
            organization=firm,
            status=steps[-1][0],
            applied_on=steps[0][1],
            cohort=cohorts.get(cohort),
            coaching_hours_allotted=Decimal(20),
            dropout_phase=phase,
            dropout_reason="bureaucracy" if phase else "",
        )
        previous = ""
        for status, day in steps:
            EnrolmentStatusChangeFactory(
                enrolment=e[name], from_status=previous, to_status=status, on=day, at=at(day)
            )
            previous = status
    coach = UserFactory()
    for name, day, hours in (
        ("A", date(2025, 2, 20), "4"),
        ("A", date(2025, 6, 10), "6"),
        ("A", date(2025, 10, 1), "5"),
        ("B", date(2025, 3, 1), "3"),
        ("C", date(2025, 9, 1), "2"),
    ):
        CoachingSessionFactory(enrolment=e[name], date=day, hours=Decimal(hours), coach=coach)
    first = WorkshopFactory(project=project, title="Vision", date=date(2025, 4, 1))
    second = WorkshopFactory(project=project, title="Pitch", date=date(2025, 9, 15))
    for workshop, name, attended in (
        (first, "A", True),
        (first, "B", True),
        (first, "C", False),
        (second, "A", True),
        (second, "C", True),
    ):
        WorkshopParticipationFactory(workshop=workshop, enrolment=e[name], attended=attended)
    TimbankPoolFactory(project=project, hours_total=Decimal(40))
    consultant = ConsultantFactory(cluster=cluster_a, name="Lex")
    a_request = TimbankRequestFactory(
        enrolment=e["A"],
        hours_requested=Decimal(5),
        hours_approved=Decimal(5),
        status="approved",
        requested_at=at(date(2025, 3, 1)),
        decided_at=at(date(2025, 3, 11)),
    )
    TimbankRequestFactory(
        enrolment=e["B"],
        hours_requested=Decimal(4),
        status="rejected",
        requested_at=at(date(2025, 6, 1)),
        decided_at=at(date(2025, 7, 15)),
    )
    TimbankRequestFactory(
        enrolment=e["C"],
        hours_requested=Decimal(6),
        status="pending",
        requested_at=at(date(2025, 11, 1)),
    )
    for day, hours in ((date(2025, 4, 1), "3"), (date(2025, 10, 1), "2")):
        TimesheetEntryFactory(
            request=a_request, consultant=consultant, date=day, hours=Decimal(hours)
        )
    for name, country, asked, decided, start, end, status in (
        ("A", "US", date(2025, 4, 1), date(2025, 4, 5), date(2025, 6, 1), date(2025, 6, 5), "done"),
        (
            "B",
            "DE",
            date(2025, 5, 1),
            date(2025, 5, 11),
            date(2025, 7, 10),
            date(2025, 7, 12),
            "done",
        ),
        ("C", "FR", date(2025, 12, 1), None, date(2026, 2, 1), date(2026, 2, 3), "applied"),
    ):
        TripFactory(
            enrolment=e[name],
            country=country,
            start=start,
            end=end,
            status=status,
            requested_at=at(asked),
            decided_at=at(decided) if decided else None,
        )
    for name, steps in (
        (
            "A",
            [
                ("market_choice", date(2025, 3, 1)),
                ("market_analysis", date(2025, 5, 1)),
                ("incubation", date(2025, 9, 1)),
            ],
        ),
        ("B", [("market_choice", date(2025, 3, 5))]),
        # On MID_PROJECT itself: "as of" a day includes that day.
        ("C", [("market_choice", date(2025, 7, 1))]),
    ):
        track = ExportLabTrackFactory(
            enrolment=e[name], stage=steps[-1][0], stage_entered_on=steps[-1][1]
        )
        for stage, day in steps:
            ExportLabStepFactory(track=track, stage=stage, entered_on=day)
    for name, kind, day, country in (
        ("A", "international_contact", date(2025, 6, 3), "US"),
        ("A", "new_customer", date(2025, 10, 10), "US"),
        ("A", "market_entered", date(2025, 11, 1), "US"),
        ("B", "prototype", date(2025, 5, 1), ""),
        ("B", "international_partner", date(2025, 7, 11), "DE"),
        ("C", "prototype", date(2025, 12, 20), ""),
    ):
        OutcomeFactory(enrolment=e[name], kind=kind, date=day, country=country)
    # A joins the cluster during the project: an outcome of it, counted from 1 September.
    membership = membership_start(
        organization=e["A"].organization,
        status=MembershipStatus.APPLIED,
        on=date(2025, 8, 1),
        actor=None,
    )
    membership_transition(
        membership=membership, to_status=MembershipStatus.ACTIVE, on=date(2025, 9, 1)
    )
    return project


def figures_of(project: Project, kind: str, as_of: date) -> dict:
    return report_body(kind=kind, project=project, programme=None, as_of=as_of)["figures"]


def regions(*rows) -> list[dict]:
    return [
        {"region": region, "firms_supported": n, "firms_completed": done}
        for region, n, done in rows
    ]


def cohorts(*rows) -> list[dict]:
    return [
        {"cohort": cohort, "firms_supported": n, "firms_completed": done}
        for cohort, n, done in rows
    ]


PARTICIPATION = {
    BEFORE_INTAKE_CLOSES: {
        "firms_applied": 3,  # A, B, C
        "firms_interviewed": 3,
        "firms_accepted": 2,  # A, B
        "firms_rejected": 0,
        "firms_active": 2,
        "firms_completed": 0,  # A completes in November: not yet
        "firms_dropped": 0,
        "firms_supported": 2,
        "firms_became_members": 0,
        "target_firms": 6,
        "target_completed": 2,
        "dropouts_by_phase": dict.fromkeys(PHASES, 0),
        "by_region": regions(("North", 2, 0), ("South", 0, 0), ("West", 0, 0)),
        "by_cohort": cohorts(("Food", 1, 0), ("Tech", 1, 0)),
        "coaching_hours_allotted": 40.0,
        "coaching_hours_used": 7.0,  # A 4 + B 3
        "coaching_hours_confirmed": 0.0,  # none confirmed by the firms
        "workshop_attendances": 0,  # the first workshop is in April
        "export_lab_stage_counts": {**dict.fromkeys(STAGES, 0), "market_choice": 2},
        "timbank_hours_pool": 40.0,
        "timbank_hours_requested": 5.0,
        "timbank_hours_approved": 5.0,
        "timbank_hours_used": 0.0,
        "timbank_decision_days_median": 10.0,
        "timbank_requests_pending": 0,
        "trips_applied": 0,
        "trips_approved": 0,
        "trips_done": 0,
        "trip_decision_days_median": None,
        "countries_visited": {},
        "firms_at_risk": 0,
    },
    MID_PROJECT: {
        "firms_applied": 5,
        "firms_interviewed": 4,
        "firms_accepted": 3,
        "firms_rejected": 1,  # D
        "firms_active": 3,
        "firms_completed": 0,
        "firms_dropped": 0,  # B drops out in August
        "firms_supported": 3,
        "firms_became_members": 0,  # A becomes a member in September
        "target_firms": 6,
        "target_completed": 2,
        "dropouts_by_phase": dict.fromkeys(PHASES, 0),
        "by_region": regions(("North", 2, 0), ("South", 1, 0), ("West", 0, 0)),
        "by_cohort": cohorts(("Food", 1, 0), ("Tech", 2, 0)),
        "coaching_hours_allotted": 60.0,
        "coaching_hours_used": 13.0,  # A 4 + 6, B 3
        "coaching_hours_confirmed": 0.0,  # none confirmed by the firms
        "workshop_attendances": 2,  # A and B at the first
        "export_lab_stage_counts": {
            **dict.fromkeys(STAGES, 0),
            "market_analysis": 1,
            "market_choice": 2,
        },
        "timbank_hours_pool": 40.0,
        "timbank_hours_requested": 9.0,  # A 5 + B 4
        "timbank_hours_approved": 5.0,
        "timbank_hours_used": 3.0,
        "timbank_decision_days_median": 10.0,
        "timbank_requests_pending": 1,  # B's, rejected on 15 July
        "trips_applied": 2,
        "trips_approved": 2,
        "trips_done": 1,  # B travels in July
        "trip_decision_days_median": 7.0,  # 4 and 10 days
        "countries_visited": {"US": 1},
        "firms_at_risk": 1,  # B: nothing since its export-lab step of 5 March
    },
    AFTER_CLOSURE: {
        "firms_applied": 5,
        "firms_interviewed": 4,
        "firms_accepted": 3,
        "firms_rejected": 1,
        "firms_active": 1,  # C
        "firms_completed": 1,  # A
        "firms_dropped": 1,  # B
        "firms_supported": 3,
        "firms_became_members": 1,  # A
        "target_firms": 6,
        "target_completed": 2,
        "dropouts_by_phase": {**dict.fromkeys(PHASES, 0), "trip": 1},
        "by_region": regions(("North", 2, 1), ("South", 1, 0), ("West", 0, 0)),
        "by_cohort": cohorts(("Food", 1, 1), ("Tech", 2, 0)),
        "coaching_hours_allotted": 60.0,
        "coaching_hours_used": 20.0,
        "coaching_hours_confirmed": 0.0,  # none confirmed by the firms
        "workshop_attendances": 4,
        "export_lab_stage_counts": {
            **dict.fromkeys(STAGES, 0),
            "incubation": 1,
            "market_choice": 2,
        },
        "timbank_hours_pool": 40.0,
        "timbank_hours_requested": 15.0,
        "timbank_hours_approved": 5.0,
        "timbank_hours_used": 5.0,
        "timbank_decision_days_median": 27.0,  # 10 and 44 days
        "timbank_requests_pending": 1,  # C's
        "trips_applied": 3,
        "trips_approved": 2,
        "trips_done": 2,
        "trip_decision_days_median": 7.0,
        "countries_visited": {"DE": 1, "US": 1},
        "firms_at_risk": 0,  # C reported a prototype on 20 December
    },
}

ZERO_OUTCOMES = {
    "firms_with_international_contacts": 0,
    "firms_with_new_customers": 0,
    "firms_with_new_retailers": 0,
    "firms_with_prototypes": 0,
    "firms_with_products_launched": 0,
    "firms_in_follow_up_programmes": 0,
    "units_sold": 0,
    "outcomes_awaiting_verification": 0,  # every outcome here was recorded as verified
    "markets_entered": {},
    "share_firms_with_international_contacts": 0.0,
    "share_firms_with_new_customers": 0.0,
    "share_firms_with_new_retailers": 0.0,
    "share_firms_with_prototypes": 0.0,
    "share_firms_with_products_launched": 0.0,
    "share_firms_in_follow_up_programmes": 0.0,
}

OUTCOMES = {
    # B's prototype (1 May) is later; nothing reported yet.
    BEFORE_INTAKE_CLOSES: {**ZERO_OUTCOMES, "firms_supported": 2},
    MID_PROJECT: {
        **ZERO_OUTCOMES,
        "firms_supported": 3,
        "firms_with_international_contacts": 1,  # A
        "firms_with_prototypes": 1,  # B
        "share_firms_with_international_contacts": 0.3333,
        "share_firms_with_prototypes": 0.3333,
    },
    AFTER_CLOSURE: {
        **ZERO_OUTCOMES,
        "firms_supported": 3,
        "firms_with_international_contacts": 2,  # A, B (a partner)
        "firms_with_new_customers": 1,
        "firms_with_prototypes": 2,  # B, C
        "markets_entered": {"US": 1},
        "share_firms_with_international_contacts": 0.6667,
        "share_firms_with_new_customers": 0.3333,
        "share_firms_with_prototypes": 0.6667,
    },
}


@pytest.mark.parametrize("as_of", list(PARTICIPATION), ids=str)
def test_participation_counts_each_firm_in_the_status_it_had_that_day(gamma, as_of):
    assert figures_of(gamma, "participation", as_of) == PARTICIPATION[as_of]


@pytest.mark.parametrize("as_of", list(OUTCOMES), ids=str)
def test_outcomes_count_only_what_was_reported_by_that_day(gamma, as_of):
    assert figures_of(gamma, "outcomes", as_of) == OUTCOMES[as_of]


def test_a_day_before_anything_happened_reports_zeros_with_every_region_and_cohort(gamma):
    figures = figures_of(gamma, "participation", date(2024, 12, 31))
    assert figures["firms_applied"] == figures["firms_supported"] == 0
    assert figures["by_region"] == regions(("North", 0, 0), ("South", 0, 0), ("West", 0, 0))
    assert figures["by_cohort"] == cohorts(("Food", 0, 0), ("Tech", 0, 0))
    assert figures["export_lab_stage_counts"] == dict.fromkeys(STAGES, 0)

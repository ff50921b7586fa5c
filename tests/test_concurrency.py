"""Two writes at the same moment on PostgreSQL: nothing overdrawn, duplicated or lost.

Each test releases two threads together (tests/concurrency.py) against one row that a service
locks, and fails when that lock is removed. The timbank pool and the coaching allotment have
theirs next to their other tests (tests/internationalization/test_timbank_concurrency.py,
test_coaching.py::test_two_sessions_logged_at_once_never_pass_the_allotment).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from internationalization.imports.orchestrator import import_project, read_xlsx
from internationalization.models import ExpenseClaim
from internationalization.services.trips import expense_claim_submit, trip_apply, trip_approve
from members.choices import MembershipStatus
from members.models import MembershipTransition
from members.services import membership_transition, organization_create
from projects.models import Enrolment, Project
from projects.services import enrolment_apply
from tests.concurrency import at_once, require_postgresql
from tests.factories.activities import PNG_PIXEL
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory, UserFactory
from tests.factories.projects import EnrolmentFactory, ProjectFactory
from tests.internationalization.test_project_import import COUNTED, SAMPLE_XLSX

pytestmark = pytest.mark.django_db(transaction=True)

ASSESSMENT = {"score_market": 2, "score_customers": 2, "score_situation": 2}


@pytest.fixture(autouse=True)
def postgresql_only(db):
    require_postgresql()


def test_two_applications_of_one_firm_to_one_project_make_one_enrolment(
    cluster_a, firm_a, manager_a
):
    """The second waits on the firm's row, then sees the first application and is refused
    with the form's words (without the lock: an IntegrityError, a 500)."""
    project = ProjectFactory(cluster=cluster_a)

    def apply():
        enrolment_apply(
            project=project,
            organization=firm_a,
            assessment=ASSESSMENT,
            actor=manager_a,
            applied_on=date(2026, 2, 2),
        )

    outcomes = at_once(apply, apply)

    assert outcomes == ["done", "refused: This firm has already applied to this project."]
    assert Enrolment.objects.filter(project=project, organization=firm_a).count() == 1


def test_two_claims_that_together_pass_the_trip_budget_claim_no_more_than_it(
    cluster_a, firm_a, firm_rep_a, manager_a, settings, tmp_path
):
    """1,000 EUR approved, two claims of 700: the trip row is locked, so the second sees
    300 left and is refused."""
    settings.MEDIA_ROOT = tmp_path
    enrolment = EnrolmentFactory(project=ProjectFactory(cluster=cluster_a), organization=firm_a)
    trip = trip_apply(
        enrolment=enrolment,
        country="DE",
        city="Nuremberg",
        event="Embedded World",
        start=date(2026, 3, 10),
        end=date(2026, 3, 13),
        purpose="fair",
        budget_requested=Decimal("1000"),
        actor=firm_rep_a,
    )
    trip = trip_approve(trip=trip, budget=Decimal("1000"), actor=manager_a)

    def claim():
        expense_claim_submit(
            trip=trip,
            description="Stand rent",
            amount=Decimal("700"),
            currency="EUR",
            receipt=SimpleUploadedFile("stand.png", PNG_PIXEL, content_type="image/png"),
            actor=firm_rep_a,
        )

    outcomes = at_once(claim, claim)

    assert outcomes[0] == "done", outcomes
    assert outcomes[1].startswith("refused: Only 300"), outcomes
    assert ExpenseClaim.objects.filter(trip=trip).count() == 1


def test_two_identical_membership_transitions_at_once_record_one(cluster_a, manager_a):
    """Both suspend an active membership: the membership row is locked, so the second sees
    it suspended already and is refused; without the lock both are recorded from "active"
    and the history holds a step that never happened."""
    membership = organization_create(
        cluster=cluster_a,
        data={"legal_name": "Alpha Sealing AB", "registry_id": "556000-0001"},
        membership_status=MembershipStatus.ACTIVE,
        status_on=date(2024, 1, 1),
    ).membership

    def suspend():
        membership_transition(
            membership=membership,
            to_status=MembershipStatus.SUSPENDED,
            on=date(2026, 3, 1),
            actor=manager_a,
        )

    outcomes = at_once(suspend, suspend)

    assert outcomes == [
        "done",
        "refused: A membership that is suspended cannot become suspended.",
    ]
    steps = MembershipTransition.objects.filter(membership=membership, on=date(2026, 3, 1))
    assert list(steps.values_list("from_status", "to_status")) == [
        (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED)
    ]


def test_two_imports_of_the_same_file_at_once_write_it_once():
    """The imports of one cluster take turns (clusters.imports.run): the second finds what the
    first wrote and changes nothing; without the lock it fails on the project's slug."""
    cluster = ClusterFactory(slug="fpx", name="Future Position X")
    manager = ClusterRoleFactory(
        cluster=cluster, role="manager", user=UserFactory(email="manager.fpx@example.org")
    ).user
    ClusterRoleFactory(
        cluster=cluster, role="coach", user=UserFactory(email="coach.dalarna@example.com")
    )
    content = SAMPLE_XLSX.read_bytes()
    reports = []

    def run_import():
        report = import_project(workbook=read_xlsx(content, "triip.xlsx"), actor=manager)
        reports.append(report)
        assert report.ok, report.error_lines()

    outcomes = at_once(run_import, run_import)

    assert outcomes == ["done", "done"]
    assert sorted((r.created, r.unchanged) for r in reports) == [(0, 52), (52, 0)]
    assert Project.objects.count() == 1
    assert Enrolment.objects.count() == 6
    assert {name: manager.count() for name, manager in COUNTED.items()}["sessions"] == 9

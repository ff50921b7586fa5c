"""The de minimis ledger (numbers worked out by hand below) and the firm portal."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from internationalization.aid import aid_ledger
from tests.factories.activities import (
    CoachingSessionFactory,
    ConsultantFactory,
    ExpenseClaimFactory,
    TimbankRequestFactory,
    TimesheetEntryFactory,
    TripFactory,
)
from tests.factories.clusters import (
    FunderFactory,
    ProgrammeFactory,
    ProgrammeParticipationFactory,
    UserFactory,
)
from tests.factories.members import OrganizationFactory, RepresentativeFactory
from tests.factories.projects import EnrolmentFactory, ProjectFactory, ProjectFundingFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)


def aware(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


@pytest.fixture
def project(cluster_a):
    project = ProjectFactory(
        cluster=cluster_a,
        name="Abroad",
        slug="abroad",
        status="running",
        start=date(2023, 1, 1),
        end=date(2027, 12, 31),
        enrolment_start=date(2023, 1, 1),
        enrolment_end=date(2027, 6, 30),
        coaching_hours_default=Decimal(20),
    )
    funder = FunderFactory(name="EU", kind="eu_fund")
    for code, currency, hourly in (("ERDF-1", "EUR", "95"), ("VINN-1", "SEK", "900")):
        programme = ProgrammeFactory(
            funder=funder,
            name=code,
            code=code,
            budget=1,
            currency=currency,
            start=date(2020, 1, 1),
            end=date(2030, 1, 1),
            cofinancing_rate=50,
            hourly_value=Decimal(hourly),
        )
        ProgrammeParticipationFactory(cluster=cluster_a, programme=programme)
        ProjectFundingFactory(project=project, programme=programme, share=50)
    return project


@pytest.fixture
def enrolment(project, firm_a):
    return EnrolmentFactory(
        project=project,
        organization=firm_a,
        status="active",
        applied_on=date(2024, 1, 1),
        score_market=3,
        score_customers=3,
        score_situation=3,
        coaching_hours_allotted=Decimal(20),
        coach=UserFactory(),
    )


def session(enrolment, day: date, hours: str, confirmed: bool = True):
    return CoachingSessionFactory(
        enrolment=enrolment,
        date=day,
        hours=Decimal(hours),
        topic="Market",
        coach=enrolment.coach,
        confirmed_at=aware(day) if confirmed else None,
    )


def reimbursed_claim(enrolment, amount: str, day: date):
    trip = TripFactory(
        enrolment=enrolment,
        country="DE",
        city="Hannover",
        start=day,
        end=day,
        purpose="fair",
        status="done",
        budget_approved=Decimal(amount),
        requested_at=aware(day),
    )
    return ExpenseClaimFactory(
        trip=trip,
        description="Hotel",
        amount=Decimal(amount),
        status="reimbursed",
        submitted_at=aware(day),
        reimbursed_on=day,
        receipt__filename="r.png",
        receipt__data=b"\x89PNG\r\n\x1a\n",
    )


def test_ledger_values_hours_at_the_programmes_weighted_hourly_value(enrolment, firm_a, cluster_a):
    # Hourly value: 50 % × 95 EUR + 50 % × 900 SEK × 0.087 = 47.50 + 39.15 = 86.65 EUR.
    session(enrolment, date(2026, 3, 1), "6")
    session(enrolment, date(2026, 4, 1), "4")  # 10 h × 86.65 = 866.50
    session(enrolment, date(2023, 11, 1), "5")  # older than three years: not counted
    request = TimbankRequestFactory(
        enrolment=enrolment,
        service="legal",
        hours_requested=4,
        hours_approved=4,
        needed_by=date(2026, 6, 1),
        purpose="Contract",
        status="approved",
        requested_at=aware(date(2026, 5, 1)),
    )
    consultant = ConsultantFactory(cluster=cluster_a, name="Law", services=["legal"])
    TimesheetEntryFactory(
        request=request, consultant=consultant, date=date(2026, 5, 20), hours=Decimal("4")
    )  # 4 h × 86.65 = 346.60
    reimbursed_claim(enrolment, "1000", date(2026, 6, 10))  # 1,000.00 EUR
    ledger = aid_ledger(firm_a, TODAY)
    assert [(line.kind, line.hours, line.amount_eur) for line in ledger.lines] == [
        ("Coaching hours", Decimal("10.00"), Decimal("866.50")),
        ("Consultant hours (timbank)", Decimal("4.00"), Decimal("346.60")),
        ("Trip costs reimbursed", None, Decimal("1000.00")),
    ]
    assert ledger.lines[0].valuation == (
        "10 h × 86.65 EUR/h (50 % of ERDF-1: 95.00 EUR/h; "
        "50 % of VINN-1: 900.00 SEK/h at 0.087 EUR per SEK)"
    )
    assert (ledger.lines[0].first_day, ledger.lines[0].last_day) == (
        date(2026, 3, 1),
        date(2026, 4, 1),
    )
    assert ledger.total_eur == Decimal("2213.10")
    # Regulation 2023/2831: the rolling three years ending TODAY.
    assert ledger.regulation.number == "2023/2831"
    assert ledger.since == date(2023, 11, 27)
    assert not ledger.warning


def test_ledger_warns_from_80_percent_of_the_ceiling(enrolment, firm_a):
    reimbursed_claim(enrolment, "239999", date(2026, 6, 10))
    assert not aid_ledger(firm_a, TODAY).warning
    reimbursed_claim(enrolment, "1", date(2026, 6, 11))
    ledger = aid_ledger(firm_a, TODAY)
    assert ledger.total_eur == Decimal("240000.00")
    assert ledger.warning and not ledger.over


def test_portal_shows_the_firms_own_enrolment_and_next_steps(
    client_for, enrolment, firm_rep_a, cluster_a, project
):
    session(enrolment, date(2026, 11, 10), "2", confirmed=False)
    other_firm = OrganizationFactory(cluster=cluster_a, legal_name="Competitor AB")
    EnrolmentFactory(
        project=project,
        organization=other_firm,
        status="active",
        applied_on=date(2024, 1, 1),
        score_market=1,
        score_customers=1,
        score_situation=1,
        commitment="inactive",
    )
    enrolment.commitment = "leader"
    enrolment.save()
    page = client_for(firm_rep_a).get(reverse("internationalization:portal")).content.decode()
    assert "Abroad" in page
    assert "Confirm 1 coaching session(s) with your coach." in page
    assert "18" in page  # coaching hours left of 20
    assert "Competitor AB" not in page
    assert "Leader" not in page  # the commitment label is for staff only
    assert "State aid received by" in page


def test_portal_offers_open_projects_to_apply_to(client_for, firm_rep_a, project):
    project.status = "open"
    project.save()
    page = client_for(firm_rep_a).get(reverse("internationalization:portal")).content.decode()
    assert "Projects you can apply to" in page
    assert reverse("projects:apply", args=[project.slug]) in page


def test_portal_query_budget(client_for, enrolment, firm_rep_a, django_assert_max_num_queries):
    for day in range(1, 9):
        session(enrolment, date(2026, 10, day), "1", confirmed=day % 2 == 0)
    client = client_for(firm_rep_a)
    # session, user, organizations, enrolments + 5 prefetches (sessions, requests, trips,
    # claims, outcomes), hours, open projects, ledger (projects, fundings, coaching,
    # timesheets, claims, fees, declared aid), the template's reverse lookups need none.
    with django_assert_max_num_queries(22):
        assert client.get(reverse("internationalization:portal")).status_code == 200


def test_user_without_a_firm_sees_an_empty_portal(client_for, manager_a):
    page = client_for(manager_a).get(reverse("internationalization:portal")).content.decode()
    assert "does not represent any organization" in page


def test_a_second_representative_sees_the_same_firm(client_for, firm_a, enrolment):
    colleague = RepresentativeFactory(organization=firm_a).user
    page = client_for(colleague).get(reverse("internationalization:portal")).content.decode()
    assert "Abroad" in page

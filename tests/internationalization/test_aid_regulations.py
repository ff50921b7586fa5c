"""The de minimis ledger under the regulation in force: 1407/2013 (EUR 200,000 over the
current and two previous fiscal years) until 2023, 2023/2831 (EUR 300,000 over any rolling
three years) from 2024; fees deducted, declared aid summed, and the pages that show it.

The project is funded by one programme valuing an hour at 100 EUR, so hours × 100 = EUR."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from internationalization.aid import (
    REGULATION_1407_2013,
    REGULATION_2023_2831,
    aid_ledger,
    regulation_on,
)
from members.models import DeclaredAid
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


@pytest.fixture
def project(cluster_a):
    project = ProjectFactory(
        cluster=cluster_a,
        name="Long run",
        slug="long-run",
        status="running",
        start=date(2015, 1, 1),
        end=date(2027, 12, 31),
        enrolment_start=date(2015, 1, 1),
        enrolment_end=date(2027, 6, 30),
    )
    programme = ProgrammeFactory(
        funder=FunderFactory(name="EU", kind="eu_fund"),
        name="Cohesion",
        code="COH-1",
        budget=1,
        currency="EUR",
        start=date(2014, 1, 1),
        end=date(2030, 1, 1),
        cofinancing_rate=50,
        hourly_value=Decimal("100"),
    )
    ProgrammeParticipationFactory(cluster=cluster_a, programme=programme)
    ProjectFundingFactory(project=project, programme=programme, share=100)
    return project


@pytest.fixture
def enrolment(project, firm_a):
    return EnrolmentFactory(
        project=project,
        organization=firm_a,
        applied_on=date(2015, 1, 1),
        coaching_hours_allotted=Decimal(200),
        coach=UserFactory(),
    )


def coaching(enrolment, day: date, hours: str):
    return CoachingSessionFactory(
        enrolment=enrolment, date=day, hours=Decimal(hours), topic="Export", coach=enrolment.coach
    )


def consultant_hours(enrolment, day: date, hours: str):
    request = TimbankRequestFactory(
        enrolment=enrolment,
        service="legal",
        hours_requested=Decimal(hours),
        hours_approved=Decimal(hours),
        needed_by=day,
        purpose="Contract",
        status="approved",
    )
    consultant = ConsultantFactory(
        cluster=enrolment.project.cluster, name=f"Law {day}", services=["legal"]
    )
    return TimesheetEntryFactory(
        request=request, consultant=consultant, date=day, hours=Decimal(hours)
    )


def reimbursed(enrolment, day: date, amount: str, currency: str = "EUR"):
    trip = TripFactory(
        enrolment=enrolment,
        country="DE",
        city="Hannover",
        start=day,
        end=day,
        purpose="fair",
        status="done",
        budget_approved=Decimal(amount),
    )
    return ExpenseClaimFactory(
        trip=trip,
        description="Hotel",
        amount=Decimal(amount),
        currency=currency,
        status="reimbursed",
        reimbursed_on=day,
        receipt__filename="r.png",
        receipt__data=b"\x89PNG\r\n\x1a\n",
    )


def declared(organization, day: date, amount: str, currency: str = "EUR", by: str = "Town"):
    return DeclaredAid.objects.create(
        organization=organization,
        granted_by=by,
        granted_on=day,
        amount=Decimal(amount),
        currency=currency,
    )


def summary(ledger):
    return [
        (line.kind, line.first_day, line.last_day, line.regulation.number, line.amount_eur)
        for line in ledger.lines
    ]


# Which regulation, which period ------------------------------------------------------------


def test_the_regulation_changes_on_1_january_2024():
    assert regulation_on(date(2023, 12, 31)) is REGULATION_1407_2013
    assert regulation_on(date(2024, 1, 1)) is REGULATION_2023_2831
    assert REGULATION_1407_2013.ceiling_eur == Decimal("200000")
    assert REGULATION_2023_2831.ceiling_eur == Decimal("300000")


def test_aid_of_2017_is_valued_under_1407_2013_over_three_fiscal_years(enrolment, firm_a):
    coaching(enrolment, date(2015, 12, 31), "50")  # the fiscal year before the period
    coaching(enrolment, date(2016, 1, 1), "2")
    coaching(enrolment, date(2017, 5, 1), "3")
    coaching(enrolment, date(2018, 6, 30), "1")  # the as-of day itself counts
    coaching(enrolment, date(2018, 7, 1), "40")  # after the as-of day
    ledger = aid_ledger(firm_a, date(2018, 6, 30))
    assert ledger.regulation is REGULATION_1407_2013
    assert ledger.since == date(2016, 1, 1)
    assert ledger.ceiling_eur == Decimal("200000")
    assert summary(ledger) == [
        ("Coaching hours", date(2016, 1, 1), date(2018, 6, 30), "1407/2013", Decimal("600.00"))
    ]
    assert ledger.lines[0].valuation == "6 h × 100.00 EUR/h (100 % of COH-1: 100.00 EUR/h)"


def test_the_1407_ceiling_of_200000_sets_the_warning(enrolment, firm_a):
    declared(firm_a, date(2017, 3, 1), "159999")
    assert not aid_ledger(firm_a, date(2018, 6, 30)).warning
    declared(firm_a, date(2017, 3, 2), "1")
    ledger = aid_ledger(firm_a, date(2018, 6, 30))
    assert ledger.total_eur == Decimal("160000.00")
    assert ledger.percent == Decimal("80.0")
    assert ledger.warning and not ledger.over
    declared(firm_a, date(2018, 1, 2), "40001")
    assert aid_ledger(firm_a, date(2018, 6, 30)).over


def test_as_of_2025_the_rolling_three_years_count_aid_of_both_regulations(enrolment, firm_a):
    coaching(enrolment, date(2022, 3, 1), "30")  # one day before the three years
    coaching(enrolment, date(2022, 3, 2), "2")  # granted under 1407/2013, still counted
    coaching(enrolment, date(2023, 12, 31), "1")
    coaching(enrolment, date(2024, 1, 1), "4")  # granted under 2023/2831
    coaching(enrolment, date(2025, 3, 1), "1")
    coaching(enrolment, date(2025, 3, 2), "20")  # after the as-of day
    ledger = aid_ledger(firm_a, date(2025, 3, 1))
    assert ledger.regulation is REGULATION_2023_2831
    assert ledger.since == date(2022, 3, 2)
    assert ledger.ceiling_eur == Decimal("300000")
    assert summary(ledger) == [
        ("Coaching hours", date(2022, 3, 2), date(2023, 12, 31), "1407/2013", Decimal("300.00")),
        ("Coaching hours", date(2024, 1, 1), date(2025, 3, 1), "2023/2831", Decimal("500.00")),
    ]
    assert ledger.total_eur == Decimal("800.00")
    assert ledger.regulations_of_lines == [REGULATION_1407_2013, REGULATION_2023_2831]


def test_the_same_aid_as_of_2023_counts_the_fiscal_years_of_1407(enrolment, firm_a):
    coaching(enrolment, date(2020, 12, 31), "30")
    coaching(enrolment, date(2021, 1, 1), "2")
    coaching(enrolment, date(2023, 12, 31), "1")
    ledger = aid_ledger(firm_a, date(2023, 12, 31))
    assert (ledger.regulation, ledger.since) == (REGULATION_1407_2013, date(2021, 1, 1))
    assert ledger.total_eur == Decimal("300.00")


def test_the_rolling_period_of_a_29_february(firm_a):
    assert aid_ledger(firm_a, date(2028, 2, 29)).since == date(2025, 3, 1)


# What counts -------------------------------------------------------------------------------


def test_a_fee_the_firm_paid_reduces_the_aid_on_the_day_it_was_paid(enrolment, firm_a):
    coaching(enrolment, date(2024, 5, 1), "10")  # 1,000.00
    enrolment.fee_due = Decimal("500")
    enrolment.fee_paid_on = date(2024, 6, 1)
    enrolment.save()
    ledger = aid_ledger(firm_a, date(2025, 1, 1))
    assert summary(ledger)[-1] == (
        "Participation fee paid by the firm",
        date(2024, 6, 1),
        date(2024, 6, 1),
        "2023/2831",
        Decimal("-500.00"),
    )
    assert ledger.total_eur == Decimal("500.00")
    assert "500.00 EUR paid" in ledger.lines[-1].valuation
    assert aid_ledger(firm_a, date(2024, 5, 31)).total_eur == Decimal("1000.00")


def test_a_fee_in_another_currency_is_converted(enrolment, firm_a, project):
    project.currency = "SEK"
    project.save()
    coaching(enrolment, date(2024, 5, 1), "10")
    enrolment.fee_due = Decimal("1000")
    enrolment.fee_paid_on = date(2024, 6, 1)
    enrolment.save()
    fee = aid_ledger(firm_a, date(2025, 1, 1)).lines[-1]
    assert fee.amount_eur == Decimal("-87.00")
    assert "1,000.00 SEK at 0.087 EUR per SEK" in fee.valuation


def test_declared_aid_is_summed_with_the_clusters_aid(enrolment, firm_a):
    coaching(enrolment, date(2024, 5, 1), "10")  # 1,000.00
    declared(firm_a, date(2024, 2, 1), "10000", "SEK", by="Gävle municipality")  # 870.00
    declared(firm_a, date(2023, 2, 1), "250")  # under 1407/2013, within the three years
    declared(OrganizationFactory(cluster=firm_a.cluster), date(2024, 2, 1), "99999")
    ledger = aid_ledger(firm_a, date(2025, 1, 1))
    assert summary(ledger)[1:] == [
        (
            "Aid declared by the firm",
            date(2023, 2, 1),
            date(2023, 2, 1),
            "1407/2013",
            Decimal("250.00"),
        ),
        (
            "Aid declared by the firm",
            date(2024, 2, 1),
            date(2024, 2, 1),
            "2023/2831",
            Decimal("870.00"),
        ),
    ]
    assert ledger.lines[2].source == "Gävle municipality"
    assert ledger.lines[2].valuation == "10,000.00 SEK at 0.087 EUR per SEK"
    assert ledger.total_eur == Decimal("2120.00")


def test_nothing_granted_after_the_as_of_day_counts(enrolment, firm_a):
    later = date(2025, 3, 2)
    coaching(enrolment, later, "1")
    consultant_hours(enrolment, later, "1")
    reimbursed(enrolment, later, "100")
    declared(firm_a, later, "100")
    enrolment.fee_due = Decimal("10")
    enrolment.fee_paid_on = later
    enrolment.save()
    assert aid_ledger(firm_a, date(2025, 3, 1)).lines == []
    assert len(aid_ledger(firm_a, later).lines) == 5


def test_every_kind_of_aid_is_valued_and_converted(enrolment, firm_a):
    coaching(enrolment, date(2024, 3, 1), "2")
    consultant_hours(enrolment, date(2024, 3, 2), "3")
    reimbursed(enrolment, date(2024, 3, 3), "1000", "SEK")
    reimbursed(enrolment, date(2024, 3, 4), "50")
    ledger = aid_ledger(firm_a, date(2024, 12, 31))
    assert [(line.kind, line.amount_eur, line.valuation) for line in ledger.lines] == [
        ("Coaching hours", Decimal("200.00"), "2 h × 100.00 EUR/h (100 % of COH-1: 100.00 EUR/h)"),
        (
            "Consultant hours (timbank)",
            Decimal("300.00"),
            "3 h × 100.00 EUR/h (100 % of COH-1: 100.00 EUR/h)",
        ),
        (
            "Trip costs reimbursed",
            Decimal("87.00"),
            "1,000.00 SEK at 0.087 EUR per SEK, reimbursed",
        ),
        ("Trip costs reimbursed", Decimal("50.00"), "50.00 EUR, reimbursed"),
    ]


def test_the_ledger_reads_a_fixed_number_of_queries(enrolment, firm_a):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            aid_ledger(firm_a, date(2025, 1, 1))
        return len(captured)

    coaching(enrolment, date(2024, 1, 2), "1")
    few = queries()
    for day in range(3, 13):
        coaching(enrolment, date(2024, 1, day), "1")
        consultant_hours(enrolment, date(2024, 1, day), "1")
        reimbursed(enrolment, date(2024, 1, day), "10")
        declared(firm_a, date(2024, 1, day), "10")
    assert queries() == few == 7


# The pages ---------------------------------------------------------------------------------


def test_the_portal_shows_the_regulation_and_how_each_figure_was_valued(
    client_for, enrolment, firm_a, firm_rep_a
):
    # The portal shows the ledger as of today: the aid was granted in the last month.
    today = timezone.localdate()
    coaching(enrolment, today - timedelta(days=20), "2")
    declared(firm_a, today - timedelta(days=10), "10000", "SEK", by="Gävle municipality")
    page = client_for(firm_rep_a).get(reverse("internationalization:portal")).content.decode()
    assert "Regulation (EU) 2023/2831 applies" in page
    assert "any rolling three years" in page
    assert "2 h × 100.00 EUR/h (100 % of COH-1: 100.00 EUR/h)" in page
    assert "10,000.00 SEK at 0.087 EUR per SEK" in page
    assert "fixed reference rates" in page
    assert reverse("internationalization:declared-aid-create", args=[firm_a.pk]) in page


def test_the_manager_sees_the_ledger_as_of_a_day_under_its_regulation(
    client_for, enrolment, firm_a, manager_a
):
    coaching(enrolment, date(2017, 5, 1), "3")
    url = reverse("internationalization:organization-aid", args=[firm_a.pk])
    page = client_for(manager_a).get(url, {"on": "2018-06-30"}).content.decode()
    assert "Regulation (EU) 1407/2013 applies" in page
    assert "at most 200,000 EUR over the current and the two previous fiscal years" in page
    assert "3 h × 100.00 EUR/h (100 % of COH-1: 100.00 EUR/h)" in page
    assert "300.00" in page
    today = client_for(manager_a).get(url).content.decode()
    assert "Regulation (EU) 2023/2831 applies" in today


def test_the_enrolment_page_links_the_office_to_the_ledger(client_for, enrolment, manager_a):
    page = client_for(manager_a).get(enrolment.get_absolute_url()).content.decode()
    assert reverse("internationalization:organization-aid", args=[enrolment.organization_id]) in (
        page
    )


def test_a_viewer_reads_the_ledger_without_the_declare_action(client_for, firm_a, viewer_a):
    response = client_for(viewer_a).get(
        reverse("internationalization:organization-aid", args=[firm_a.pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "State aid received by" in page
    assert reverse("internationalization:declared-aid-create", args=[firm_a.pk]) not in page


def test_the_ledger_page_is_not_for_coaches_or_other_firms(
    client_for, enrolment, firm_a, cluster_a
):
    url = reverse("internationalization:organization-aid", args=[firm_a.pk])
    assert client_for(enrolment.coach).get(url).status_code == 403  # knows the firm
    rival = RepresentativeFactory(organization=OrganizationFactory(cluster=cluster_a)).user
    assert client_for(rival).get(url).status_code == 404


def test_the_ledger_page_query_budget(
    client_for, enrolment, firm_a, manager_a, django_assert_max_num_queries
):
    for day in range(1, 11):
        coaching(enrolment, date(2024, 2, day), "1")
        declared(firm_a, date(2024, 3, day), "10")
    client = client_for(manager_a)
    url = reverse("internationalization:organization-aid", args=[firm_a.pk])
    # session, user, the organization, representation, roles, the ledger's seven queries
    # (projects, fundings, coaching, timesheets, claims, fees, declared aid), and what
    # base.html reads of the current cluster (the cluster, the user's clusters).
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200

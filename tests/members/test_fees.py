from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members.models import FeePayment
from members.services import fee_schedule_save, fees_issue_for_year, organization_create

pytestmark = pytest.mark.django_db


def schedule(cluster, size_class: str, amount: str, year: int = 2026):
    return fee_schedule_save(
        cluster=cluster,
        data={
            "year": year,
            "size_class": size_class,
            "amount": Decimal(amount),
            "currency": "SEK",
            "due_on": date(year, 3, 31),
        },
    )


def member(cluster, registry_id: str, employees: int, status: str = "active"):
    return organization_create(
        cluster=cluster,
        data={"legal_name": registry_id, "registry_id": registry_id, "employees": employees},
        membership_status=status,
    )


def test_fees_follow_the_schedule_per_size_class_and_issuing_twice_changes_nothing(cluster_a):
    schedule(cluster_a, "", "5000")
    schedule(cluster_a, "micro", "2000")
    micro = member(cluster_a, "micro", 3)
    large = member(cluster_a, "large", 900)
    member(cluster_a, "applicant", 3, status="applied")
    assert fees_issue_for_year(cluster=cluster_a, year=2026) == 2
    assert fees_issue_for_year(cluster=cluster_a, year=2026) == 0
    amounts = dict(FeePayment.objects.values_list("organization_id", "amount"))
    assert amounts == {micro.pk: Decimal("2000.00"), large.pk: Decimal("5000.00")}


def test_issuing_without_a_schedule_is_refused(cluster_a):
    with pytest.raises(ValidationError) as error:
        fees_issue_for_year(cluster=cluster_a, year=2030)
    assert "year" in error.value.message_dict


def test_a_year_has_one_fee_per_size_class(cluster_a):
    schedule(cluster_a, "micro", "2000")
    with pytest.raises(ValidationError):
        schedule(cluster_a, "micro", "2500")


def test_manager_records_a_payment_in_the_browser(client_for, manager_a, cluster_a):
    schedule(cluster_a, "", "5000")
    organization = member(cluster_a, "1", 5)
    fees_issue_for_year(cluster=cluster_a, year=2026)
    payment = FeePayment.objects.get()
    client = client_for(manager_a)
    future = client.post(reverse("members:fee-paid", args=[payment.pk]), {"paid_on": "2999-01-01"})
    assert future.status_code == 302
    payment.refresh_from_db()
    assert payment.paid_on is None
    # On or after the day the membership began (today, as the organization was created).
    today = timezone.localdate()
    client.post(reverse("members:fee-paid", args=[payment.pk]), {"paid_on": today.isoformat()})
    payment.refresh_from_db()
    assert payment.paid_on == today
    page = client.get(reverse("members:fees"), {"year": 2026, "state": "paid"}).content.decode()
    assert organization.legal_name in page


def test_fees_page_shows_schedule_errors_at_the_field(client_for, manager_a, cluster_a):
    response = client_for(manager_a).post(
        reverse("members:fee-schedule-create"),
        {
            "year": "2026",
            "size_class": "",
            "amount": "-5",
            "currency": "SEK",
            "due_on": "2026-03-31",
        },
    )
    assert response.status_code == 400
    assert "amount" in response.context["schedule_form"].errors


def test_fees_page_query_budget(client_for, manager_a, cluster_a, django_assert_max_num_queries):
    schedule(cluster_a, "", "5000")
    for index in range(15):
        member(cluster_a, str(index), 5)
    fees_issue_for_year(cluster=cluster_a, year=2026)
    client = client_for(manager_a)
    # session, user, current cluster, switcher, roles, schedules, payments with organizations,
    # the schedules' history and the records before each.
    with django_assert_max_num_queries(10):
        assert client.get(reverse("members:fees")).status_code == 200


class TestFeeScheduleApi:
    def test_manager_sets_the_schedule_and_issues_the_year(self, client_for, manager_a, cluster_a):
        member(cluster_a, "1", 5)
        client = client_for(manager_a)
        created = client.post(
            reverse("api:fee-schedule-list"),
            {
                "cluster": "alpha",
                "year": 2026,
                "amount": "300.00",
                "currency": "EUR",
                "due_on": "2026-03-31",
            },
            content_type="application/json",
        )
        assert created.status_code == 201, created.content
        duplicate = client.post(
            reverse("api:fee-schedule-list"),
            {
                "cluster": "alpha",
                "year": 2026,
                "amount": "1.00",
                "currency": "EUR",
                "due_on": "2026-03-31",
            },
            content_type="application/json",
        )
        assert duplicate.status_code == 400
        assert "size_class" in duplicate.json()
        issue = reverse("api:fee-schedule-issue", kwargs={"cluster_slug": "alpha"})
        assert client.post(issue, {"year": 2026}, "application/json").json() == {"issued": 1}
        assert client.post(issue, {"year": 2026}, "application/json").json() == {"issued": 0}
        missing = client.post(issue, {"year": 2031}, "application/json")
        assert missing.status_code == 400 and "year" in missing.json()

    def test_viewer_may_read_but_not_issue(self, client_for, viewer_a, cluster_a):
        schedule(cluster_a, "", "100")
        client = client_for(viewer_a)
        assert client.get(reverse("api:fee-schedule-list")).json()["count"] == 1
        issue = reverse("api:fee-schedule-issue", kwargs={"cluster_slug": "alpha"})
        assert client.post(issue, {"year": 2026}, "application/json").status_code == 403
        assert not FeePayment.objects.exists()

"""The new audit histories are shown where history already is: timesheet changes on the
request's page, trip caps on the caps page, fee schedules on the fees page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from internationalization.services.timbank import timbank_request_approve, timesheet_log
from internationalization.services.trips import trip_cap_set
from members.services import fee_schedule_save
from tests.factories.activities import timbank_request_for

pytestmark = pytest.mark.django_db


def test_timesheet_changes_show_on_the_request_page(
    client_for, enrolment, pool, consultant, firm_rep_a, manager_a
):
    request = timbank_request_approve(
        request=timbank_request_for(enrolment, firm_rep_a), hours=Decimal(6), actor=manager_a
    )
    entry = timesheet_log(
        request=request, consultant=consultant, date=date(2026, 3, 2), hours=Decimal(2)
    )
    entry.hours = Decimal(3)
    entry.save()
    page = client_for(manager_a).get(
        reverse("internationalization:timbank-request-detail", args=[request.pk])
    )
    history = page.context["timesheet_history"]
    assert [(e.subject, e.kind) for e in history] == [
        ("2026-03-02 Lex Legal AB", "~"),
        ("2026-03-02 Lex Legal AB", "+"),
    ]
    assert "Timesheet changes" in page.content.decode()


def test_trip_cap_changes_show_on_the_caps_page(client_for, project, manager_a):
    trip_cap_set(project=project, country="DE", cap=Decimal(1000), currency="EUR")
    trip_cap_set(project=project, country="DE", cap=Decimal(1500), currency="EUR")
    page = client_for(manager_a).get(reverse("internationalization:trip-caps", args=[project.slug]))
    first = page.context["history"][0]
    assert (first.subject, first.kind) == ("Germany", "~")
    assert (first.changes[0].old, first.changes[0].new) == ("1000.00", "1500.00")


def test_fee_schedule_changes_show_on_the_fees_page(client_for, cluster_a, manager_a):
    data = {"year": 2026, "size_class": "", "amount": Decimal(100), "due_on": date(2026, 3, 1)}
    schedule = fee_schedule_save(cluster=cluster_a, data=data)
    fee_schedule_save(cluster=cluster_a, data={**data, "amount": Decimal(120)}, schedule=schedule)
    page = client_for(manager_a).get(reverse("members:fees"))
    first = page.context["schedule_history"][0]
    assert first.kind == "~" and first.changes[0].new == "120.00"

"""The intake's hand-offs tell the firm: an interview scheduled, an application decided."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from accounts.choices import NotificationKind
from accounts.models import Notification
from projects.services import (
    enrolment_decide,
    enrolment_record_interview,
    enrolment_schedule_interview,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def test_scheduling_an_interview_tells_the_firm_in_its_language(
    application,
    manager_a,
    firm_rep_a,
    other_rep,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    firm_rep_a.language = "sv"
    firm_rep_a.save()
    # A day after the application, whatever today is: an interview cannot come before it.
    year = timezone.localdate().year + 1
    at = timezone.make_aware(datetime(year, 3, 2, 10, 30))
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_schedule_interview(enrolment=application, at=at, actor=manager_a)
    notification = Notification.objects.get(kind=NotificationKind.INTERVIEW_SCHEDULED)
    assert notification.recipient == firm_rep_a
    assert notification.url == application.get_absolute_url()
    [mail] = mailoutbox
    assert mail.to == [firm_rep_a.email] and f"2 mars {year}" in mail.subject


def test_a_decision_tells_the_firm_with_the_reason(
    application, manager_a, firm_rep_a, mailoutbox, django_capture_on_commit_callbacks, today
):
    enrolment_record_interview(enrolment=application, held_on=today, notes="", actor=manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_decide(
            enrolment=application, accept=False, reason="Not ready to export yet.", actor=manager_a
        )
    notification = Notification.objects.get(kind=NotificationKind.APPLICATION_DECIDED)
    assert notification.recipient == firm_rep_a
    assert notification.subject == "Your application to Alpha abroad was rejected"
    assert notification.body.endswith("Not ready to export yet.")
    [mail] = mailoutbox
    assert mail.subject == notification.subject

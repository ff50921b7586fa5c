"""A recorded interview can be corrected by a manager (issue 10, point 7): its day and notes,
the dated step moving with it; the enrolment's history keeps old → new, who and when."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from projects.choices import EnrolmentStatus
from projects.models import EnrolmentStatusChange
from projects.services import (
    enrolment_apply,
    enrolment_correct_interview,
    enrolment_decide,
    enrolment_record_interview,
)
from tests.factories.common import ASSESSMENT, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(project, eligible_firm, firm_rep_a, partner):
    """Applied ten days ago, so that the interview's day can move."""
    return enrolment_apply(
        project=project,
        organization=eligible_firm,
        assessment=ASSESSMENT,
        actor=firm_rep_a,
        applied_on=TODAY - timedelta(days=10),
    )


@pytest.fixture
def interviewed(application, manager_a):
    return enrolment_record_interview(
        enrolment=application, held_on=TODAY, notes="Motivated", actor=manager_a
    )


def test_a_manager_corrects_the_interview_and_the_history_keeps_it(interviewed, manager_a):
    day = TODAY - timedelta(days=2)
    corrected = enrolment_correct_interview(
        enrolment=interviewed, held_on=day, notes="Motivated; needs a distributor", actor=manager_a
    )
    assert corrected.interviewed_on == day
    step = EnrolmentStatusChange.objects.get(
        enrolment=interviewed, to_status=EnrolmentStatus.INTERVIEWED
    )
    assert step.on == day
    last = corrected.history.order_by("-history_date").first()
    assert last.history_user == manager_a
    changed = {change.field for change in last.diff_against(last.prev_record).changes}
    assert {"interviewed_on", "interview_notes"} <= changed


def test_the_correction_is_shown_in_the_enrolment_history(client_for, interviewed, manager_a):
    enrolment_correct_interview(
        enrolment=interviewed, held_on=TODAY, notes="Corrected notes", actor=manager_a
    )
    page = client_for(manager_a).get(interviewed.get_absolute_url()).content.decode()
    assert "Corrected notes" in page


def test_an_interview_not_recorded_is_not_corrected(application, manager_a):
    with pytest.raises(ValidationError):
        enrolment_correct_interview(enrolment=application, held_on=TODAY, notes="", actor=manager_a)


def test_a_corrected_interview_is_not_in_the_future(interviewed, manager_a):
    with pytest.raises(ValidationError) as refused:
        enrolment_correct_interview(
            enrolment=interviewed, held_on=TODAY + timedelta(days=1), notes="", actor=manager_a
        )
    assert "held_on" in refused.value.message_dict


def test_a_corrected_interview_is_not_before_the_application(interviewed, manager_a):
    with pytest.raises(ValidationError) as refused:
        enrolment_correct_interview(
            enrolment=interviewed,
            held_on=interviewed.applied_on - timedelta(days=1),
            notes="",
            actor=manager_a,
        )
    assert "held_on" in refused.value.message_dict


def test_a_corrected_interview_is_not_after_the_decision(application, manager_a):
    enrolment_record_interview(
        enrolment=application, held_on=TODAY - timedelta(days=3), notes="", actor=manager_a
    )
    decided = enrolment_decide(
        enrolment=application,
        accept=False,
        reason="Not ready",
        actor=manager_a,
        decided_on=TODAY - timedelta(days=2),
    )
    with pytest.raises(ValidationError) as refused:
        enrolment_correct_interview(enrolment=decided, held_on=TODAY, notes="", actor=manager_a)
    assert "held_on" in refused.value.message_dict


def test_only_managers_correct_an_interview(interviewed, firm_rep_a, coach_a):
    for user in (firm_rep_a, coach_a):
        with pytest.raises(PermissionDenied):
            enrolment_correct_interview(enrolment=interviewed, held_on=TODAY, notes="", actor=user)


def test_the_correction_form_on_the_enrolment_page(client_for, interviewed, manager_a):
    client = client_for(manager_a)
    page = client.get(interviewed.get_absolute_url())
    assert "correct_interview_form" in page.context
    url = reverse("projects:enrolment-interview-correct", args=[interviewed.pk])
    answer = client.post(url, {"held_on": (TODAY + timedelta(days=3)).isoformat(), "notes": "x"})
    assert answer.status_code == 400
    assert "held_on" in answer.context["correct_interview_form"].errors
    answer = client.post(url, {"held_on": TODAY.isoformat(), "notes": "Fixed"})
    assert answer.status_code == 302
    interviewed.refresh_from_db()
    assert interviewed.interview_notes == "Fixed"

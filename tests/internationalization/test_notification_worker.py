"""Every hand-off between people, taken through its real service, is e-mailed by a real Celery
worker process on Redis and stays in the recipient's inbox (CI sets REDIS_URL; without it the
``real_celery_worker`` fixture skips). The worker is another process with its own mail backend,
so the proof is in the database: each notification it marked e-mailed."""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.choices import NotificationKind as K
from accounts.models import Notification
from accounts.notifications.services import notify_message
from internationalization.models import Trip
from internationalization.services.timbank import (
    timbank_request_approve,
    timbank_request_ask_info,
)
from internationalization.services.trips import expense_claim_decide, trip_approve
from internationalization.services.workshops import workshop_invite
from members.choices import BodyKind, DecisionOutcome
from members.services import action_item_save, body_save, decision_save, meeting_save, person_save
from projects.choices import EnrolmentStatus
from projects.services import (
    enrolment_decide,
    enrolment_record_interview,
    enrolment_schedule_interview,
)
from reports.services import report_run_compute, report_run_request
from tests.factories.activities import (
    ExpenseClaimFactory,
    log_session,
    make_workshop,
    timbank_request_for,
    trip_applied_for,
)
from tests.factories.clusters import UserFactory
from tests.factories.common import TODAY
from tests.factories.projects import EnrolmentFactory, ProjectFactory

HAND_OFFS = {
    K.INTERVIEW_SCHEDULED,
    K.APPLICATION_DECIDED,
    K.SESSION_TO_CONFIRM,
    K.WORKSHOP_INVITATION,
    K.TIMBANK_QUESTIONED,
    K.TIMBANK_DECIDED,
    K.TRIP_DECIDED,
    K.CLAIM_DECIDED,
    K.REPORT_RUN_DONE,
    K.ACTION_ITEM_ASSIGNED,
    K.MESSAGE,
}


def _intake(cluster, firm, manager) -> None:
    """An application of the firm to a second project: interview scheduled, held, decided."""
    other = ProjectFactory(cluster=cluster)
    application = EnrolmentFactory(
        project=other, organization=firm, status=EnrolmentStatus.APPLIED, applied_on=TODAY
    )
    enrolment_schedule_interview(
        enrolment=application, at=timezone.now() + timedelta(days=2), actor=manager
    )
    enrolment_record_interview(enrolment=application, held_on=TODAY, notes="", actor=manager)
    enrolment_decide(enrolment=application, accept=False, reason="Next call", actor=manager)


def _activities(project, enrolment, coach, firm_rep, manager) -> None:
    enrolment.coaching_hours_allotted = Decimal("20")
    enrolment.save(update_fields=["coaching_hours_allotted"])
    log_session(enrolment, coach)
    workshop_invite(workshop=make_workshop(project, day=TODAY + timedelta(days=5)))
    questioned = timbank_request_for(enrolment, firm_rep, hours="2")
    timbank_request_ask_info(request=questioned, question="Which contract?", actor=manager)
    approved = timbank_request_for(enrolment, firm_rep, hours="4")
    timbank_request_approve(request=approved, hours=Decimal("4"), actor=manager)
    trip = trip_approve(
        trip=trip_applied_for(enrolment, firm_rep), budget=Decimal("2000"), actor=manager
    )
    claim = ExpenseClaimFactory(trip=Trip.objects.get(pk=trip.pk))
    expense_claim_decide(claim=claim, approve=True, reason="", actor=manager)


def _governance_report_and_message(cluster, project, manager, firm_rep) -> None:
    board = body_save(cluster=cluster, data={"name": "Board", "kind": BodyKind.BOARD})
    meeting = meeting_save(body=board, data={"date": TODAY - timedelta(days=3), "title": "Plan"})
    decision = decision_save(
        meeting=meeting, data={"text": "Plan", "outcome": DecisionOutcome.ADOPTED}
    )
    owner = person_save(
        cluster=cluster,
        data={"first_name": "Ann", "last_name": "A", "user": UserFactory(language="sv")},
    )
    action_item_save(
        decision=decision, data={"text": "Budget", "owner": owner, "due_on": TODAY + timedelta(7)}
    )
    # Computed here, in one transaction with its request, so the worker finds it finished
    # and only the e-mail of its "done" notification travels through the broker.
    with transaction.atomic():
        run = report_run_request(kind="participation", project=project, requested_by=manager)
        report_run_compute(run_id=run.pk)
    notify_message(sender=manager, recipients=[firm_rep], subject="Fair", body="See you there")


@pytest.mark.celery_worker
def test_every_hand_off_is_emailed_by_a_real_worker_and_kept_in_the_inbox(
    real_celery_worker, cluster_a, project, enrolment, pool, coach, firm_a, firm_rep_a, manager_a
):
    _intake(cluster_a, firm_a, manager_a)
    _activities(project, enrolment, coach, firm_rep_a, manager_a)
    _governance_report_and_message(cluster_a, project, manager_a, firm_rep_a)

    notifications = Notification.objects.filter(kind__in=HAND_OFFS)
    assert set(notifications.values_list("kind", flat=True)) == HAND_OFFS
    deadline = time.monotonic() + 90
    while notifications.filter(emailed_at=None).exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    waiting = list(notifications.filter(emailed_at=None).values_list("kind", flat=True))
    assert waiting == [], f"not e-mailed by the worker: {waiting}"
    # Still in each recipient's inbox, unread.
    assert not notifications.exclude(read_at=None).exists()

"""An action item tells its owner when assigned; the beat reminds them once when it falls due
and once when it is overdue."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.choices import NotificationKind as K
from accounts.models import Notification
from members.choices import BodyKind, DecisionOutcome
from members.services import action_item_save, body_save, decision_save, meeting_save, person_save
from members.services.reminders import action_item_reminders_send
from members.tasks import send_action_item_reminders
from tests.factories.clusters import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

TODAY = timezone.localdate()


@pytest.fixture
def decision(cluster_a):
    board = body_save(cluster=cluster_a, data={"name": "Alpha board", "kind": BodyKind.BOARD})
    meeting = meeting_save(body=board, data={"date": date(2025, 11, 20), "title": "Plan"})
    return decision_save(meeting=meeting, data={"text": "Plan", "outcome": DecisionOutcome.ADOPTED})


@pytest.fixture
def ann(cluster_a):
    user = UserFactory(email="ann@example.org", language="sv")
    return person_save(
        cluster=cluster_a, data={"first_name": "Ann", "last_name": "A", "user": user}
    )


@pytest.fixture
def bo(cluster_a):
    return person_save(cluster=cluster_a, data={"first_name": "Bo", "last_name": "B"})


def item_for(decision, owner, due_on, text="Draft the budget"):
    return action_item_save(
        decision=decision, data={"text": text, "owner": owner, "due_on": due_on}
    )


def test_assigning_an_item_tells_its_owner_in_their_language(
    decision, ann, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = item_for(decision, ann, date(2026, 1, 31))
        # Saving it again (a new text) does not tell the owner again.
        action_item_save(decision=decision, item=item, data={"text": "Draft the 2026 budget"})
    [notification] = Notification.objects.filter(kind=K.ACTION_ITEM_ASSIGNED)
    assert notification.recipient == ann.user
    assert notification.url == decision.get_absolute_url()
    [mail] = mailoutbox
    assert mail.to == ["ann@example.org"] and "31 januari 2026" in mail.body


def test_a_new_owner_is_told_and_a_person_without_an_account_is_skipped(decision, ann, bo):
    item = item_for(decision, bo, TODAY + timedelta(days=30))
    assert not Notification.objects.exists()
    action_item_save(decision=decision, item=item, data={"owner": ann})
    assert Notification.objects.get().recipient == ann.user


def test_due_and_overdue_items_are_reminded_once_each(decision, ann):
    item_for(decision, ann, TODAY + timedelta(days=2), "Due soon")
    overdue = item_for(decision, ann, TODAY - timedelta(days=1), "Overdue")
    item_for(decision, ann, TODAY + timedelta(days=20), "Far off")
    done = item_for(decision, ann, TODAY - timedelta(days=5), "Done already")
    action_item_save(decision=decision, item=done, data={"done_on": TODAY})
    Notification.objects.all().delete()

    send_action_item_reminders.delay().get()
    send_action_item_reminders.delay().get()
    reminded = dict(Notification.objects.values_list("params__action", "kind"))
    assert reminded == {"Due soon": K.ACTION_ITEM_DUE, "Overdue": K.ACTION_ITEM_OVERDUE}

    # Once due has passed, the item that was due soon is overdue: a second, new reminder.
    action_item_reminders_send(today=TODAY + timedelta(days=3))
    kinds = Notification.objects.filter(params__action="Due soon").values_list("kind", flat=True)
    assert sorted(kinds) == sorted([K.ACTION_ITEM_DUE, K.ACTION_ITEM_OVERDUE])
    assert Notification.objects.filter(params__action=overdue.text).count() == 1

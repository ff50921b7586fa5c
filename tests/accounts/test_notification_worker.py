"""A notification e-mail sent by a real Celery worker process (CI sets REDIS_URL; without it
the ``real_celery_worker`` fixture skips). The worker is another process with its own mail
backend, so the proof is in the database: the row it marked e-mailed."""

import time

import pytest

from accounts.choices import NotificationKind
from accounts.models import Notification
from accounts.notifications.services import notify
from tests.factories.clusters import UserFactory


@pytest.mark.celery_worker
def test_a_notification_is_emailed_through_a_real_worker(real_celery_worker):
    user = UserFactory(language="sv")
    # The test's database is transactional: notify's transaction commits and its on-commit
    # hook puts the e-mail task on the worker's queue at once.
    [notification] = notify(
        recipients=[user],
        kind=NotificationKind.TRIP_DECIDED,
        params={"firm": "Alpha Sealing AB", "country": "DE", "outcome": "approved"},
        url="/activities/trips/1/",
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        notification.refresh_from_db()
        if notification.emailed_at is not None:
            break
        time.sleep(0.25)
    assert notification.emailed_at is not None
    assert Notification.objects.get().read_at is None

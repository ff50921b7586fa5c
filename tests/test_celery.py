"""A task through a real worker process, the Redis broker and result store, and the database."""

import pytest

from config.tasks import worker_health
from tests.factories.clusters import ClusterFactory


@pytest.mark.celery_worker
def test_task_round_trip_through_a_real_worker(real_celery_worker):
    ClusterFactory.create_batch(2)
    result = worker_health.apply_async(queue=real_celery_worker.queue)
    assert result.get(timeout=60) == {"database": "ok", "clusters": 2}


@pytest.mark.django_db
def test_without_redis_tasks_run_eagerly_in_process(settings):
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("REDIS_URL is set: tasks go to the broker")
    ClusterFactory()
    assert worker_health.delay().get() == {"database": "ok", "clusters": 1}

from celery import shared_task

from clusters.models import Cluster
from config import health


@shared_task(acks_late=True)
def worker_health() -> dict:
    """Run on a worker: proves the worker reaches the broker, the result store and the database."""
    return {"database": health.database_state(), "clusters": Cluster.objects.count()}

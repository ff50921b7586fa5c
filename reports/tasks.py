from celery import shared_task
from django.db import DatabaseError

from reports.services import (
    refresh_running_projects,
    report_run_compute,
    report_run_fail,
    report_runs_fail_stuck,
)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=3,
)
def compute_report_run(self, run_id: int) -> str:
    """Compute a report run. Transient database errors are retried; anything else, or the
    last retry, marks the run failed with its error."""
    try:
        run = report_run_compute(run_id=run_id)
    except DatabaseError:
        if self.request.retries >= self.max_retries:
            report_run_fail(run_id=run_id, error="The database failed repeatedly.")
        raise
    except Exception as error:  # noqa: BLE001 - the run records any failure
        report_run_fail(run_id=run_id, error=f"{type(error).__name__}: {error}")
        raise
    return run.status


@shared_task(acks_late=True)
def refresh_reports_nightly() -> int:
    return refresh_running_projects()


@shared_task
def fail_stuck_report_runs() -> int:
    """Periodic: runs whose worker was lost are marked failed, so they can be retried."""
    return report_runs_fail_stuck()

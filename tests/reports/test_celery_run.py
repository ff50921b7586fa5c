"""A report run computed by a real Celery worker through Redis, as in production: the request
commits, the task goes to the broker, the worker computes the run in its own process and
database connection. Skipped without REDIS_URL (CI always sets it)."""

from __future__ import annotations

import time
from datetime import date

import pytest
from django.db import transaction

from reports.models import ReportRun, RunStatus
from reports.services import canonical_json, checksum_of, report_body, report_run_request

POLL_SECONDS = 60


def wait_until_finished(run_id: int) -> ReportRun:
    deadline = time.monotonic() + POLL_SECONDS
    while time.monotonic() < deadline:
        run = ReportRun.objects.get(pk=run_id)
        if run.is_finished:
            return run
        time.sleep(0.2)
    pytest.fail(f"the run was still {run.status} after {POLL_SECONDS} s")


@pytest.mark.celery_worker
def test_a_real_worker_computes_a_run_to_the_checksum_of_a_synchronous_computation(
    real_celery_worker, funder_user, project_x
):
    project = project_x

    with transaction.atomic():
        run = report_run_request(
            kind="participation",
            project=project,
            requested_by=funder_user,
            as_of=date(2026, 6, 30),
        )
        # Nothing is computed before the request commits.
        assert run.status == RunStatus.QUEUED

    finished = wait_until_finished(run.pk)

    assert finished.status == RunStatus.DONE, finished.error
    assert finished.progress == 100
    assert finished.attempts == 1
    assert finished.result["figures"]["firms_supported"] == 5
    again = canonical_json(
        report_body(kind="participation", project=project, programme=None, as_of=date(2026, 6, 30))
    )
    assert finished.canonical == again
    assert finished.checksum == checksum_of(again)

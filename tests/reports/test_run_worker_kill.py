"""A report run whose worker process is SIGKILLed mid-run is delivered again and finishes with
the checksum of an undisturbed computation (acks_late + reject_on_worker_lost). A real
``celery worker`` with a prefork pool on Redis; skipped without REDIS_URL (CI sets it)."""

from __future__ import annotations

import os
import signal
import time
from datetime import date

import pytest
from django.db import connection, transaction

from reports.models import ReportRun, RunStatus
from reports.services import canonical_json, checksum_of, report_body, report_run_request
from tests.celery_worker import celery_worker

AS_OF = date(2026, 6, 30)


@pytest.fixture
def prefork_worker(transactional_db, tmp_path):
    """A worker whose pool child runs the task (so killing the child is what the parent sees
    as a lost worker), holding each run while ``tmp_path/hold`` exists."""
    if connection.vendor == "sqlite":
        pytest.skip("a worker process needs a database file or server it can share")
    hook = {
        "REPORT_RUN_COMPUTE_HOOK": "tests.reports.hooks.hold_while_held",
        "REPORT_TEST_HOLD_DIR": str(tmp_path),
    }
    with celery_worker(pool="prefork", env=hook):
        yield tmp_path


def wait_for(predicate, what: str, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"{what} did not happen within {seconds} s")


@pytest.mark.celery_worker
def test_a_run_whose_worker_is_killed_mid_run_is_delivered_again_to_the_same_checksum(
    prefork_worker, funder_user, project_x
):
    hold = prefork_worker / "hold"
    hold.write_text("")
    with transaction.atomic():
        run = report_run_request(
            kind="participation", project=project_x, requested_by=funder_user, as_of=AS_OF
        )
    started = prefork_worker / "started"
    pid = int(wait_for(lambda: started.exists() and started.read_text(), "the first delivery"))
    assert ReportRun.objects.get(pk=run.pk).status == RunStatus.RUNNING

    os.kill(pid, signal.SIGKILL)
    hold.unlink()

    finished = wait_for(
        lambda: (found := ReportRun.objects.get(pk=run.pk)).is_finished and found,
        "the second delivery",
    )
    assert finished.status == RunStatus.DONE, finished.error
    assert finished.attempts == 2
    undisturbed = canonical_json(
        report_body(kind="participation", project=project_x, programme=None, as_of=AS_OF)
    )
    assert finished.checksum == checksum_of(undisturbed)

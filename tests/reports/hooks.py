"""Test-only hooks for ``REPORT_RUN_COMPUTE_HOOK`` (reports.services.report_run_compute calls
it with the run's id once a delivery has marked the run running)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

_state = threading.local()


def deliver_again_while_running(run_id: int) -> None:
    """A second delivery of the same run computes it to the end while the first one is still
    in the middle of it, as after a redelivery."""
    from reports.services import report_run_compute

    if getattr(_state, "nested", False):
        return
    _state.nested = True
    try:
        report_run_compute(run_id=run_id)
    finally:
        _state.nested = False


def hold_while_held(run_id: int) -> None:
    """In a worker process: while the file ``hold`` exists in REPORT_TEST_HOLD_DIR, write this
    process's id to ``started`` and wait, so a test can kill the process mid-run."""
    folder = Path(os.environ["REPORT_TEST_HOLD_DIR"])
    hold = folder / "hold"
    if not hold.exists():
        return
    (folder / "started").write_text(str(os.getpid()))
    deadline = time.monotonic() + 120
    while hold.exists() and time.monotonic() < deadline:
        time.sleep(0.1)

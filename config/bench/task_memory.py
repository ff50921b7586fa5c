"""``python -m config.bench.task_memory RUN_ID``: compute one report run in a fresh process, as
a Celery worker does, and print its resident memory as JSON: ``start_mb`` once Django and the
tasks are loaded, ``peak_mb`` the high-water mark (VmHWM) after the run.

A fresh process, not a fork of the bench: the bench's own process grows with the data it
generated and the pandas frames it built, which a worker never holds.
"""

from __future__ import annotations

import json
import os
import sys


def main(run_id: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import reports.tasks  # noqa: F401 - what a worker has loaded before its first task
    from config.bench.timing import status_kb
    from reports.services import report_run_compute

    start_kb = status_kb("VmRSS")
    report_run_compute(run_id=run_id)
    print(json.dumps({"start_mb": start_kb / 1024, "peak_mb": status_kb("VmHWM") / 1024}))


if __name__ == "__main__":
    main(int(sys.argv[1]))

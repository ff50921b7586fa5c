"""A real ``celery worker`` process on Redis reading the test's database, for the tests that
need one (tests/conftest.py's ``real_celery_worker``, the worker-kill test)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class CeleryWorker:
    queue: str
    process: subprocess.Popen


@contextmanager
def celery_worker(*, pool: str = "solo", env: dict | None = None) -> Iterator[CeleryWorker]:
    """Start a worker on a queue of its own, route this process's tasks to it, stop it after.

    Skips without REDIS_URL (CI always sets it) or when the worker could not share the
    database (an in-memory SQLite database).
    """
    from config.celery import app

    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: no broker for a real worker")
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3") and "memory" in str(database["NAME"]):
        pytest.skip("the SQLite test database lives in memory: a worker process cannot open it")
    queue = f"test-{uuid.uuid4().hex[:10]}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            f"--pool={pool}",
            "--concurrency=1",
            f"--queues={queue}",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
            f"--hostname={queue}@%h",
        ],
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "DATABASE_URL": _database_url_for_worker(database),
            **(env or {}),
        },
    )
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        _wait_for_worker(app, queue, process)
        yield CeleryWorker(queue=queue, process=process)
    finally:
        app.conf.task_default_queue = previous_queue
        process.terminate()
        process.wait(timeout=30)


def _database_url_for_worker(database: dict) -> str:
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    user = database.get("USER") or ""
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{database['NAME']}"


def _wait_for_worker(app, queue: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Celery worker exited with code {process.returncode}")
        replies = app.control.ping(destination=None, timeout=1.0) or []
        if any(queue in name for reply in replies for name in reply):
            return
    raise RuntimeError("the Celery worker did not answer a ping within 60 s")

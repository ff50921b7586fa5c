"""A user's API limit holds across gunicorn workers: two real worker processes, each answering
some of one user's requests, let through exactly the limit between them, not the limit each.

The server is real gunicorn (2 sync workers, production settings) on this test's PostgreSQL
database, counting in Redis as production does; the test process's own throttle cache (locmem,
tests/conftest.py) plays no part. Needs PostgreSQL and REDIS_URL: skipped without them, failed
instead with REQUIRE_POSTGRESQL=1 (CI), so a missing service cannot hide the test.
"""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.db import connection
from django.urls import reverse

from accounts.services import api_token_create
from config.bench.throughput import gunicorn_server
from tests.celery_worker import _database_url_for_worker

pytestmark = pytest.mark.django_db(transaction=True)

LIMIT = 5
REQUESTS = 24
ME = reverse("api:me")


def require_postgresql_and_redis() -> None:
    missing = []
    if connection.vendor != "postgresql":
        missing.append(f"PostgreSQL (the test database is {connection.vendor})")
    if not os.environ.get("REDIS_URL"):
        missing.append("Redis (REDIS_URL is not set)")
    if not missing:
        return
    reason = f"a real gunicorn sharing counters needs {' and '.join(missing)}"
    if os.environ.get("REQUIRE_POSTGRESQL") == "1":
        pytest.fail(f"REQUIRE_POSTGRESQL=1 but {reason}")
    pytest.skip(reason)


def forget_counts(user_id: int) -> None:
    """The server's counters of this user (a previous run may have left some in Redis)."""
    server = redis.Redis.from_url(os.environ["REDIS_URL"])
    keys = server.keys(f"throttle:*user-{user_id}*")
    if keys:
        server.delete(*keys)


def get(url: str, key: str) -> tuple[int, str]:
    """One request on a connection of its own; its status and the worker pid that answered."""
    headers = {"Authorization": f"Token {key}"} if key else {}
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["X-Worker-Pid"]
    except urllib.error.HTTPError as error:
        return error.code, error.headers["X-Worker-Pid"]


def wait_for_both_workers(base: str, timeout: float = 60) -> None:
    """gunicorn answers as soon as one worker is up; the other may still be importing Django.
    /healthz is not throttled: ask it eight at a time until two pids have answered."""
    deadline = time.monotonic() + timeout
    pids: set[str] = set()
    with ThreadPoolExecutor(max_workers=8) as pool:
        while len(pids) < 2 and time.monotonic() < deadline:
            pids |= set(pool.map(lambda _: get(f"{base}/healthz", "")[1], range(8)))


def test_two_workers_let_one_user_through_the_limit_once_not_once_each(funder_user):
    require_postgresql_and_redis()
    _token, key = api_token_create(user=funder_user, name="script")
    forget_counts(funder_user.pk)
    try:
        server = gunicorn_server(
            _database_url_for_worker(connection.settings_dict),
            env={"API_THROTTLE_USER": f"{LIMIT}/min"},
            application="tests.worker_pid_wsgi:application",
        )
        # Eight at a time: both workers busy, and counting at the same moments.
        with server as base, ThreadPoolExecutor(max_workers=8) as pool:
            wait_for_both_workers(base)
            answers = list(pool.map(lambda _: get(f"{base}{ME}", key), range(REQUESTS)))
    finally:
        forget_counts(funder_user.pk)
    statuses = sorted(status for status, _pid in answers)
    pids = {pid for _status, pid in answers}
    # Without two workers answering, a per-process count would pass too: no proof.
    assert len(pids) == 2, f"all {REQUESTS} requests were answered by one worker: {pids}"
    # Counting per worker, each would have let through up to LIMIT: more than LIMIT in total
    # whenever both answered and there were more than LIMIT requests.
    assert statuses == [200] * LIMIT + [429] * (REQUESTS - LIMIT), answers

"""API throughput under gunicorn: requests per second and latency percentiles of the API's
busiest reads, each against ``/healthz`` on the same server.

gunicorn runs as production runs it (``DJANGO_ENV=production``, DEBUG off, counters and caches
in Redis when REDIS_URL is set), with 2 **sync** workers: the worker class of the Dockerfile and
docker-compose.yml, and the right one for a CPU-bound Django app on a 2-core machine (threads
would contend for the GIL and measure a server production does not run). A sync worker closes
the connection after each response, so the load client reconnects for every request, as
clients behind a proxy do.

The load comes from a separate process (``python -m config.bench.load``: 16 keep-alive clients,
20 s per route). ``/healthz`` is measured first and last, and their mean is the reference, since
a shared machine drifts. Budget: every route at least a third of the reference's requests per
second, and a p95 of at most 50 ms.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connections

from config.bench import world
from config.bench.context import BenchContext
from config.bench.results import Section

CLIENTS = 16
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "20"))
WORKERS = 2
MIN_SHARE = 1 / 3
MAX_P95_MS = 50.0
TOKEN_NAME = "bench throughput"
# High enough that no bench user is ever refused, so the throttles still run on every request
# (their cost is part of the measurement) but never answer 429.
BENCH_THROTTLE_RATE = "100000/s"


@dataclass
class Route:
    label: str
    path: str
    email: str  # "" for an anonymous request


@contextmanager
def gunicorn_server(
    database_url: str, *, env: dict | None = None, application: str = "config.wsgi:application"
) -> Iterator[str]:
    """gunicorn with 2 sync workers on a free local port, production settings, the given
    database; yields its base URL, stops it after. (Also the tests' real server.)"""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            application,
            f"--bind=127.0.0.1:{port}",
            f"--workers={WORKERS}",
            "--worker-class=sync",
            "--log-level=warning",
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, **server_environment(database_url), **(env or {})},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def server_environment(database_url: str) -> dict[str, str]:
    """Production settings for a local plain-HTTP server (no TLS in front of it)."""
    environment = {
        "DJANGO_ENV": "production",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
    }
    if settings.REDIS_URL:
        environment["REDIS_URL"] = settings.REDIS_URL
    return environment


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz within {timeout:.0f} s")


def get_json(url: str, key: str = "") -> dict:
    headers = {"Accept": "application/json", **({"Authorization": f"Token {key}"} if key else {})}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
        return json.loads(r.read())


def load(url: str, key: str = "", *, seconds: float = SECONDS) -> dict:
    """The load client in a process of its own; its JSON summary."""
    command = [
        sys.executable,
        "-m",
        "config.bench.load",
        url,
        f"--clients={CLIENTS}",
        f"--seconds={seconds}",
    ]
    if key:
        command.append(f"--header=Authorization: Token {key}")
    done = subprocess.run(
        command, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def issue_tokens(emails: set[str]) -> dict[str, str]:
    """A fresh read-only token per user (the previous bench tokens revoked first, so repeated
    runs stay under API_TOKEN_MAX_ACTIVE)."""
    from accounts.models import ApiToken, User
    from accounts.services import api_token_create, api_token_revoke

    keys = {}
    for email in sorted(emails):
        user = User.objects.get(email=email)
        for token in ApiToken.objects.active().filter(user=user, name=TOKEN_NAME):
            api_token_revoke(token=token)
        _token, keys[email] = api_token_create(
            user=user, name=TOKEN_NAME, scope="read", lifetime_days=1
        )
    return keys


def routes(base: str, keys: dict[str, str]) -> list[Route]:
    """The measured routes, their ids found by the world's names (config/bench/world.py)."""
    runs = get_json(f"{base}/api/v1/report-runs/", keys[world.FUNDER_EMAIL])["results"]
    finished = next((run for run in runs if run["status"] == "done"), None)
    if finished is None:
        raise RuntimeError(f"{world.FUNDER_EMAIL} sees no finished report run")
    subjects = [
        Route("report runs", "/api/v1/report-runs/", world.FUNDER_EMAIL),
        Route("report run", f"/api/v1/report-runs/{finished['id']}/", world.FUNDER_EMAIL),
        Route(
            "projects of a programme",
            f"/api/v1/projects/?programme={world.PROGRAMME_CODE}",
            world.FUNDER_EMAIL,
        ),
        Route("timbank requests", "/api/v1/timbank-requests/", world.MANAGER_EMAIL),
    ]
    for route in subjects:  # an empty answer would measure nothing worth knowing
        answer = get_json(f"{base}{route.path}", keys[route.email])
        if not answer.get("results", answer):
            raise RuntimeError(f"{route.path} answers {route.email} with nothing")
    return subjects


def measure(base: str, keys: dict[str, str], subjects: list[Route]) -> dict[str, dict]:
    """/healthz first, every route, /healthz last; each warmed up for a second first."""
    healthz = Route("healthz", "/healthz", "")
    plan = [("healthz (first)", healthz), *((r.label, r) for r in subjects)]
    plan.append(("healthz (last)", healthz))
    figures = {}
    for label, route in plan:
        key = keys.get(route.email, "")
        load(f"{base}{route.path}", key, seconds=1)
        figures[label] = {"path": route.path, **load(f"{base}{route.path}", key)}
    return figures


def run(ctx: BenchContext) -> list[Section]:
    ctx.use(ctx.scale)
    keys = issue_tokens({world.FUNDER_EMAIL, world.MANAGER_EMAIL})
    connections.close_all()
    rates = {"API_THROTTLE_USER": BENCH_THROTTLE_RATE, "API_THROTTLE_ANON": BENCH_THROTTLE_RATE}
    with gunicorn_server(ctx.database_url(ctx.scale), env=rates) as base:
        subjects = routes(base, keys)
        ctx.say(f"throughput: {len(subjects) + 2} routes × {SECONDS:.0f} s under gunicorn")
        figures = measure(base, keys, subjects)
    return [section(ctx, figures)]


def section(ctx: BenchContext, figures: dict[str, dict]) -> Section:
    reference = (figures["healthz (first)"]["rps"] + figures["healthz (last)"]["rps"]) / 2
    result = Section(
        key="throughput",
        title=(
            f"API throughput at scale {ctx.scale}: gunicorn, {WORKERS} sync workers, "
            f"{CLIENTS} clients × {SECONDS:.0f} s per route"
        ),
        columns=[
            "route",
            "path",
            "requests/s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "errors",
            "× healthz",
        ],
        details={"figures": figures, "healthz_reference_rps": reference},
    )
    result.notes += [
        f"Throttle rates raised to {BENCH_THROTTLE_RATE} (API_THROTTLE_USER, API_THROTTLE_ANON) "
        "so no request is refused: the throttles still count every request in "
        + ("Redis" if settings.REDIS_URL else "each worker's memory (no REDIS_URL)")
        + ", their cost is measured.",
        f"Reference: the mean of /healthz first and last, {reference:,.0f} requests/s "
        "(it checks the database and the broker on every request).",
        "errors: connections refused, reset or timed out, plus answers other than 2xx.",
        "API reads are served from the shared read cache (clusters/read_cache.py) while no data "
        "changes, as during this load; each route's first read computes and caches its answer.",
        f"gunicorn {WORKERS} sync workers, as the Dockerfile runs it (a sync worker closes each "
        "connection: every request reconnects); DJANGO_ENV=production, DEBUG off; the load "
        f"client ({CLIENTS} asyncio connections, python -m config.bench.load) runs on the same "
        "machine.",
    ]
    for label, figure in figures.items():
        share = figure["rps"] / reference if reference else 0.0
        errors = figure["errors"] + figure["non_2xx"]
        result.rows.append(
            {
                "route": label,
                "path": figure["path"],
                "requests/s": figure["rps"],
                "p50 ms": figure["p50_ms"],
                "p95 ms": figure["p95_ms"],
                "p99 ms": figure["p99_ms"],
                "errors": errors,
                "× healthz": share,
            }
        )
        # A route answering 401 or 500 fast would pass the two lines below and mean nothing.
        result.check("every request answered 2xx", label, f"{errors} errors", errors == 0)
        if label.startswith("healthz"):
            continue
        result.check(
            "at least a third of /healthz throughput", label, f"{share:.2f} ×", share >= MIN_SHARE
        )
        result.check(
            f"p95 at most {MAX_P95_MS:.0f} ms",
            label,
            f"{figure['p95_ms']:.1f} ms",
            figure["p95_ms"] <= MAX_P95_MS,
        )
    return result

"""Measuring: medians of repeated runs, side by side, and peak memory.

A comparison is fair only when both sides meet the same machine: ``side_by_side`` interleaves
the contenders round by round, so a noisy neighbour slows all of them alike.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, reset_queries

RUNS = 5
WARMUPS = 1


@dataclass
class Timing:
    """Wall-clock milliseconds of each measured run (warm-ups excluded)."""

    runs_ms: list[float] = field(default_factory=list)
    queries: int | None = None

    @property
    def median_ms(self) -> float:
        return statistics.median(self.runs_ms)

    def as_dict(self) -> dict:
        return {
            "median_ms": round(self.median_ms, 2),
            "runs_ms": [round(ms, 2) for ms in self.runs_ms],
            **({"queries": self.queries} if self.queries is not None else {}),
        }


def _timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return (time.perf_counter() - start) * 1000, value


def median_of(fn: Callable[[], object], *, runs: int = RUNS, warmups: int = WARMUPS) -> Timing:
    """``fn`` run ``warmups`` times unmeasured, then ``runs`` times measured."""
    return side_by_side({"fn": fn}, runs=runs, warmups=warmups)["fn"]


def side_by_side(
    contenders: dict[str, Callable[[], object]], *, runs: int = RUNS, warmups: int = WARMUPS
) -> dict[str, Timing]:
    """Each contender once per round, in turn, for ``warmups`` + ``runs`` rounds."""
    timings = {name: Timing() for name in contenders}
    for round_number in range(warmups + runs):
        for name, fn in contenders.items():
            elapsed, _ = _timed(fn)
            if round_number >= warmups:
                timings[name].runs_ms.append(elapsed)
    return timings


def count_queries(fn: Callable[[], object]) -> tuple[int, object]:
    """The number of SQL queries ``fn`` runs (needs ``connection.force_debug_cursor``)."""
    reset_queries()
    previous, connection.force_debug_cursor = connection.force_debug_cursor, True
    try:
        value = fn()
        return len(connection.queries), value
    finally:
        connection.force_debug_cursor = previous
        reset_queries()


@dataclass
class Memory:
    """A forked child's resident memory in MB: when it started (what it inherited: Python,
    Django, the app) and at its peak (VmHWM) while ``fn`` ran."""

    start_mb: float
    peak_mb: float

    def as_dict(self) -> dict:
        return {"start_mb": round(self.start_mb, 1), "peak_mb": round(self.peak_mb, 1)}


def peak_rss_of_module(module: str, *args: str, env: dict[str, str]) -> Memory:
    """Run ``python -m module args…`` in a fresh process that prints ``{"start_mb",
    "peak_mb"}`` as its last line (``config.bench.task_memory``), and return those."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        env={**os.environ, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{module} failed: {done.stderr.strip()[-800:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return Memory(start_mb=figures["start_mb"], peak_mb=figures["peak_mb"])


def status_kb(key: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    raise RuntimeError(f"no {key} in /proc/self/status")

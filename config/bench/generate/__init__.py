"""The bench data (issue 12): one cluster, 1,000 × scale firms and about 100,000 × scale
activity rows across 20 projects and two programmes, written through the real models with
bulk inserts, deterministic for a scale (``random.Random``), and valid: every row keeps the
models' validation and the services' invariants (tests/bench/test_generate.py checks a sample).

``ensure_generated`` does nothing but count when the database already holds the bench cluster.
"""

from __future__ import annotations

import random
import time

from django.apps import apps
from django.db import transaction

from clusters.models import Cluster
from config.bench import world
from config.bench.generate import activities, money
from config.bench.generate.common import SEED, Context, Sizes
from config.bench.generate.firms import build_firms
from config.bench.generate.runs import build_runs
from config.bench.generate.setup import build_frame

#: The tables the summary counts (app label.Model).
TABLES = (
    "accounts.User",
    "members.Organization",
    "members.Membership",
    "members.MembershipTransition",
    "projects.Project",
    "projects.Enrolment",
    "projects.EnrolmentStatusChange",
    "internationalization.CoachingSession",
    "internationalization.Workshop",
    "internationalization.WorkshopParticipation",
    "internationalization.TimbankRequest",
    "internationalization.TimesheetEntry",
    "internationalization.Trip",
    "internationalization.ExpenseClaim",
    "internationalization.TripReport",
    "internationalization.ExportLabTrack",
    "internationalization.ExportLabStep",
    "internationalization.Outcome",
    "reports.ReportRun",
)
#: The tables whose rows are "activity rows" (issue 12: ~100,000 per scale).
ACTIVITY_TABLES = TABLES[2:4] + TABLES[6:18]


def summary() -> dict:
    """Rows per table of the bench data, and the activity rows in total."""
    # Firms and memberships of the bench cluster only: the files section adds clusters of its
    # own (the member exports' 10,000 and 100,000 firms) to the same database.
    own = {
        "members.Organization": {"cluster__slug": world.CLUSTER_SLUG},
        "members.Membership": {"organization__cluster__slug": world.CLUSTER_SLUG},
    }
    counts = {
        label: apps.get_model(label).objects.filter(**own.get(label, {})).count()
        for label in TABLES
    }
    counts["activity rows"] = sum(counts[label] for label in ACTIVITY_TABLES)
    return counts


def generate(scale: int = 1, *, scale_fraction: float = 1.0, say=print, runs: bool = True) -> dict:
    """Write the bench world of ``scale`` (``scale_fraction`` of it, for tests) in one
    transaction; the same arguments give the same rows."""
    ctx = Context(sizes=Sizes(scale, scale_fraction), rng=random.Random(SEED + scale), say=say)
    started = time.perf_counter()
    with transaction.atomic():
        cluster, projects = build_frame(ctx)
        paths = build_firms(ctx, cluster, projects)
        work = activities.working(paths)
        for step, name in (
            (lambda: activities.coaching(ctx, work), "coaching"),
            (lambda: activities.workshops(ctx, work, projects), "workshops"),
            (lambda: money.timbank(ctx, work, projects), "timbank"),
            (lambda: money.trips(ctx, work), "trips"),
            (lambda: activities.export_lab(ctx, work), "export lab"),
            (lambda: activities.outcomes(ctx, work), "outcomes"),
        ):
            step()
            say(f"  {name} done after {time.perf_counter() - started:.1f} s")
        if runs:
            build_runs(ctx)
            say(f"  report runs done after {time.perf_counter() - started:.1f} s")
    return summary()


def ensure_generated(scale: int, say=print) -> dict:
    """The bench data of ``scale`` in the current database: generated unless already there."""
    if Cluster.objects.filter(slug=world.CLUSTER_SLUG).exists():
        say(f"scale {scale}: bench data already there")
        return summary()
    say(f"scale {scale}: generating the bench data")
    started = time.perf_counter()
    counts = generate(scale, say=say)
    say(
        f"scale {scale}: generated {counts['activity rows']:,} activity rows in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return counts

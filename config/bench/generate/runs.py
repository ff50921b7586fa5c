"""Finished report runs, so the funder's list of runs has content: three of each kind for the
largest project and for the measured programme, computed through the report services."""

from __future__ import annotations

from datetime import timedelta

from clusters.models import Programme
from config.bench import world
from config.bench.generate.common import Context
from projects.models import Project
from reports.models import ReportKind
from reports.services import report_run_compute, report_run_request

#: The days the runs are computed as of: the bench's "today" and two quarters before it.
RUN_DAYS = (world.AS_OF - timedelta(days=182), world.AS_OF - timedelta(days=91), world.AS_OF)


def build_runs(ctx: Context) -> None:
    scopes = [
        {"project": Project.objects.get(slug=world.LARGEST_PROJECT_SLUG)},
        {"programme": Programme.objects.get(code=world.PROGRAMME_CODE)},
    ]
    made = 0
    for scope in scopes:
        for kind in ReportKind.values:
            for day in RUN_DAYS:
                # No requester: the per-user limits of the pages do not apply to the seed.
                run = report_run_request(kind=kind, requested_by=None, as_of=day, **scope)
                report_run_compute(run_id=run.pk)
                made += 1
    ctx.counts["reports.ReportRun"] = made

"""Step 10, report runs: one finished indicator report of every programme of the demo funder,
so the funder's home page shows achievement against the targets. Requested and computed
through the report services, as of the day of the seed; a programme that already has a
finished indicator run keeps it (a second seed creates nothing)."""

from __future__ import annotations

from accounts.models import User
from clusters.models import Programme
from demo.data.funding import FUNDER_USER
from demo.data.logins import TRIIP_MANAGER
from demo.seeding import SeedTally
from reports.models import ReportKind, ReportRun, RunStatus
from reports.services import report_run_compute, report_run_request


def seed_report_runs(tally: SeedTally) -> None:
    manager = User.objects.get(email=TRIIP_MANAGER)
    for programme in Programme.objects.filter(funder__users__user__email=FUNDER_USER[0]):
        done = ReportRun.objects.filter(
            programme=programme, kind=ReportKind.INDICATORS, status=RunStatus.DONE
        )
        if done.exists():
            tally.counts["unchanged"] += 1
            continue
        run = report_run_request(
            kind=ReportKind.INDICATORS, programme=programme, requested_by=manager
        )
        # Computed here rather than after the seed's commit, so the run is done at once; the
        # task enqueued on commit then finds it finished and leaves it.
        report_run_compute(run_id=run.pk)
        tally.counts["created"] += 1

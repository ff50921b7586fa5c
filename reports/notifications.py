"""Who is told that a report run finished: the user who asked for it (a nightly refresh has
nobody to tell)."""

from __future__ import annotations

from accounts.choices import NotificationKind
from accounts.notifications.services import notify
from reports.models import ReportRun, RunStatus


def report_run_finished(run: ReportRun) -> None:
    notify(
        recipients=[run.requested_by],
        kind=NotificationKind.REPORT_RUN_DONE,
        params={
            "scope": run.scope_label,
            "day": run.parameters.get("as_of"),
            "outcome": "done" if run.status == RunStatus.DONE else "failed",
        },
        url=run.get_absolute_url(),
    )

"""Named access rules of reports/ (the policy: clusters/permissions.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from clusters.permissions import ALLOWED, Verdict, refused
from reports.models import ReportRun, RunStatus


def can_retry_report_run(user, run: ReportRun) -> Verdict:
    """A failed run may be asked for again, with the same inputs, by the user who asked for
    it (a run of the nightly refresh has no requester: the next night retries it)."""
    if run.status != RunStatus.FAILED:
        return refused(_("Only a failed run can be retried."))
    if run.requested_by_id is None or run.requested_by_id != user.pk:
        return refused(_("Only the person who asked for this run can retry it."))
    return ALLOWED

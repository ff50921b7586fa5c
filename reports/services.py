"""Report runs: ask for one, compute it (the Celery task calls this), render it canonically."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from clusters.models import Programme
from projects.choices import ProjectStatus
from projects.models import Project
from reports import notifications
from reports.models import ReportKind, ReportRun, RunStatus
from reports.selectors import figures
from reports.selectors import indicators as indicator_figures


def canonical_json(body: dict) -> str:
    """Sorted keys, no spaces, UTF-8 as is: one text for one content."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def checksum_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def report_body(
    *,
    kind: str,
    project: Project | None,
    programme: Programme | None,
    as_of: date,
    progress=None,
) -> dict:
    """The report as data: what was asked (kind, scope, as_of) and the figures. No timestamp
    of the computation is in it, so the same inputs give the same bytes."""
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Unknown report kind.")})
    if (project is None) == (programme is None):
        raise ValidationError({"scope": _("Give a project or a programme, not both.")})
    if project is not None:
        projects = Project.objects.filter(pk=project.pk)
        scope = {"type": "project", "project": project.slug}
    else:
        projects = figures.projects_of_programme(programme)
        scope = {"type": "programme", "programme": programme.code}
    if progress:
        progress(30)
    if kind == ReportKind.PARTICIPATION:
        data = figures.participation(projects, as_of)
    elif kind == ReportKind.OUTCOMES:
        data = figures.outcomes(projects, as_of)
    else:
        # Per programme: the one asked for, or each programme funding the project, with its
        # own period's indicators and its own support threshold.
        data = indicator_figures.indicators(projects, programme, as_of)
    if progress:
        progress(80)
    return {
        "kind": kind,
        "scope": scope,
        "as_of": as_of.isoformat(),
        "projects": sorted(projects.values_list("slug", flat=True)),
        "figures": data,
    }


@transaction.atomic
def report_run_request(
    *,
    kind: str,
    project: Project | None = None,
    programme: Programme | None = None,
    requested_by: User | None,
    as_of: date | None = None,
) -> ReportRun:
    """Queue a run; the task starts after the transaction commits."""
    from reports.tasks import compute_report_run

    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Unknown report kind.")})
    if (project is None) == (programme is None):
        raise ValidationError({"non_field_errors": _("Give a project or a programme, not both.")})
    day = as_of or timezone.localdate()
    run = ReportRun.objects.create(
        kind=kind,
        project=project,
        programme=programme,
        requested_by=requested_by,
        parameters={"as_of": day.isoformat()},
    )
    # robust: with eager Celery (no broker) a failing computation must not turn the request
    # into a 500; the task has already marked the run failed with its error.
    transaction.on_commit(lambda: compute_report_run.delay(run.pk), robust=True)
    return run


def report_run_compute(*, run_id: int) -> ReportRun | None:
    """Compute a queued run and finish it; a finished run is left as it is (idempotent)."""
    run = ReportRun.objects.select_related("project", "programme").get(pk=run_id)
    if run.is_finished:
        return run
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), progress=10, attempts=run.attempts + 1
    )

    def progress(percent: int) -> None:
        ReportRun.objects.filter(pk=run.pk).update(progress=percent)

    body = report_body(
        kind=run.kind,
        project=run.project,
        programme=run.programme,
        as_of=date.fromisoformat(run.parameters["as_of"]),
        progress=progress,
    )
    text = canonical_json(body)
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        progress=100,
        result=body,
        canonical=text,
        checksum=checksum_of(text),
        finished_at=timezone.now(),
    )
    run = ReportRun.objects.select_related("project", "programme", "requested_by").get(pk=run.pk)
    notifications.report_run_finished(run)
    return run


def report_run_fail(*, run_id: int, error: str) -> None:
    failed = (
        ReportRun.objects.filter(pk=run_id)
        .exclude(status__in=(RunStatus.DONE, RunStatus.FAILED))
        .update(status=RunStatus.FAILED, error=error[:2000], finished_at=timezone.now())
    )
    if failed:
        notifications.report_run_finished(
            ReportRun.objects.select_related("project", "programme", "requested_by").get(pk=run_id)
        )


def refresh_running_projects(*, as_of: date | None = None) -> int:
    """Nightly: a fresh run of every kind for every project that is open or running."""
    count = 0
    for project in Project.objects.filter(status__in=(ProjectStatus.OPEN, ProjectStatus.RUNNING)):
        for kind in ReportKind.values:
            report_run_request(kind=kind, project=project, requested_by=None, as_of=as_of)
            count += 1
    return count

"""Report runs: ask for one, compute it (the Celery task calls this), render it canonically."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.outbox import outbox_enqueue, outbox_refused_keys
from clusters.models import Programme
from projects.choices import ProjectStatus
from projects.models import Project
from reports import notifications
from reports.canonical import canonical_json, checksum_of
from reports.models import ReportKind, ReportRun, RunStatus
from reports.permissions import can_retry_report_run
from reports.selectors import figures
from reports.selectors import indicators as indicator_figures
from reports.suppression import suppress


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
        slugs = [project.slug]
    else:
        projects = figures.projects_of_programme(programme)
        scope = {"type": "programme", "programme": programme.code}
        slugs = sorted(projects.values_list("slug", flat=True))
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
        "projects": slugs,
        "figures": data,
    }


class ReportRunLimitReached(ValidationError):
    """A user asked for more runs than the limits allow (the API answers 429, a page shows it
    on the form)."""


def as_of_check(day: date) -> None:
    """A report is as of a day between REPORT_AS_OF_EARLIEST and today: earlier or later days
    describe nothing the programmes hold (and 0001-01-01 overflowed the date arithmetic)."""
    earliest, today = settings.REPORT_AS_OF_EARLIEST, timezone.localdate()
    if not earliest <= day <= today:
        raise ValidationError(
            {
                "as_of": _("Give a day from %(earliest)s to today (%(today)s).")
                % {"earliest": earliest.isoformat(), "today": today.isoformat()}
            }
        )


def report_runs_limit_check(*, user: User) -> None:
    """The limits of one user, shared by the pages and the API: REPORT_RUNS_PER_HOUR runs
    asked for in the last hour and REPORT_RUNS_PENDING_MAX runs queued or running at once.
    Counted in the database, so every web worker sees the same counts."""
    mine = ReportRun.objects.filter(requested_by=user)
    pending = mine.filter(status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).count()
    if pending >= settings.REPORT_RUNS_PENDING_MAX:
        raise ReportRunLimitReached(
            _(
                "You already have %(count)s reports waiting or being computed; ask for another "
                "once one of them is finished."
            )
            % {"count": pending}
        )
    an_hour_ago = timezone.now() - timedelta(hours=1)
    if mine.filter(created_at__gte=an_hour_ago).count() >= settings.REPORT_RUNS_PER_HOUR:
        raise ReportRunLimitReached(
            _("You have asked for %(limit)s reports in the last hour; try again later.")
            % {"limit": settings.REPORT_RUNS_PER_HOUR}
        )


@transaction.atomic
def report_run_request(
    *,
    kind: str,
    project: Project | None = None,
    programme: Programme | None = None,
    requested_by: User | None,
    as_of: date | None = None,
) -> ReportRun:
    """Queue a run; it is handed to the worker through the outbox once the transaction
    commits, and waits there while the broker is down."""
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Unknown report kind.")})
    if (project is None) == (programme is None):
        raise ValidationError({"non_field_errors": _("Give a project or a programme, not both.")})
    day = as_of or timezone.localdate()
    as_of_check(day)
    if requested_by is not None:
        # One request of a user at a time past this line, so two at once cannot both pass
        # the limits.
        User.objects.select_for_update().filter(pk=requested_by.pk).first()
        report_runs_limit_check(user=requested_by)
    run = ReportRun.objects.create(
        kind=kind,
        project=project,
        programme=programme,
        requested_by=requested_by,
        parameters={"as_of": day.isoformat()},
    )
    outbox_enqueue(task="reports.tasks.compute_report_run", args=[run.pk], key=outbox_key(run.pk))
    return run


def outbox_key(run_id: int) -> str:
    return f"report_run:{run_id}"


def report_runs_waiting_for_broker(runs) -> set[int]:
    """The ids of the queued ``runs`` whose task the broker has not taken yet (it is down)."""
    queued = [run.pk for run in runs if run.status == RunStatus.QUEUED]
    waiting = outbox_refused_keys(outbox_key(pk) for pk in queued)
    return {pk for pk in queued if outbox_key(pk) in waiting}


@transaction.atomic
def report_run_retry(*, run: ReportRun, user: User) -> ReportRun:
    """Ask again for a failed run, with its inputs; the failed run stays as it was."""
    can_retry_report_run(user, run).require()
    return report_run_request(
        kind=run.kind,
        project=run.project,
        programme=run.programme,
        requested_by=user,
        as_of=date.fromisoformat(run.parameters["as_of"]),
    )


def _run_compute_hook(run_id: int) -> None:
    if settings.REPORT_RUN_COMPUTE_HOOK:
        import_string(settings.REPORT_RUN_COMPUTE_HOOK)(run_id)


def report_run_compute(*, run_id: int) -> ReportRun | None:
    """Compute a queued run and finish it; a finished run is left as it is (idempotent).

    A run may be delivered twice (a worker killed mid-run, a message the broker gave back):
    the final write locks the run and writes only if it is not finished yet, so a second
    delivery can never overwrite a finished run."""
    run = ReportRun.objects.select_related("project", "programme").get(pk=run_id)
    if run.is_finished:
        return run
    ReportRun.objects.filter(pk=run.pk).exclude(
        status__in=(RunStatus.DONE, RunStatus.FAILED)
    ).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), progress=10, attempts=F("attempts") + 1
    )
    _run_compute_hook(run.pk)

    def progress(percent: int) -> None:
        ReportRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(progress=percent)

    body = report_body(
        kind=run.kind,
        project=run.project,
        programme=run.programme,
        as_of=date.fromisoformat(run.parameters["as_of"]),
        progress=progress,
    )
    text = canonical_json(body)
    # A funder's view, stored with the run: the API and the pages serve these bytes instead of
    # suppressing and hashing the result again on every request.
    suppressed_text = canonical_json(suppress(body))
    with transaction.atomic():
        locked = ReportRun.objects.select_for_update().get(pk=run.pk)
        if locked.is_finished:
            return locked
        ReportRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            progress=100,
            result=body,
            canonical=text,
            checksum=checksum_of(text),
            suppressed_canonical=suppressed_text,
            suppressed_checksum=checksum_of(suppressed_text),
            finished_at=timezone.now(),
        )
        run = ReportRun.objects.select_related("project", "programme", "requested_by").get(
            pk=run.pk
        )
        notifications.report_run_finished(run)
    return run


def report_run_fail(*, run_id: int, error: str) -> None:
    with transaction.atomic():
        failed = (
            ReportRun.objects.filter(pk=run_id)
            .exclude(status__in=(RunStatus.DONE, RunStatus.FAILED))
            .update(status=RunStatus.FAILED, error=error[:2000], finished_at=timezone.now())
        )
        if failed:
            notifications.report_run_finished(
                ReportRun.objects.select_related("project", "programme", "requested_by").get(
                    pk=run_id
                )
            )


def report_runs_fail_stuck() -> int:
    """Mark failed the runs still running REPORT_RUN_STUCK_MINUTES after they started (their
    worker died and no delivery finished them); their requesters may retry them."""
    started_before = timezone.now() - timedelta(minutes=settings.REPORT_RUN_STUCK_MINUTES)
    stuck = ReportRun.objects.filter(status=RunStatus.RUNNING, started_at__lt=started_before)
    reason = _(
        "The computation stopped without finishing (its background worker was lost); retry it."
    )
    count = 0
    for run_id in stuck.values_list("pk", flat=True):
        report_run_fail(run_id=run_id, error=str(reason))
        count += 1
    return count


def refresh_running_projects(*, as_of: date | None = None) -> int:
    """Nightly: a fresh run of every kind for every project that is open or running."""
    count = 0
    for project in Project.objects.filter(status__in=(ProjectStatus.OPEN, ProjectStatus.RUNNING)):
        for kind in ReportKind.values:
            report_run_request(kind=kind, project=project, requested_by=None, as_of=as_of)
            count += 1
    return count

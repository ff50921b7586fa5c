"""Report runs: reproducible to the byte, immutable once finished, failures recorded, the
build_report command, and the nightly refresh of running projects."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from clusters.read_cache import is_read_cache_callback
from projects.models import Project
from reports.models import ReportRun, RunStatus
from reports.services import (
    canonical_json,
    refresh_running_projects,
    report_body,
    report_run_compute,
    report_run_request,
)
from reports.tasks import compute_report_run
from tests.factories.activities import OutcomeFactory
from tests.factories.common import AS_OF
from tests.factories.projects import ProjectFactory
from tests.factories.reports import ReportRunFactory

pytestmark = pytest.mark.django_db


def computed(kind: str, *, user=None, **scope) -> ReportRun:
    """A run asked for and computed by the service the Celery task calls (no broker needed)."""
    run = report_run_request(kind=kind, requested_by=user, as_of=AS_OF, **scope)
    return report_run_compute(run_id=run.pk)


def test_a_run_stores_its_figures_as_canonical_json_with_its_sha256(
    dataset, manager_a, project_participation
):
    run = computed("participation", user=manager_a, project=dataset.project)
    assert run.status == RunStatus.DONE
    assert run.progress == 100
    assert run.requested_by == manager_a
    assert run.result["figures"] == project_participation
    assert run.canonical == canonical_json(run.result)
    assert run.checksum == hashlib.sha256(run.canonical.encode()).hexdigest()
    # Canonical: sorted keys, no spaces, no timestamp of the computation.
    assert run.canonical.startswith('{"as_of":"2026-06-30","figures":{"by_cohort":[')
    assert "created" not in run.canonical and "finished" not in run.canonical


@pytest.mark.parametrize("kind", ["participation", "outcomes", "indicators"])
def test_the_same_inputs_give_the_same_bytes_and_checksum(dataset, kind):
    first = computed(kind, programme=dataset.programme)
    second = computed(kind, programme=dataset.programme)
    assert first.pk != second.pk
    assert first.finished_at <= second.finished_at
    assert second.canonical == first.canonical
    assert second.checksum == first.checksum


def test_a_change_in_the_data_changes_the_checksum(dataset):
    before = computed("outcomes", project=dataset.project)
    OutcomeFactory(
        enrolment=dataset.enrolments["Elm"],
        kind="prototype",
        date=date(2026, 6, 1),
        source="coach",
    )
    after = computed("outcomes", project=dataset.project)
    assert after.result["figures"]["firms_with_prototypes"] == 3
    assert after.checksum != before.checksum


def test_another_as_of_day_is_another_report(dataset):
    run = computed("participation", project=dataset.project)
    later = report_run_compute(
        run_id=report_run_request(
            kind="participation",
            project=dataset.project,
            requested_by=None,
            as_of=date(2026, 10, 31),
        ).pk
    )
    # By the end of October neither active firm has been active in 60 days.
    assert later.result["figures"]["firms_at_risk"] == 2
    assert later.checksum != run.checksum


def finished_run(dataset, status: str) -> ReportRun:
    if status == RunStatus.DONE:
        return computed("participation", project=dataset.project)
    run = ReportRunFactory(kind="outcomes", project=dataset.project, parameters={})
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error="Boom")
    return ReportRun.objects.get(pk=run.pk)


@pytest.mark.parametrize("status", [RunStatus.DONE, RunStatus.FAILED])
def test_a_finished_run_refuses_to_change(dataset, status):
    run = finished_run(dataset, status)
    run.progress = 5
    run.checksum = "0" * 64
    with pytest.raises(ValidationError):
        run.save()
    run.refresh_from_db()
    assert run.status == status
    assert run.checksum != "0" * 64


def test_computing_a_finished_run_again_leaves_it_as_it_is(dataset):
    run = computed("indicators", project=dataset.project)
    again = report_run_compute(run_id=run.pk)
    assert (again.checksum, again.finished_at, again.attempts) == (
        run.checksum,
        run.finished_at,
        1,
    )


def test_a_failing_computation_marks_the_run_failed_with_its_error(dataset):
    run = report_run_request(
        kind="participation", project=dataset.project, requested_by=None, as_of=AS_OF
    )
    # A kind no code knows, written past the service: the computation itself must refuse it.
    ReportRun.objects.filter(pk=run.pk).update(kind="forecast")
    with pytest.raises(ValidationError):
        compute_report_run.apply(args=[run.pk], throw=True)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "Unknown report kind" in run.error
    assert run.error.startswith("ValidationError")
    assert run.finished_at is not None
    assert run.checksum == "" and run.result is None


def test_build_report_prints_the_canonical_json_of_the_report(dataset, project_participation):
    out = StringIO()
    call_command(
        "build_report",
        "--kind",
        "participation",
        "--project",
        "alpha-abroad",
        "--as-of",
        "2026-06-30",
        stdout=out,
    )
    printed = out.getvalue().strip()
    assert json.loads(printed)["figures"] == project_participation
    assert printed == computed("participation", project=dataset.project).canonical


def test_build_report_of_a_programme_names_its_projects(dataset):
    out = StringIO()
    call_command(
        "build_report",
        "--kind=indicators",
        "--programme=EU-TEST/2021-27",
        "--as-of=2026-06-30",
        stdout=out,
    )
    body = json.loads(out.getvalue())
    assert body["scope"] == {"type": "programme", "programme": "EU-TEST/2021-27"}
    assert body["projects"] == ["alpha-abroad", "beta-abroad"]
    assert out.getvalue().strip() == canonical_json(
        report_body(kind="indicators", project=None, programme=dataset.programme, as_of=AS_OF)
    )


def test_nightly_refresh_queues_runs_of_open_and_running_projects_only(
    cluster_a, django_capture_on_commit_callbacks
):
    for status in ("planned", "open", "running", "closing", "closed"):
        project = ProjectFactory(cluster=cluster_a, slug=f"p-{status}")
        Project.objects.filter(pk=project.pk).update(status=status)
    with django_capture_on_commit_callbacks() as callbacks:
        count = refresh_running_projects(as_of=AS_OF)
    assert count == 6
    tasks = [callback for callback in callbacks if not is_read_cache_callback(callback)]
    assert len(tasks) == 6  # one task per run, sent once the runs are committed
    queued = ReportRun.objects.order_by("project__slug", "kind").values_list(
        "project__slug", "kind", "status", "requested_by", "parameters"
    )
    as_of = {"as_of": "2026-06-30"}
    assert list(queued) == [
        ("p-open", "indicators", "queued", None, as_of),
        ("p-open", "outcomes", "queued", None, as_of),
        ("p-open", "participation", "queued", None, as_of),
        ("p-running", "indicators", "queued", None, as_of),
        ("p-running", "outcomes", "queued", None, as_of),
        ("p-running", "participation", "queued", None, as_of),
    ]


def test_nightly_refresh_defaults_to_today(cluster_a, django_capture_on_commit_callbacks):
    ProjectFactory(cluster=cluster_a, slug="today")
    with django_capture_on_commit_callbacks():
        refresh_running_projects()
    days = set(ReportRun.objects.values_list("parameters__as_of", flat=True))
    assert days == {timezone.localdate().isoformat()}

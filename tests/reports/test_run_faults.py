"""Report runs and notifications when things break: the broker is down (an outbox keeps the
work), a run is delivered twice (the final write never overwrites a finished run), a run is
stuck (it is failed and can be retried), a user asks for too many runs, or as_of is absurd."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import outbox
from accounts.choices import NotificationKind
from accounts.models import Notification, OutboxMessage
from accounts.notifications.services import notify
from config.celery import app
from reports.models import ReportRun, RunStatus
from reports.services import (
    report_run_compute,
    report_run_request,
    report_runs_fail_stuck,
)
from tests.factories.clusters import UserFactory

AS_OF = "2026-06-30"
LIST = reverse("api:report-run-list")
WAITING = "the background service is unavailable"


def reset_broker_connections() -> None:
    """Celery keeps its connection pool and producers; a changed broker URL needs new ones."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker(settings):
    """Switch the broker: ``broker.down()`` points it at a closed port (tasks go to the broker,
    which refuses them), ``broker.back()`` brings back in-process (eager) execution, as a
    working broker and worker would run them."""

    class Broker:
        def down(self) -> None:
            settings.CELERY_TASK_ALWAYS_EAGER = False
            app.conf.task_always_eager = False
            settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
            app.conf.broker_url = "redis://127.0.0.1:1/0"
            reset_broker_connections()

        def back(self) -> None:
            settings.CELERY_TASK_ALWAYS_EAGER = True
            app.conf.task_always_eager = True

    previous = (app.conf.task_always_eager, app.conf.broker_url)
    yield Broker()
    app.conf.task_always_eager, app.conf.broker_url = previous
    reset_broker_connections()
    outbox._broker_down_until = 0.0


# The broker is down ------------------------------------------------------------------------


# Transactional: the hand-over to the broker happens when the service's transaction commits,
# before the answer is written, as in production.
@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_a_run_and_a_notification_wait_and_are_done_once_it_is_back(
    broker, client_for, funder_user, project_x
):
    broker.down()
    client = client_for(funder_user)
    response = client.post(
        LIST,
        {"kind": "participation", "project": "x-abroad", "as_of": AS_OF},
        content_type="application/json",
    )
    with transaction.atomic():
        [notification] = notify(
            recipients=[UserFactory(email="someone@example.org")],
            kind=NotificationKind.TRIP_DECIDED,
            params={"firm": "Alpha Sealing AB", "country": "DE", "outcome": "approved"},
        )

    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "queued"
    assert body["waiting_for_worker"] is True
    assert WAITING in body["status_detail"]
    polled = client.get(body["url"]).json()
    assert polled["waiting_for_worker"] is True
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 2
    assert OutboxMessage.objects.filter(attempts__gte=1).exists()
    assert (
        "Connection refused" in OutboxMessage.objects.get(key=f"report_run:{body['id']}").last_error
    )

    broker.back()
    call_command("dispatch_outbox")

    run = ReportRun.objects.get(pk=body["id"])
    assert run.status == RunStatus.DONE
    assert run.result["figures"]["firms_supported"] == 5
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    # The waiting notification, and the requester told that the run is done (sent as soon as
    # the run finished, before the dispatch reached the notification).
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["someone@example.org", funder_user.email]
    )
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
    assert client.get(body["url"]).json()["waiting_for_worker"] is False


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_report_page_says_the_run_waits_for_the_background_service(
    broker, dataset, manager_a, client_for
):
    broker.down()
    client = client_for(manager_a)
    url = reverse("reports:project-reports", kwargs={"slug": dataset.project.slug})
    response = client.post(url, {"kind": "outcomes", "as_of": AS_OF}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "queued, but the background service is unavailable" in page
    run = ReportRun.objects.get()
    assert run.status == RunStatus.QUEUED
    assert WAITING in page  # in the run's row
    detail = client.get(run.get_absolute_url()).content.decode()
    assert WAITING in detail
    progress = client.get(reverse("reports:run-progress", kwargs={"pk": run.pk}))
    # Polled slowly: nothing will move before the broker is back.
    assert 'hx-trigger="load delay:30s"' in progress.content.decode()


def test_the_dispatch_command_says_when_the_broker_is_still_down(broker, cluster_a, funder_user):
    broker.down()
    with transaction.atomic():
        notify(recipients=[funder_user], kind=NotificationKind.TRIP_DECIDED, params={})
    with pytest.raises(CommandError, match="still unreachable"):
        call_command("dispatch_outbox")
    assert OutboxMessage.objects.get().sent_at is None


def test_with_the_broker_down_the_main_pages_still_work(
    broker, dataset, manager_a, client_for, django_capture_on_commit_callbacks
):
    broker.down()
    client = client_for(manager_a)
    project_reports = reverse("reports:project-reports", kwargs={"slug": dataset.project.slug})
    for url in (
        "/",
        reverse("projects:project-list"),
        reverse("members:directory"),
        reverse("reports:overview"),
        reverse("reports:index"),
        project_reports,
        reverse("accounts:inbox"),
        reverse("api:report-run-list"),
        reverse("api:project-list"),
    ):
        assert client.get(url).status_code == 200, url
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(project_reports, {"kind": "outcomes"}).status_code == 302


# Delivered twice, stuck, retried ------------------------------------------------------------


def test_a_second_delivery_never_overwrites_a_finished_run(dataset, manager_a, settings):
    run = report_run_request(
        kind="participation", project=dataset.project, requested_by=manager_a, as_of=None
    )
    # The second delivery computes the run to the end while the first is in the middle of it.
    settings.REPORT_RUN_COMPUTE_HOOK = "tests.reports.hooks.deliver_again_while_running"

    first = report_run_compute(run_id=run.pk)

    finished = ReportRun.objects.get(pk=run.pk)
    assert finished.status == RunStatus.DONE
    assert first.finished_at == finished.finished_at
    # One finish, told once: the first delivery's late write was a no-op.
    assert Notification.objects.filter(kind=NotificationKind.REPORT_RUN_DONE).count() == 1
    settings.REPORT_RUN_COMPUTE_HOOK = ""
    again = report_run_compute(run_id=run.pk)
    assert (again.finished_at, again.checksum) == (finished.finished_at, finished.checksum)


def running_since(run: ReportRun, minutes: int) -> None:
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=minutes)
    )


def test_a_run_stuck_running_past_the_timeout_is_marked_failed_with_a_reason(
    dataset, manager_a, settings
):
    settings.REPORT_RUN_STUCK_MINUTES = 30
    stuck = report_run_request(
        kind="participation", project=dataset.project, requested_by=manager_a
    )
    recent = report_run_request(kind="outcomes", project=dataset.project, requested_by=manager_a)
    running_since(stuck, 31)
    running_since(recent, 5)

    assert report_runs_fail_stuck() == 1

    stuck.refresh_from_db()
    recent.refresh_from_db()
    assert stuck.status == RunStatus.FAILED
    assert "worker was lost" in stuck.error
    assert recent.status == RunStatus.RUNNING
    assert Notification.objects.get(recipient=manager_a).params["outcome"] == "failed"


def test_the_requester_retries_a_failed_run_on_the_page_and_through_the_api(
    dataset, manager_a, client_for, eager_tasks, django_capture_on_commit_callbacks
):
    failed = report_run_request(
        kind="participation", project=dataset.project, requested_by=manager_a, as_of=None
    )
    running_since(failed, 60)
    report_runs_fail_stuck()
    client = client_for(manager_a)

    detail = client.get(failed.get_absolute_url()).content.decode()
    retry_url = reverse("reports:run-retry", kwargs={"pk": failed.pk})
    assert f'action="{retry_url}"' in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url)
    retried = ReportRun.objects.exclude(pk=failed.pk).get()
    assert response["Location"] == retried.get_absolute_url()
    assert retried.status == RunStatus.DONE
    assert retried.parameters == failed.parameters
    failed.refresh_from_db()
    assert failed.status == RunStatus.FAILED  # a finished run never changes

    api_retry = reverse("api:report-run-retry", kwargs={"pk": failed.pk})
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(api_retry)
    assert answer.status_code == 202
    assert ReportRun.objects.get(pk=answer.json()["id"]).status == RunStatus.DONE


def test_only_the_requester_retries_and_only_a_failed_run(dataset, manager_a, admin_a, client_for):
    run = report_run_request(kind="participation", project=dataset.project, requested_by=manager_a)
    api_retry = reverse("api:report-run-retry", kwargs={"pk": run.pk})
    refused = client_for(manager_a).post(api_retry)
    assert refused.status_code == 403
    assert "Only a failed run" in refused.json()["detail"]
    running_since(run, 60)
    report_runs_fail_stuck()
    assert client_for(admin_a).post(api_retry).status_code == 403
    page_retry = reverse("reports:run-retry", kwargs={"pk": run.pk})
    assert client_for(admin_a).post(page_retry).status_code == 403
    assert ReportRun.objects.count() == 1


# Limits per user ----------------------------------------------------------------------------


def test_a_user_with_too_many_runs_waiting_gets_429_with_the_reason_and_the_page_an_error(
    client_for, funder_user, project_x, settings, fresh_throttles
):
    settings.REPORT_RUNS_PENDING_MAX = 2
    client = client_for(funder_user)
    ask = {"kind": "participation", "project": "x-abroad", "as_of": AS_OF}
    # The broker never runs them here (the test's transaction does not commit): they wait.
    for _ in range(2):
        assert client.post(LIST, ask, content_type="application/json").status_code == 202
    refused = client.post(LIST, ask, content_type="application/json")
    assert refused.status_code == 429
    assert "2 reports waiting or being computed" in refused.json()["detail"]

    page = reverse("reports:project-reports", kwargs={"slug": "x-abroad"})
    response = client.post(page, {"kind": "outcomes", "as_of": AS_OF})
    assert response.status_code == 200
    assert "2 reports waiting or being computed" in response.content.decode()
    assert ReportRun.objects.count() == 2


def test_a_user_who_asked_for_too_many_runs_this_hour_is_refused_in_the_browser_too(
    dataset, manager_a, client_for, eager_tasks, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_RUNS_PER_HOUR = 3
    client = client_for(manager_a)
    page = reverse("reports:project-reports", kwargs={"slug": dataset.project.slug})
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(page, {"kind": "outcomes", "as_of": AS_OF}).status_code == 302
    response = client.post(page, {"kind": "outcomes", "as_of": AS_OF})
    assert response.status_code == 200
    assert "3 reports in the last hour" in response.content.decode()
    assert ReportRun.objects.count() == 3
    # An hour later the user may ask again.
    ReportRun.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert client.post(page, {"kind": "outcomes", "as_of": AS_OF}).status_code == 302


# as_of --------------------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01", "1999-12-31"])
def test_an_as_of_out_of_range_is_a_field_error_in_the_api_and_on_the_page(
    client_for, funder_user, project_x, as_of
):
    client = client_for(funder_user)
    response = client.post(
        LIST,
        {"kind": "participation", "project": "x-abroad", "as_of": as_of},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "to today" in response.json()["as_of"][0]
    page = reverse("reports:project-reports", kwargs={"slug": "x-abroad"})
    answer = client.post(page, {"kind": "participation", "as_of": as_of})
    assert answer.status_code == 200
    assert "Give a day from 2000-01-01 to today" in answer.content.decode()
    assert not ReportRun.objects.exists()


def test_today_is_a_valid_as_of(client_for, funder_user, project_x):
    response = client_for(funder_user).post(
        LIST,
        {"kind": "participation", "project": "x-abroad", "as_of": timezone.localdate().isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 202


# Settings that bound how long work can be lost or stuck ---------------------------------------


def test_a_message_of_a_killed_worker_comes_back_in_minutes_and_before_the_run_is_failed(
    settings,
):
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    # Longer than a run may last (else a slow run is delivered twice), far below Redis's hour.
    assert settings.CELERY_TASK_TIME_LIMIT < visibility <= 30 * 60
    # Redelivery comes before the periodic check gives the run up as stuck.
    assert visibility < settings.REPORT_RUN_STUCK_MINUTES * 60


def test_the_beat_dispatches_the_outbox_and_fails_stuck_runs_with_registered_tasks(settings):
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"accounts.tasks.dispatch_outbox", "reports.tasks.fail_stuck_report_runs"} <= scheduled
    assert scheduled <= set(app.tasks)


def test_the_progress_row_polls_less_and_less_often_and_stops_once_the_run_failed(
    dataset, manager_a, client_for
):
    run = report_run_request(kind="outcomes", project=dataset.project, requested_by=manager_a)
    OutboxMessage.objects.update(sent_at=timezone.now())  # the broker took it
    client = client_for(manager_a)
    url = reverse("reports:run-progress", kwargs={"pk": run.pk})
    delays = []
    for poll in (1, 4, 8, 10, 50):
        row = client.get(f"{url}?poll={poll}").content.decode()
        delays.append(row.split('hx-trigger="load delay:')[1].split("s")[0])
    assert delays == ["1", "2", "13", "30", "30"]

    running_since(run, 60)
    report_runs_fail_stuck()
    response = client.get(f"{url}?poll=3")
    assert response["HX-Trigger"] == "reportRunFinished"
    assert "hx-trigger" not in response.content.decode()

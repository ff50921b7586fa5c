"""A report run tells the user who asked for it that it is done (or failed); a nightly run
asked by nobody tells nobody."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import NotificationKind
from accounts.models import Notification
from reports.models import ReportRun
from reports.services import report_run_compute, report_run_request
from reports.tasks import compute_report_run
from tests.factories.common import AS_OF
from tests.factories.projects import ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def test_a_finished_run_tells_who_asked_once(
    cluster_a, manager_a, mailoutbox, django_capture_on_commit_callbacks
):
    project = ProjectFactory(cluster=cluster_a, name="Alpha abroad")
    run = report_run_request(
        kind="participation", project=project, requested_by=manager_a, as_of=AS_OF
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_run_compute(run_id=run.pk)
        report_run_compute(run_id=run.pk)
    [notification] = Notification.objects.filter(kind=NotificationKind.REPORT_RUN_DONE)
    assert notification.recipient == manager_a
    assert notification.subject == "Your report of Alpha abroad: ready"
    assert notification.url == run.get_absolute_url()
    assert [mail.to for mail in mailoutbox] == [[manager_a.email]]


def test_a_failed_run_says_so_and_a_run_nobody_asked_for_tells_nobody(cluster_a, manager_a):
    project = ProjectFactory(cluster=cluster_a, name="Alpha abroad")
    asked = report_run_request(
        kind="participation", project=project, requested_by=manager_a, as_of=AS_OF
    )
    nightly = report_run_request(
        kind="participation", project=project, requested_by=None, as_of=AS_OF
    )
    ReportRun.objects.filter(pk=asked.pk).update(kind="forecast")
    with pytest.raises(ValidationError):
        compute_report_run.apply(args=[asked.pk], throw=True)
    report_run_compute(run_id=nightly.pk)
    [notification] = Notification.objects.all()
    assert notification.subject == "Your report of Alpha abroad: the computation failed"

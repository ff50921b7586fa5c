"""The report pages in the browser: generating a run, following its progress, reading its
charts and tables, downloading it, printing it; funders on their programmes only.

The data is the hand-built dataset of tests/reports/conftest.py: alpha-abroad (cluster A) is
financed by EU-TEST/2021-27 and REGION-TEST, beta-abroad (cluster B) by EU-TEST/2021-27 alone.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from accounts.models import OutboxMessage
from config.celery import app
from reports.models import ReportRun, RunStatus
from reports.services import report_run_compute, report_run_request
from tests.factories.clusters import FunderUserFactory, UserFactory
from tests.factories.common import AS_OF

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_tasks(settings):
    """Tasks run in-process even where REDIS_URL names a broker (CI): these tests are about
    the pages; the real worker has its own test."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def eu_funder(dataset):
    """The user of the funder of EU-TEST/2021-27, which finances both projects."""
    return FunderUserFactory(
        funder=dataset.programme.funder, user=UserFactory(email="eu@example.org")
    ).user


@pytest.fixture
def region_funder(dataset):
    """The user of the funder of REGION-TEST, which finances alpha-abroad only."""
    return FunderUserFactory(
        funder=dataset.regional_programme.funder, user=UserFactory(email="region@example.org")
    ).user


def project_page(dataset, project=None) -> str:
    return reverse("reports:project-reports", kwargs={"slug": (project or dataset.project).slug})


def programme_page(programme) -> str:
    return reverse("reports:programme-reports", kwargs={"code": programme.code})


def handed_to_the_broker() -> None:
    """The runs' tasks were taken by the broker (no worker has started them yet): in these
    tests the transaction never commits, so the outbox never hands them over itself."""
    OutboxMessage.objects.update(sent_at=timezone.now())


def done_run(kind="participation", user=None, **scope) -> ReportRun:
    run = report_run_request(kind=kind, requested_by=user, as_of=AS_OF, **scope)
    return report_run_compute(run_id=run.pk)


# Generating ----------------------------------------------------------------------------------


def test_a_manager_generates_a_report_and_reads_its_charts_and_figures(
    dataset, manager_a, client_for, eager_tasks, django_capture_on_commit_callbacks
):
    client = client_for(manager_a)
    url = project_page(dataset)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"kind": "participation", "as_of": "2026-06-30"})
    assert response.status_code == 302
    assert response["Location"] == url
    run = ReportRun.objects.get()
    assert (run.kind, run.project, run.requested_by, run.status) == (
        "participation",
        dataset.project,
        manager_a,
        RunStatus.DONE,
    )
    assert run.parameters == {"as_of": "2026-06-30"}

    page = client.get(url).content.decode()
    assert f'id="history-run-{run.pk}"' in page
    assert f'title="{run.checksum}"' in page and f"{run.checksum[:12]}…" in page
    assert f'data-chart="chart-funnel-{run.pk}"' in page
    assert f'data-chart="chart-hours-{run.pk}"' in page
    assert "vendor/plotly/plotly.min.js" in page
    for fmt in ("csv", "xlsx", "json"):
        assert reverse("reports:run-download", kwargs={"pk": run.pk, "fmt": fmt}) in page
    # The figures as a table: coaching hours used, median decision days, firms at risk.
    assert '<th scope="row">Coaching hours used</th><td>20.75</td>' in page
    assert '<th scope="row">Median days to a timbank decision</th><td>8.50</td>' in page
    assert '<th scope="row">Active firms with no activity in 60 days</th><td>1</td>' in page
    assert "Dalarna" in page and "After the workshops" in page
    assert "Aggregates only" not in page


def test_each_kind_shows_its_latest_done_run(dataset, manager_a, client_for):
    done_run("participation", project=dataset.project)
    newer = done_run("participation", project=dataset.project)
    outcomes = done_run("outcomes", project=dataset.project)
    indicators = done_run("indicators", project=dataset.project)
    page = client_for(manager_a).get(project_page(dataset)).content.decode()
    assert f'data-chart="chart-funnel-{newer.pk}"' in page
    assert page.count('data-chart="chart-funnel-') == 1
    assert f'data-chart="chart-outcomes-{outcomes.pk}"' in page
    assert "Outcomes among the 5 firms supported" in page
    # One chart and table per funding programme, each on its own period's catalogue.
    assert f'data-chart="chart-indicators-{indicators.pk}"' in page
    assert f'data-chart="chart-indicators-{indicators.pk}-1"' in page
    assert "RCO01 by size class" in page
    assert "Indicators of REGION-TEST" in page
    # Markets entered: a table of firms per country, each country by its name.
    for country in ("Germany (DE)", "Norway (NO)", "United States of America (US)"):
        assert f'<th scope="row">{country}</th>' in page


def test_generating_with_bad_input_shows_errors_at_the_fields_and_creates_nothing(
    dataset, manager_a, client_for
):
    response = client_for(manager_a).post(
        project_page(dataset), {"kind": "forecast", "as_of": "2026-13-40"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"kind", "as_of"}
    assert 'class="field field-invalid"' in response.content.decode()
    assert not ReportRun.objects.exists()


def test_a_viewer_may_generate_but_a_coach_may_not_see_the_page(
    dataset, viewer_a, coach_a, client_for, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(viewer_a).post(project_page(dataset), {"kind": "outcomes"})
    assert response.status_code == 302
    assert client_for(coach_a).get(project_page(dataset)).status_code == 404
    response = client_for(coach_a).post(project_page(dataset), {"kind": "outcomes"})
    assert response.status_code == 404
    assert ReportRun.objects.count() == 1


# Progress ------------------------------------------------------------------------------------


def test_the_page_follows_an_unfinished_run_with_a_polling_progress_row(
    dataset, manager_a, client_for
):
    run = report_run_request(
        kind="participation", project=dataset.project, requested_by=manager_a, as_of=AS_OF
    )
    handed_to_the_broker()
    page = client_for(manager_a).get(project_page(dataset)).content.decode()
    progress_url = reverse("reports:run-progress", kwargs={"pk": run.pk})
    assert "Being computed" in page
    assert f'hx-get="{progress_url}?poll=1" hx-trigger="load delay:1s" hx-swap="outerHTML"' in page
    assert "background service is unavailable" not in page
    assert 'hx-trigger="reportRunFinished from:body"' in page


def test_the_progress_row_polls_until_the_run_is_done_then_announces_it(
    dataset, manager_a, client_for
):
    client = client_for(manager_a)
    run = report_run_request(
        kind="participation", project=dataset.project, requested_by=manager_a, as_of=AS_OF
    )
    handed_to_the_broker()
    url = reverse("reports:run-progress", kwargs={"pk": run.pk})

    response = client.get(url, HTTP_HX_REQUEST="true")
    row = response.content.decode()
    assert response.status_code == 200
    assert row.strip().startswith(
        f'<tr id="run-{run.pk}" hx-get="{url}?poll=1" hx-trigger="load delay:1s"'
    )
    assert '<progress max="100" value="0"' in row
    assert "HX-Trigger" not in response

    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=40)
    row = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert '<progress max="100" value="40"' in row and "Running · 40 %" in row

    run = report_run_compute(run_id=run.pk)
    response = client.get(url, HTTP_HX_REQUEST="true")
    row = response.content.decode()
    assert response["HX-Trigger"] == "reportRunFinished"
    assert "hx-trigger" not in row and "<progress" not in row
    assert f"{run.checksum[:12]}…" in row
    assert reverse("reports:run-download", kwargs={"pk": run.pk, "fmt": "csv"}) in row


def test_a_failed_run_says_why_to_staff_only(dataset, manager_a, eu_funder, client_for):
    run = report_run_request(
        kind="participation", project=dataset.project, requested_by=manager_a, as_of=AS_OF
    )
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED, error="ValidationError: Unknown report kind."
    )
    url = reverse("reports:run-detail", kwargs={"pk": run.pk})
    staff_page = client_for(manager_a).get(url).content.decode()
    assert "ValidationError: Unknown report kind." in staff_page
    funder_page = client_for(eu_funder).get(url).content.decode()
    assert "Unknown report kind" not in funder_page
    assert "The computation failed" in funder_page
    download = reverse("reports:run-download", kwargs={"pk": run.pk, "fmt": "json"})
    assert client_for(manager_a).get(download).status_code == 404


# Run detail, downloads and print -------------------------------------------------------------


def test_the_run_page_shows_everything_of_the_run(dataset, manager_a, client_for):
    run = done_run("participation", user=manager_a, project=dataset.project)
    page = client_for(manager_a).get(run.get_absolute_url()).content.decode()
    assert f'<code class="checksum">{run.checksum}</code>' in page
    assert "2026-06-30" in page
    assert manager_a.get_short_name() in page
    assert "alpha-abroad" in page  # the projects included
    assert f'data-chart="chart-funnel-{run.pk}"' in page
    assert reverse("reports:run-print", kwargs={"pk": run.pk}) in page


def test_the_run_page_follows_an_unfinished_run_and_reloads_when_it_is_done(
    dataset, manager_a, client_for
):
    client = client_for(manager_a)
    run = report_run_request(
        kind="outcomes", project=dataset.project, requested_by=manager_a, as_of=AS_OF
    )
    handed_to_the_broker()
    page = client.get(run.get_absolute_url()).content.decode()
    progress_url = reverse("reports:run-progress", kwargs={"pk": run.pk})
    assert f'hx-get="{progress_url}?poll=1" hx-trigger="load delay:1s"' in page
    assert 'id="run-body"' in page and 'hx-trigger="reportRunFinished from:body"' in page
    assert "The figures appear here when the run is done." in page
    report_run_compute(run_id=run.pk)
    page = client.get(run.get_absolute_url()).content.decode()
    assert progress_url not in page
    assert f'data-chart="chart-outcomes-{run.pk}"' in page


def test_downloads_give_the_canonical_json_and_flat_csv_and_xlsx(dataset, manager_a, client_for):
    client = client_for(manager_a)
    run = done_run("participation", project=dataset.project)

    def download(fmt):
        return client.get(reverse("reports:run-download", kwargs={"pk": run.pk, "fmt": fmt}))

    response = download("json")
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response.content == run.canonical.encode()
    assert hashlib.sha256(response.content).hexdigest() == run.checksum

    text = download("csv").content.decode("utf-8-sig")
    assert text.splitlines()[0] == "section,section_label,key,label,value,suppressed"
    assert "figures,Figures,firms_applied,Firms applied,8," in text
    assert "by_region.firms_supported,By region: Firms supported,Gävleborg,Gävleborg,2," in text

    sheet = load_workbook(io.BytesIO(download("xlsx").content)).active
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ("section", "section_label", "key", "label", "value", "suppressed")
    assert ("figures", "Figures", "coaching_hours_used", "Coaching hours used", 20.75, None) in rows
    # Beside the hours logged, how many of them the other side confirmed (issue 10).
    confirmed = ("figures", "Figures", "coaching_hours_confirmed", "Coaching hours confirmed")
    assert (*confirmed, 11.25, None) in rows
    assert "figures,Figures,coaching_hours_confirmed,Coaching hours confirmed,11.25," in text

    assert download("pdf").status_code == 404


def test_a_swedish_reader_downloads_csv_and_xlsx_with_swedish_labels_beside_the_codes(
    dataset, manager_a, client_for
):
    client = client_for(manager_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    run = done_run("participation", project=dataset.project)

    def download(fmt):
        return client.get(reverse("reports:run-download", kwargs={"pk": run.pk, "fmt": fmt}))

    with translation.override("sv"):
        applied, figures = gettext("Firms applied"), gettext("Figures")
        after, phases = gettext("After the workshops"), gettext("Dropouts by phase")
    assert applied != "Firms applied"

    text = download("csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["section", "section_label", "key", "label", "value", "suppressed"]
    assert ["figures", figures, "firms_applied", applied, "8", ""] in rows
    assert ["dropouts_by_phase", phases, "after_workshops", after, "1", ""] in rows

    sheet = load_workbook(io.BytesIO(download("xlsx").content)).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert ["figures", figures, "firms_applied", applied, 8, None] in cells
    assert ["dropouts_by_phase", phases, "after_workshops", after, 1, None] in cells

    # The JSON download has no labels: the same bytes as the stored run, whatever the language.
    assert download("json").content == run.canonical.encode()


def test_the_print_view_is_every_figure_black_on_white_without_navigation(
    dataset, manager_a, client_for
):
    run = done_run("participation", project=dataset.project)
    page = client_for(manager_a).get(reverse("reports:run-print", kwargs={"pk": run.pk}))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="mainnav"' not in html and 'class="topbar"' not in html
    # Black on white from its own stylesheet: no inline style under the CSP.
    assert 'href="/static/css/print.css"' in html
    stylesheet = (settings.BASE_DIR / "static" / "css" / "print.css").read_text()
    assert "background: #fff; color: #000;" in stylesheet
    assert '<th scope="row">Firms applied</th><td>8</td>' in html
    assert "By region" in html and "Firms per export-lab stage" in html
    footer = html[html.index("<footer>") :]
    assert "As of 2026-06-30" in footer
    assert run.checksum in footer
    assert "<canvas" not in html and "data-chart" not in html


# Funders -------------------------------------------------------------------------------------


def test_a_funders_csv_names_no_market_entered_by_fewer_than_three_firms(
    dataset, manager_a, eu_funder, client_for
):
    # In alpha-abroad one firm entered each of DE, NO and US: a funder may see none of them
    # by name, whether the run lists the markets as codes or counts firms per market.
    run = done_run("outcomes", project=dataset.project)
    url = reverse("reports:run-download", kwargs={"pk": run.pk, "fmt": "csv"})

    def markets(user) -> list[list[str]]:
        text = client_for(user).get(url).content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        return [row for row in rows if "markets_entered" in (row[0], row[2])]

    staff, funder = markets(manager_a), markets(eu_funder)
    assert any("DE" in (row[2], *row[4].split()) for row in staff)
    assert funder and all(row[5] == "yes" and row[4] == "" for row in funder)
    assert not any(code in " ".join(row) for row in funder for code in ("DE", "NO", "US"))


def test_a_funder_reads_its_programme_and_projects_suppressed(dataset, eu_funder, client_for):
    run = done_run("participation", programme=dataset.programme)
    client = client_for(eu_funder)
    response = client.get(programme_page(dataset.programme))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Aggregates only" in page
    assert run.checksum not in page  # the stored checksum would let one test guesses
    # Kaluga and Värmland hold one firm each: suppressed with a complementary cell, folded
    # into one "other" row that names none of them.
    assert '<th scope="row">other</th><td>suppressed</td>' in page
    assert '<th scope="row">Kaluga</th>' not in page
    assert '<th scope="row">Värmland</th>' not in page
    shown = ReportRun.objects.get(pk=run.pk)
    download = client.get(reverse("reports:run-download", kwargs={"pk": run.pk, "fmt": "json"}))
    body = json.loads(download.content)
    assert body["suppression"]["min_firms"] == 3
    assert body["figures"]["dropouts_by_phase"]["other"] == {"value": None, "suppressed": True}
    assert "intake" not in body["figures"]["dropouts_by_phase"]
    assert hashlib.sha256(download.content).hexdigest() in page
    assert shown.checksum == run.checksum  # the stored run is untouched
    for project in (dataset.project, dataset.other_project):
        assert client.get(project_page(dataset, project)).status_code == 200


def test_a_funder_gets_404_for_another_funders_programme_its_projects_and_runs(
    dataset, region_funder, eu_funder, client_for
):
    client = client_for(region_funder)
    assert client.get(programme_page(dataset.regional_programme)).status_code == 200
    assert client.get(project_page(dataset)).status_code == 200
    assert client.get(programme_page(dataset.programme)).status_code == 404
    assert client.get(project_page(dataset, dataset.other_project)).status_code == 404
    run = done_run("outcomes", project=dataset.other_project)
    for name in ("run-detail", "run-print", "run-progress"):
        assert client.get(reverse(f"reports:{name}", kwargs={"pk": run.pk})).status_code == 404
    download = reverse("reports:run-download", kwargs={"pk": run.pk, "fmt": "csv"})
    assert client.get(download).status_code == 404
    response = client.post(programme_page(dataset.programme), {"kind": "outcomes"})
    assert response.status_code == 404
    assert ReportRun.objects.count() == 1
    assert client_for(eu_funder).get(run.get_absolute_url()).status_code == 200


def test_a_funder_may_generate_a_report_of_its_programme(
    dataset, eu_funder, client_for, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(eu_funder).post(
            programme_page(dataset.programme), {"kind": "indicators", "as_of": "2026-06-30"}
        )
    assert response.status_code == 302
    run = ReportRun.objects.get()
    assert (run.programme, run.requested_by, run.status) == (
        dataset.programme,
        eu_funder,
        RunStatus.DONE,
    )


def test_the_index_lists_what_each_reader_may_report_on(
    dataset, eu_funder, region_funder, manager_a, firm_rep_a, client_for
):
    def listed(user):
        page = client_for(user).get(reverse("reports:index")).content.decode()
        links = {
            "EU-TEST/2021-27": programme_page(dataset.programme),
            "REGION-TEST": programme_page(dataset.regional_programme),
            "alpha-abroad": project_page(dataset),
            "beta-abroad": project_page(dataset, dataset.other_project),
        }
        return {name for name, url in links.items() if f'href="{url}"' in page}

    assert listed(eu_funder) == {"EU-TEST/2021-27", "alpha-abroad", "beta-abroad"}
    assert listed(region_funder) == {"REGION-TEST", "alpha-abroad"}
    assert listed(manager_a) == {"EU-TEST/2021-27", "REGION-TEST", "alpha-abroad"}
    assert listed(firm_rep_a) == set()


def test_firms_and_coaches_get_404_on_every_report_page(dataset, firm_rep_a, coach_a, client_for):
    run = done_run("participation", project=dataset.project)
    urls = [
        project_page(dataset),
        programme_page(dataset.programme),
        run.get_absolute_url(),
        reverse("reports:run-print", kwargs={"pk": run.pk}),
        reverse("reports:run-progress", kwargs={"pk": run.pk}),
        reverse("reports:run-download", kwargs={"pk": run.pk, "fmt": "json"}),
    ]
    for user in (firm_rep_a, coach_a):
        client = client_for(user)
        assert [client.get(url).status_code for url in urls] == [404] * len(urls)


def test_the_reports_nav_link_is_there_for_staff_and_funders(
    dataset, manager_a, eu_funder, client_for
):
    for user in (manager_a, eu_funder):
        page = client_for(user).get(reverse("reports:index")).content.decode()
        assert f'<a href="{reverse("reports:index")}" aria-current="page">Reports</a>' in page


# Query budget --------------------------------------------------------------------------------


def test_reports_page_query_budget_does_not_grow_with_the_runs(
    dataset, manager_a, client_for, django_assert_max_num_queries
):
    client = client_for(manager_a)
    url = project_page(dataset)
    for kind in ("participation", "outcomes", "indicators"):
        done_run(kind, user=manager_a, project=dataset.project)
    report_run_request(
        kind="outcomes", project=dataset.project, requested_by=manager_a, as_of=AS_OF
    )
    client.get(url)  # warm the session and the current cluster
    # The session and the user (2); the project (1); the audience: office clusters and the
    # clusters taking part in their programmes (2); the latest done run of each kind (3); the
    # history page and its count (2); the unfinished runs (1); which of the queued runs still
    # wait in the outbox (1); the current cluster, the user's staff role for the navigation
    # and the cluster switcher of the top bar (3).
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(20):
        done_run("participation", user=manager_a, project=dataset.project)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)

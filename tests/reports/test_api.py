"""The funder REST API for report runs, reading: listing, reading and downloading runs, each
only within the caller's view; suppression for funders; filters; tokens and throttling; the
query budget of the list. The projects and programmes are those of tests/reports/conftest.py;
asking for runs is in test_api_requests.py.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from accounts.services import api_token_create
from clusters.models import StaffRole
from reports.canonical import canonical_json
from reports.models import ReportRun, RunStatus
from reports.services import report_run_compute, report_run_fail
from reports.suppression import suppress
from tests.factories.clusters import ClusterRoleFactory, FunderUserFactory, UserFactory
from tests.factories.reports import ReportRunFactory

pytestmark = pytest.mark.usefixtures("eager_tasks", "fresh_throttles")

AS_OF = "2026-06-30"
HIDDEN = {"value": None, "suppressed": True}
DETAIL_FIELDS = {
    "id",
    "url",
    "kind",
    "scope",
    "status",
    "waiting_for_worker",
    "status_detail",
    "progress",
    "checksum",
    "created_at",
    "finished_at",
    "result",
    "error",
}


def done_run(project=None, programme=None, kind: str = "participation") -> ReportRun:
    run = ReportRunFactory(kind=kind, project=project, programme=programme)
    return report_run_compute(run_id=run.pk)


@pytest.fixture
def runs(project_x, programme_x, project_alone, project_y, programme_y):
    return {
        "x": done_run(project=project_x),
        "programme_x": done_run(programme=programme_x, kind="indicators"),
        "alone": done_run(project=project_alone, kind="outcomes"),
        "y": done_run(project=project_y),
        "programme_y": done_run(programme=programme_y),
    }


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def detail_url(run: ReportRun) -> str:
    return reverse("api:report-run-detail", args=[run.pk])


def export_url(run: ReportRun, file_format: str | None = None) -> str:
    url = reverse("api:report-run-export", args=[run.pk])
    return f"{url}?format={file_format}" if file_format else url


LIST = reverse("api:report-run-list")


# Listing and reading -------------------------------------------------------------------------


def test_a_funder_lists_the_runs_of_its_programmes_and_their_projects_only(
    client_for, funder_user, runs
):
    assert ids(client_for(funder_user).get(LIST)) == {runs["x"].pk, runs["programme_x"].pk}


def test_staff_list_the_runs_of_their_own_cluster_only(client_for, manager_a, manager_b, runs):
    assert ids(client_for(manager_a).get(LIST)) == {
        runs["x"].pk,
        runs["programme_x"].pk,
        runs["alone"].pk,
    }
    assert ids(client_for(manager_b).get(LIST)) == {runs["y"].pk, runs["programme_y"].pk}


def test_a_coach_and_a_firm_representative_see_no_runs(client_for, coach_a, firm_rep_a, runs):
    assert ids(client_for(coach_a).get(LIST)) == set()
    assert ids(client_for(firm_rep_a).get(LIST)) == set()


@pytest.mark.parametrize("route", [detail_url, export_url])
def test_another_funders_run_is_404_on_every_route(client_for, funder_user, runs, route):
    client = client_for(funder_user)
    for key in ("y", "programme_y", "alone"):
        assert client.get(route(runs[key])).status_code == 404, key


@pytest.mark.parametrize("route", [detail_url, export_url])
def test_another_clusters_run_is_404_for_staff_on_every_route(client_for, manager_b, runs, route):
    client = client_for(manager_b)
    for key in ("x", "programme_x", "alone"):
        assert client.get(route(runs[key])).status_code == 404, key


def test_staff_read_the_stored_run_unsuppressed(client_for, manager_a, runs):
    run = runs["x"]
    body = client_for(manager_a).get(detail_url(run)).json()
    assert set(body) == DETAIL_FIELDS
    assert body["kind"] == "participation"
    assert body["scope"] == {"type": "project", "project": "x-abroad"}
    assert body["status"] == "done"
    assert body["error"] == ""
    assert body["checksum"] == run.checksum
    assert body["result"] == run.result
    figures = body["result"]["figures"]
    assert figures["by_region"] == [
        {"region": "Dalarna", "firms_supported": 1, "firms_completed": 0},
        {"region": "Gävleborg", "firms_supported": 4, "firms_completed": 0},
    ]
    assert figures["dropouts_by_phase"] == {
        "after_workshops": 1,
        "coaching": 0,
        "export_lab": 0,
        "intake": 0,
        "timbank": 0,
        "trip": 0,
    }
    assert "suppression" not in body["result"]


def test_a_funder_reads_the_suppressed_view_with_its_own_checksum(client_for, funder_user, runs):
    run = runs["x"]
    body = client_for(funder_user).get(detail_url(run)).json()
    figures = body["result"]["figures"]
    assert figures["by_region"] == [
        # Dalarna's single firm is hidden, and Gävleborg's 4 with it: the total of 5 would
        # give Dalarna's back. Neither region is named: one "other" row stands for both.
        {"region": "other", "firms_supported": HIDDEN, "firms_completed": HIDDEN},
    ]
    # One firm dropped, in one phase: with firms_dropped published, hiding its cell alone
    # (beside the zeros of the other phases) would give it back; the whole breakdown folds.
    assert figures["dropouts_by_phase"] == {"other": HIDDEN}
    assert figures["firms_supported"] == 5
    assert body["result"]["suppression"] == {"min_firms": 3, "suppressed_cells": 3}
    # The stored run is untouched, and its checksum is not the funder's to see.
    assert ReportRun.objects.get(pk=run.pk).result["figures"]["dropouts_by_phase"] == {
        "after_workshops": 1,
        **dict.fromkeys(("coaching", "export_lab", "intake", "timbank", "trip"), 0),
    }
    assert body["checksum"] != run.checksum
    listed = client_for(funder_user).get(LIST, {"project": "x-abroad"}).json()["results"]
    assert [row["checksum"] for row in listed] == [body["checksum"]]


def test_a_failed_run_tells_its_error(client_for, manager_a, project_alone):
    run = ReportRun.objects.create(kind="outcomes", project=project_alone)
    report_run_fail(run_id=run.pk, error="ValueError: no data")
    body = client_for(manager_a).get(detail_url(run)).json()
    assert (body["status"], body["error"], body["result"]) == (
        "failed",
        "ValueError: no data",
        None,
    )


# Filters --------------------------------------------------------------------------------------


def test_the_list_filters_by_kind_status_project_and_programme(
    client_for, manager_a, runs, project_x
):
    queued = ReportRun.objects.create(kind="outcomes", project=project_x)
    client = client_for(manager_a)
    assert ids(client.get(LIST, {"kind": "indicators"})) == {runs["programme_x"].pk}
    assert ids(client.get(LIST, {"status": "queued"})) == {queued.pk}
    assert ids(client.get(LIST, {"project": "x-abroad"})) == {runs["x"].pk, queued.pk}
    # A programme's runs, and those of the projects it funds.
    assert ids(client.get(LIST, {"programme": "X-ERDF"})) == {
        runs["x"].pk,
        runs["programme_x"].pk,
        queued.pk,
    }
    # Another cluster's project filters to nothing, never to its runs.
    assert ids(client.get(LIST, {"project": "y-abroad"})) == set()


def test_the_list_filters_by_creation_day(client_for, manager_a, runs):
    old = runs["alone"]
    ReportRun.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    today = timezone.localdate()
    client = client_for(manager_a)
    before = ids(client.get(LIST, {"created_before": str(today - timedelta(days=1))}))
    after = ids(client.get(LIST, {"created_after": str(today)}))
    assert before == {old.pk}
    assert after == {runs["x"].pk, runs["programme_x"].pk}
    assert ids(client.get(LIST, {"created_after": str(today), "created_before": str(today)})) == (
        after
    )


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"created_after": "yesterday"}, "created_after"),
        ({"created_before": "2026-13-01"}, "created_before"),
        ({"kind": "revenue"}, "kind"),
        ({"status": "lost"}, "status"),
    ],
)
def test_a_malformed_filter_answers_400_naming_it(client_for, funder_user, params, field):
    response = client_for(funder_user).get(LIST, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


# Downloads ------------------------------------------------------------------------------------


def test_staff_download_json_as_the_exact_canonical_bytes(client_for, manager_a, runs):
    run = runs["x"]
    response = client_for(manager_a).get(export_url(run, "json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == run.canonical.encode()
    assert hashlib.sha256(response.content).hexdigest() == run.checksum
    assert 'filename="report-' in response["Content-Disposition"]
    # No format asked: JSON.
    assert client_for(manager_a).get(export_url(run)).content == response.content


def test_a_funders_json_download_hashes_to_the_checksum_it_is_shown(client_for, funder_user, runs):
    client = client_for(funder_user)
    run = runs["x"]
    shown = client.get(detail_url(run)).json()
    content = client.get(export_url(run, "json")).content
    assert hashlib.sha256(content).hexdigest() == shown["checksum"]
    assert b'"dropouts_by_phase":{"other":{"suppressed":true,"value":null}}' in content


def csv_rows(response) -> list[list[str]]:
    """The rows without their two label columns: section, key, value, suppressed."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    return [[row[0], row[2], row[4], row[5]] for row in rows]


def test_csv_download_holds_the_figures_and_the_funder_gets_it_suppressed(
    client_for, manager_a, funder_user, runs
):
    run = runs["x"]
    staff = csv_rows(client_for(manager_a).get(export_url(run, "csv")))
    funder = csv_rows(client_for(funder_user).get(export_url(run, "csv")))
    assert staff[0] == ["section", "key", "value", "suppressed"]  # of the label columns
    assert ["figures", "firms_supported", "5", ""] in staff
    assert ["by_region.firms_supported", "Gävleborg", "4", ""] in staff
    assert ["dropouts_by_phase", "after_workshops", "1", ""] in staff
    assert ["report", "checksum", run.checksum, ""] in staff
    assert ["figures", "firms_supported", "5", ""] in funder
    assert ["by_region.firms_supported", "other", "", "yes"] in funder
    assert ["dropouts_by_phase", "other", "", "yes"] in funder
    assert ["report", "checksum", run.checksum, ""] not in funder


def test_xlsx_download_holds_the_figures(client_for, manager_a, runs):
    response = client_for(manager_a).get(export_url(runs["x"], "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = [list(row) for row in load_workbook(io.BytesIO(response.content)).active.values]
    assert rows[0] == ["section", "section_label", "key", "label", "value", "suppressed"]
    assert ["figures", "Figures", "firms_supported", "Firms supported", 5, None] in rows
    assert [
        "by_region.firms_supported",
        "By region: Firms supported",
        "Dalarna",
        "Dalarna",
        1,
        None,
    ] in rows


def test_a_client_asking_for_swedish_gets_swedish_labels_beside_the_codes(
    client_for, funder_user, runs
):
    response = client_for(funder_user).get(export_url(runs["x"], "csv"), HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    with translation.override("sv"):
        figures, supported = gettext("Figures"), gettext("Firms supported")
        by_region = gettext("By region")
        phases = gettext("Dropouts by phase")
        others = gettext("others (hidden: fewer than 3 firms)")
    assert supported != "Firms supported"
    assert ["figures", figures, "firms_supported", supported, "5", ""] in rows
    region = ["by_region.firms_supported", f"{by_region}: {supported}", "other", others]
    assert [*region, "", "yes"] in rows
    assert ["dropouts_by_phase", phases, "other", others, "", "yes"] in rows


def test_a_region_named_like_a_formula_is_neutralised_in_the_csv(
    client_for, manager_a, project_alone, enrol_firm
):
    coach = ClusterRoleFactory(cluster=project_alone.cluster, role=StaffRole.COACH).user
    enrol_firm(project_alone, "=cmd|' /C calc'!A0", manager_a, coach)
    rows = csv_rows(client_for(manager_a).get(export_url(done_run(project=project_alone), "csv")))
    assert ["by_region.firms_supported", "'=cmd|' /C calc'!A0", "1", ""] in rows


def test_an_unknown_format_answers_400(client_for, manager_a, runs):
    response = client_for(manager_a).get(export_url(runs["x"], "pdf"))
    assert response.status_code == 400
    assert list(response.json()) == ["format"]


def test_a_run_that_is_not_done_cannot_be_downloaded_409(client_for, manager_a, project_alone):
    queued = ReportRunFactory(kind="outcomes", project=project_alone, parameters={})
    failed = ReportRunFactory(kind="outcomes", project=project_alone, parameters={})
    report_run_fail(run_id=failed.pk, error="boom")
    client = client_for(manager_a)
    for run in (queued, failed):
        response = client.get(export_url(run, "csv"))
        assert response.status_code == 409
        assert response.json()["detail"]
    assert "not done yet" in client.get(export_url(queued, "csv")).json()["detail"]


# Tokens and throttling -----------------------------------------------------------------------


def test_a_token_reads_the_api_like_its_user(client, funder_user, runs):
    _token, key = api_token_create(user=funder_user, name="script")
    response = client.get(LIST, HTTP_AUTHORIZATION=f"Token {key}")
    assert ids(response) == {runs["x"].pk, runs["programme_x"].pk}


@pytest.fixture
def tiny_rates(settings):
    rest = copy.deepcopy(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"].update({"user": "5/min", "report_runs": "2/min"})
    settings.REST_FRAMEWORK = rest
    cache.clear()


def test_asking_for_runs_is_throttled_per_user_whatever_the_token(
    client, tiny_rates, funder_user, project_x, django_capture_on_commit_callbacks
):
    _first, first_key = api_token_create(user=funder_user, name="nightly")
    _second, second_key = api_token_create(user=funder_user, name="dashboard")
    data = {"kind": "participation", "project": "x-abroad"}

    def ask(key: str) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                LIST, data, content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}"
            ).status_code

    assert [ask(first_key), ask(second_key), ask(first_key)] == [202, 202, 429]
    # Another token of the same user gets no fresh budget: more tokens, no more runs.
    assert ask(second_key) == 429
    assert ReportRun.objects.count() == 2
    # Reading is not counted against the report_runs rate.
    assert client.get(LIST, HTTP_AUTHORIZATION=f"Token {first_key}").status_code == 200


def test_reads_are_throttled_at_the_user_rate(client_for, tiny_rates, funder_user):
    client = client_for(funder_user)
    statuses = [client.get(LIST).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


# Query budget ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["manager_a", "funder_user"])
def test_the_run_list_runs_a_fixed_number_of_queries(
    request, who, project_x, programme_x, client_for, django_assert_max_num_queries
):
    for _number in range(10):
        done_run(project=project_x)
        done_run(programme=programme_x, kind="indicators")
    assert ReportRun.objects.filter(status=RunStatus.DONE).count() == 20
    client = client_for(request.getfixturevalue(who))
    # session, user, count, the page of runs with their projects and programmes, the caller's
    # office clusters, the programmes those clusters take part in (staff only).
    with django_assert_max_num_queries(6):
        response = client.get(LIST)
    assert len(response.json()["results"]) == 20


def test_a_second_funder_user_of_the_same_funder_sees_the_same_runs(client_for, funder_user, runs):
    colleague = FunderUserFactory(
        funder=funder_user.funder_link.funder, user=UserFactory(email="colleague@example.org")
    ).user
    assert ids(client_for(colleague).get(LIST)) == {runs["x"].pk, runs["programme_x"].pk}


# The funder's view, stored with the run ---------------------------------------------------------


def test_a_run_stores_the_funders_view_when_it_is_computed(runs):
    """The stored view is the one the suppression rule derives from the stored result, to the
    byte, with the SHA-256 of that text."""
    for run in runs.values():
        text = canonical_json(suppress(run.result))
        assert run.suppressed_canonical == text
        assert run.suppressed_checksum == hashlib.sha256(text.encode()).hexdigest()


def test_a_funder_is_served_the_stored_view(client_for, funder_user, runs):
    """The list and the detail answer the stored bytes: a stored view (here, altered in the
    database) is what the funder gets, never one derived again on the request."""
    run = runs["x"]
    stored = copy.deepcopy(run.result)
    stored["figures"]["firms_supported"] = 4242
    text = json.dumps(stored, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    checksum = hashlib.sha256(text.encode()).hexdigest()
    ReportRun.objects.filter(pk=run.pk).update(
        suppressed_canonical=text, suppressed_checksum=checksum
    )
    client = client_for(funder_user)
    body = client.get(detail_url(run)).json()
    assert body["result"]["figures"]["firms_supported"] == 4242
    assert body["checksum"] == checksum
    listed = client.get(LIST, {"project": "x-abroad"}).json()["results"]
    assert [row["checksum"] for row in listed] == [checksum]
    assert hashlib.sha256(client.get(export_url(run, "json")).content).hexdigest() == checksum


@pytest.mark.parametrize("who", ["manager_a", "funder_user"])
def test_the_run_list_does_not_read_the_results(request, who, client_for, runs):
    client = client_for(request.getfixturevalue(who))
    with CaptureQueriesContext(connection) as queries:
        rows = client.get(LIST).json()["results"]
    assert rows and all(row["checksum"] for row in rows)
    run_reads = [q["sql"] for q in queries if 'FROM "reports_reportrun"' in q["sql"]]
    assert run_reads
    for column in ("result", "canonical", "suppressed_canonical"):
        assert not any(f'"reports_reportrun"."{column}"' in sql for sql in run_reads), column


def test_runs_finished_before_the_stored_view_get_it_from_the_migration(runs):
    fill = import_module("reports.migrations.0002_report_run_stored_suppressed_view")
    run = runs["x"]
    ReportRun.objects.filter(pk=run.pk).update(suppressed_canonical="", suppressed_checksum="")
    fill.store_suppressed_views(apps, None)
    assert ReportRun.objects.get(pk=run.pk).suppressed_checksum == run.suppressed_checksum
    assert ReportRun.objects.get(pk=run.pk).suppressed_canonical == run.suppressed_canonical

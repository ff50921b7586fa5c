"""The funder REST API for report runs, asking: the programmes a funder sees, asking for a run
of a project or programme within the caller's view, and bad input answered before the scope.
The projects and programmes are those of tests/reports/conftest.py.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports.models import ReportRun

pytestmark = pytest.mark.usefixtures("eager_tasks", "fresh_throttles")

AS_OF = "2026-06-30"
LIST = reverse("api:report-run-list")


# Programmes --------------------------------------------------------------------------------


def test_a_funder_lists_only_its_funders_programmes_with_their_terms(
    client_for, funder_user, programme_x, programme_y
):
    response = client_for(funder_user).get(reverse("api:programme-list"))
    assert response.status_code == 200
    (programme,) = response.json()["results"]
    assert programme["code"] == "X-ERDF"
    assert {
        key: programme[key]
        for key in ("code", "name", "funder", "budget", "currency", "start", "end")
    } == {
        "code": "X-ERDF",
        "name": "Programme X-ERDF",
        "funder": funder_user.funder_link.funder.name,
        "budget": "2000000.00",
        "currency": "SEK",
        "start": "2024-01-01",
        "end": "2028-12-31",
    }


# Asking for a run ----------------------------------------------------------------------------


def test_a_funder_asks_for_a_participation_report_of_a_funded_project_and_gets_202(
    client_for, funder_user, project_x, django_capture_on_commit_callbacks
):
    client = client_for(funder_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            LIST,
            {"kind": "participation", "project": "x-abroad", "as_of": AS_OF},
            content_type="application/json",
        )
    assert response.status_code == 202, response.content
    body = response.json()
    run = ReportRun.objects.get()
    assert body["id"] == run.pk
    assert body["url"] == f"http://testserver{reverse('api:report-run-detail', args=[run.pk])}"
    assert response["Location"] == body["url"]
    # A plain str: WSGI servers refuse a str subclass in a header (the test client does not).
    assert type(response["Location"]) is str
    assert run.requested_by == funder_user
    assert run.parameters == {"as_of": AS_OF}
    # Queued when answered; the task ran once the request's transaction committed.
    assert body["status"] == "queued"
    polled = client.get(body["url"]).json()
    assert polled["status"] == "done"
    assert polled["progress"] == 100
    assert polled["result"]["figures"]["firms_supported"] == 5


def test_a_funder_asks_for_a_report_of_its_programme(
    client_for, funder_user, programme_x, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(funder_user).post(
            LIST, {"kind": "indicators", "programme": "X-ERDF"}, content_type="application/json"
        )
    assert response.status_code == 202, response.content
    assert response.json()["scope"] == {"type": "programme", "programme": "X-ERDF"}
    assert ReportRun.objects.get().programme == programme_x


@pytest.mark.parametrize(
    "scope",
    [
        {"project": "y-abroad"},  # another funder's project
        {"programme": "Y-REGION"},  # another funder's programme
        {"project": "a-alone"},  # a project of cluster A that no programme of X funds
        {"project": "no-such-project"},
        {"programme": "NO-SUCH"},
    ],
)
def test_a_funder_asking_for_a_scope_it_may_not_see_gets_404_and_no_run(
    client_for, funder_user, project_x, project_alone, project_y, scope
):
    response = client_for(funder_user).post(
        LIST, {"kind": "participation", **scope}, content_type="application/json"
    )
    assert response.status_code == 404
    assert ReportRun.objects.count() == 0


def test_staff_of_another_cluster_asking_for_a_project_get_404(client_for, manager_b, project_x):
    response = client_for(manager_b).post(
        LIST, {"kind": "participation", "project": "x-abroad"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert ReportRun.objects.count() == 0


def test_staff_ask_for_a_report_of_their_own_clusters_project(
    client_for, manager_a, project_alone, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager_a).post(
            LIST, {"kind": "outcomes", "project": "a-alone"}, content_type="application/json"
        )
    assert response.status_code == 202
    assert ReportRun.objects.get().project == project_alone


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "revenue", "project": "x-abroad"}, "kind"),
        ({"project": "x-abroad"}, "kind"),
        ({"kind": "participation", "project": "x-abroad", "programme": "X-ERDF"}, None),
        ({"kind": "participation"}, None),
        ({"kind": "participation", "project": "x-abroad", "as_of": "30/06/2026"}, "as_of"),
        ({"kind": "participation", "project": "x-abroad", "as_of": "2026-02-30"}, "as_of"),
        ({"kind": "participation", "project": ""}, "project"),
    ],
)
def test_bad_input_answers_400_with_the_field_and_creates_no_run(
    client_for, funder_user, project_x, data, field
):
    response = client_for(funder_user).post(LIST, data, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == [field or "non_field_errors"]
    assert ReportRun.objects.count() == 0


def test_bad_input_is_answered_before_the_scope_is_looked_up(client_for, funder_user, project_y):
    # Another funder's project with a malformed date: the date is the answer, not a 404.
    response = client_for(funder_user).post(
        LIST,
        {"kind": "participation", "project": "y-abroad", "as_of": "soon"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "as_of" in response.json()

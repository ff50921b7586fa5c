"""Every kind of page works under the Content-Security-Policy (issue 11, headers): charts,
htmx swaps, the cluster switcher, the API docs, forms that ask for confirmation, the admin.

The policy allows nothing inline and no eval (config/settings.py). Each test fails on any
violation (the ``csp_violations`` guard and ``PageWatch`` in conftest), and each checks that
the page still does its work: charts drawn, htmx swaps made, the docs calling the API, a
confirmation that can be refused.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import ApiToken
from accounts.services import api_token_create
from clusters.models import ClusterRole
from reports.models import ReportRun
from reports.services import report_run_compute
from tests.factories.clusters import ClusterRoleFactory, UserFactory
from tests.factories.reports import ReportRunFactory


def run_of_today(project, user, kind: str = "participation") -> ReportRun:
    """A queued run as of today (the enrolments of the test are made today)."""
    return ReportRunFactory(
        project=project,
        requested_by=user,
        kind=kind,
        parameters={"as_of": timezone.localdate().isoformat()},
    )


def assert_every_chart_drawn(page) -> None:
    plots = page.locator(".chart-plot")
    expect(plots.first).to_be_visible()
    expect(page.locator(".chart-plot.js-plotly-plot svg.main-svg").first).to_be_visible(
        timeout=15_000
    )
    expect(page.locator(".chart-plot.chart-drawn")).to_have_count(plots.count())
    # plotly's page-wide rules came from static/css/plotly.css, not from an injected element.
    position = page.locator(".js-plotly-plot .plotly .main-svg").first.evaluate(
        "element => getComputedStyle(element).position"
    )
    assert position == "absolute"
    assert page.locator("head style").count() == 0


def test_report_pages_draw_their_charts_and_htmx_swaps_in_a_finished_run(
    page, ui, manager_a, project, enrol_active, firm, firm_rep_a, second_firm
):
    other_firm, other_rep = second_firm
    enrol_active(firm, firm_rep_a)
    enrol_active(other_firm, other_rep)
    done = run_of_today(project, manager_a)
    report_run_compute(run_id=done.pk)
    ui.log_in(manager_a)
    # The inbox badge is loaded by htmx (hx-trigger="load").
    expect(page.locator(".inbox-link")).to_be_visible()

    page.goto(ui.url(reverse("reports:run-detail", args=[done.pk])))
    assert_every_chart_drawn(page)
    # The hover label and the modebar: plotly's run-time styling, all through the CSSOM.
    page.locator(".chart-plot .draglayer").first.hover()
    page.locator(".chart-plot").first.hover()
    page.goto(ui.url(reverse("reports:run-print", args=[done.pk])))
    expect(page.get_by_role("button", name="Print")).to_be_visible()

    # A queued run: its row polls with htmx every second; when the run is done the results
    # are swapped in and their charts drawn, with no page load.
    queued = run_of_today(project, manager_a, kind="outcomes")
    page.goto(ui.url(reverse("reports:project-reports", args=[project.slug])))
    expect(page.locator(f"#run-{queued.pk}")).to_be_visible()
    page.evaluate("window.samePage = true")
    report_run_compute(run_id=queued.pk)
    # The polled row turns "Done" and the results below are reloaded with the run in them.
    expect(page.locator(f"#history-run-{queued.pk}")).to_be_visible(timeout=15_000)
    assert ReportRun.objects.get(pk=queued.pk).status == "done"
    assert_every_chart_drawn(page)
    assert page.evaluate("window.samePage") is True

    page.goto(ui.url(reverse("reports:overview")))
    expect(page.locator("h1")).to_be_visible()


def test_the_cluster_switcher_switches_under_the_policy(page, ui, manager_a, cluster_b):
    ClusterRoleFactory(cluster=cluster_b, user=manager_a, role="viewer")
    ui.log_in(manager_a)
    with page.expect_navigation():
        page.locator("#cluster-switcher").select_option(label="Beta Cluster")
    expect(page.locator("#cluster-switcher option:checked")).to_have_text("Beta Cluster")


def test_the_api_docs_load_the_schema_and_call_the_api(page, ui, manager_a):
    ui.log_in(manager_a)
    page.goto(ui.url(reverse("api-docs")))
    operation = page.locator(".opblock-summary-path", has_text="/api/v1/me/").first
    expect(operation).to_be_visible(timeout=30_000)
    operation.click()
    page.get_by_role("button", name="Try it out").click()
    with page.expect_response(lambda response: response.url.endswith("/api/v1/me/")) as answer:
        page.get_by_role("button", name="Execute").click()
    assert answer.value.status == 200
    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_have_text(
        "200"
    )


def test_confirmations_ask_first_and_can_be_refused(page, ui, admin_a, cluster_a):
    """data-confirm (static/js/site.js) replaces the inline onsubmit handlers: dismissing the
    question keeps everything as it was, accepting it sends the form."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    token, _key = api_token_create(user=admin_a, name="Nightly sync")
    colleague = ClusterRoleFactory(
        cluster=cluster_a, user=UserFactory(email="colleague@example.org"), role="viewer"
    )
    questions: list[str] = []
    answers = iter([False, True, False, True, True, True])

    def answer(dialog) -> None:
        questions.append(dialog.message)
        dialog.accept() if next(answers) else dialog.dismiss()

    page.on("dialog", answer)
    ui.log_in(admin_a)

    page.goto(ui.url(reverse("accounts:tokens")))
    revoke = page.get_by_role("button", name="Revoke")
    revoke.click()  # refused: nothing is sent
    page.wait_for_load_state("networkidle")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    with page.expect_navigation():
        revoke.click()  # accepted
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None

    page.goto(ui.url(reverse("clusters:detail", args=[cluster_a.slug])))
    row = page.locator("tr", has_text="colleague@example.org")
    row.get_by_role("button", name="Remove").click()  # refused
    page.wait_for_load_state("networkidle")
    assert ClusterRole.objects.filter(pk=colleague.pk).exists()
    with page.expect_navigation():
        row.get_by_role("button", name="Remove").click()  # accepted
    assert not ClusterRole.objects.filter(pk=colleague.pk).exists()

    page.goto(ui.url(reverse("reports:calendar-subscribe")))
    ui.click(page.get_by_role("button", name="Make my feed URL"))
    feed_url = page.locator("#feed-url").input_value()
    page.get_by_role("button", name="Copy").click()
    assert page.evaluate("navigator.clipboard.readText()") == feed_url
    with page.expect_navigation():
        page.get_by_role("button", name="Make a new URL").click()  # accepted
    assert page.locator("#feed-url").input_value() != feed_url
    with page.expect_navigation():
        page.get_by_role("button", name="Switch the feed off").click()  # accepted
    expect(page.get_by_role("button", name="Make my feed URL")).to_be_visible()

    assert questions == [
        "Revoke this token? Scripts using it will stop working.",
        "Revoke this token? Scripts using it will stop working.",
        "Remove this staff role?",
        "Remove this staff role?",
        "Make a new URL? Calendars using the old one will stop updating.",
        "Switch the feed off? Calendars using it will stop updating.",
    ]


def test_the_admin_works_under_the_policy(page, ui, cluster_a):
    superuser = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    ui.log_in(superuser)
    page.goto(ui.url(reverse("admin:index")))
    expect(page.locator("#site-name")).to_be_visible()
    page.goto(ui.url(reverse("admin:clusters_cluster_change", args=[cluster_a.pk])))
    expect(page.locator("form#cluster_form")).to_be_visible()
    page.goto(ui.url(reverse("admin:accounts_user_changelist")))
    expect(page.locator("#result_list")).to_be_visible()

"""The header on a phone: the navigation folds into "Menu"; at desktop width it stays inline
(issue 10, point 5). The cluster switcher submits from static/js/site.js, not an inline
handler."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from internationalization.services.coaching import coaching_session_log
from tests.factories.clusters import ClusterRoleFactory


def test_on_a_phone_the_navigation_folds_into_a_menu(browser, ui, manager_a, screenshot_dir):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    ui.page = page = context.new_page()
    try:
        ui.log_in(manager_a)
        projects = page.locator("nav.mainnav").get_by_role("link", name="Projects", exact=True)
        toggle = page.locator("summary", has_text="Menu")
        expect(toggle).to_be_visible()
        expect(projects).to_be_hidden()
        box = toggle.bounding_box()
        assert box["height"] >= 44
        toggle.click()
        expect(projects).to_be_visible()
        assert projects.bounding_box()["height"] >= 44
        ui.screenshot("menu-open-390.png")
        ui.click(projects)
        expect(page.locator("h1")).to_contain_text("Projects")
        expect(projects).to_be_hidden()
    finally:
        context.close()


def test_at_desktop_width_the_navigation_stays_inline(browser, ui, manager_a):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-US")
    ui.page = page = context.new_page()
    try:
        ui.log_in(manager_a)
        expect(page.locator("summary", has_text="Menu")).to_be_hidden()
        links = page.locator("nav.mainnav a")
        expect(links.first).to_be_visible()
        tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
        assert len(tops) == 1, "the desktop navigation is one row"
        expect(page.locator("details.usermenu summary")).to_be_visible()
    finally:
        context.close()


def test_the_cluster_switcher_has_no_inline_handler_and_still_switches(
    page, ui, manager_a, cluster_b
):
    ClusterRoleFactory(cluster=cluster_b, user=manager_a, role="viewer")
    ui.log_in(manager_a)
    switcher = page.locator("#cluster-switcher")
    assert switcher.get_attribute("onchange") is None
    assert page.locator("[onchange], [onclick], [onsubmit]").count() == 0
    with page.expect_navigation():
        switcher.select_option(label="Beta Cluster")
    expect(page.locator("h1")).to_have_text("Beta Cluster")


def test_the_firm_confirms_a_session_on_a_phone_from_a_card(
    browser, ui, project, enrol_active, firm, firm_rep_a, coach_a
):
    enrolment = enrol_active(firm, firm_rep_a)
    coaching_session_log(
        enrolment=enrolment,
        date=timezone.localdate() - timedelta(days=2),
        hours=Decimal("2"),
        topic="Distributor pricing",
        coach=coach_a,
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    ui.page = page = context.new_page()
    try:
        ui.log_in(firm_rep_a)
        page.goto(ui.url(reverse("internationalization:portal")))
        row = page.locator("table.stack-table tr", has_text="Distributor pricing")
        confirm = row.get_by_role("button", name="Confirm")
        confirm.scroll_into_view_if_needed()
        box = confirm.bounding_box()
        assert box["height"] >= 44
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, "the button is on screen"
        expect(row.locator("td", has_text="2")).not_to_have_count(0)
        ui.screenshot("portal-session-card-390.png")
        ui.click(confirm)
        expect(page.locator(".messages")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()

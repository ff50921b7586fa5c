"""The header on a phone: the navigation folds into "Menu"; at desktop width it stays inline
(issue 10, point 5). The cluster switcher submits from static/js/site.js, not an inline
handler."""

from __future__ import annotations

from playwright.sync_api import expect

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

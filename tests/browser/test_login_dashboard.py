"""The login form, the home page and the header switchers, in a real Chromium."""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.factories.clusters import ClusterRoleFactory

LOGIN_PATH = reverse("login")


def test_manager_logs_in_and_sees_the_work_waiting(page, ui, manager_a):
    ui.log_in(manager_a)

    expect(page.locator("h1")).to_have_text("Alpha Cluster")
    expect(page.locator("#home-queue")).to_have_text("Waiting for you")
    expect(page.locator(".empty-state").first).to_contain_text("Nothing is waiting for you")
    ui.screenshot("dashboard.png")


def test_wrong_password_shows_an_error_next_to_the_form(page, ui, manager_a):
    page.goto(ui.url(LOGIN_PATH))
    page.get_by_label(re.compile(r"e-?mail", re.IGNORECASE)).fill(manager_a.email)
    page.get_by_label(re.compile(r"password", re.IGNORECASE)).fill("not-the-password")
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_load_state()

    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH) + r"(\?.*)?$"))
    expect(page.locator("h1")).to_have_text("Log in")
    error = page.locator("main form").get_by_role("alert")
    expect(error.first).to_be_visible()
    expect(error.first).to_contain_text(re.compile(r"correct", re.IGNORECASE))
    expect(page.locator("#cluster-switcher")).to_have_count(0)
    ui.screenshot("login-error.png")


def test_language_switcher_turns_the_page_swedish(page, ui):
    page.goto(ui.url(LOGIN_PATH))
    expect(page.locator("h1")).to_have_text("Log in")

    with page.expect_navigation():
        page.locator("form.languages").get_by_role("button", name="SV", exact=True).click()

    # The language itself switched (independent of whether the catalogue is compiled) ...
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    # ... and the page is translated.
    expect(page.locator("h1")).to_have_text("Logga in")


def test_cluster_switcher_changes_the_current_cluster(page, ui, manager_a, cluster_b):
    ClusterRoleFactory(cluster=cluster_b, user=manager_a, role="viewer")
    ui.log_in(manager_a)
    expect(page.locator("h1")).to_have_text("Alpha Cluster")

    with page.expect_navigation():
        page.locator("#cluster-switcher").select_option(label="Beta Cluster")

    expect(page.locator("h1")).to_have_text("Beta Cluster")
    expect(page.locator("#cluster-switcher option:checked")).to_have_text("Beta Cluster")
    ui.screenshot("switched.png")

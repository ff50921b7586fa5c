"""Two-factor log-in in a real Chromium: the QR code shows, a code from the key turns it on,
and the next log-in asks for a code."""

from __future__ import annotations

import re
from base64 import b32decode

from django.urls import reverse
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.factories.common import TEST_PASSWORD


def code_from(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app set up with ``secret`` shows (a code is accepted once)."""
    return f"{totp(b32decode(secret), t0=-30 * steps_ahead):06d}"


def test_a_manager_turns_two_factor_on_and_logs_in_with_a_code(page, ui, manager_a):
    ui.log_in(manager_a)
    page.goto(ui.url(reverse("accounts:two-factor")))
    qr = page.locator("main img")
    expect(qr).to_be_visible()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    secret = page.locator("#totp-secret").inner_text()
    ui.screenshot("two-factor-enrol.png")

    page.get_by_label(re.compile("authenticator app")).fill(code_from(secret))
    ui.click(page.get_by_role("button", name="Turn two-factor log-in on"))
    expect(page.locator("main")).to_contain_text("Two-factor log-in is on")

    page.context.clear_cookies()
    page.goto(ui.url(reverse("login")))
    page.get_by_label(re.compile(r"e-?mail", re.IGNORECASE)).fill(manager_a.email)
    page.get_by_label(re.compile(r"password", re.IGNORECASE)).fill(TEST_PASSWORD)
    ui.click(page.get_by_role("button", name="Log in", exact=True))
    expect(page.locator("main form").get_by_role("alert").first).to_contain_text("enter the code")

    page.get_by_label(re.compile(r"password", re.IGNORECASE)).fill(TEST_PASSWORD)
    page.get_by_label(re.compile("authenticator app")).fill(code_from(secret, steps_ahead=1))
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(ui.url("/"))
    ui.screenshot("two-factor-login.png")

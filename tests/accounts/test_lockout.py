"""Brute force on the log-in pages: django-axes locks a username+address out after
LOGIN_FAILURE_LIMIT failures, says until when, and a password reset or an admin unlocks it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.factories.common import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limit_of_five(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def log_in(client: Client, email: str, password: str, url: str = ""):
    return client.post(url or reverse("login"), {"username": email, "password": password})


def fail_five_times(client: Client, email: str, url: str = ""):
    return [log_in(client, email, "wrong-guess", url).status_code for _ in range(5)]


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_right_password_is_refused_after_five_failures(anonymous_client, manager_a):
    assert fail_five_times(anonymous_client, manager_a.email) == [200, 200, 200, 200, 429]
    response = log_in(anonymous_client, manager_a.email, TEST_PASSWORD)
    assert response.status_code == 429
    assert not is_logged_in(anonymous_client)


def test_the_locked_page_says_the_account_is_locked_and_when_to_retry(anonymous_client, manager_a):
    fail_five_times(anonymous_client, manager_a.email)
    response = log_in(anonymous_client, manager_a.email, TEST_PASSWORD)
    page = response.content.decode()
    assert "this account is locked from your address" in page
    assert "in about 15 minutes" in page
    assert "reset your password" in page


def test_changing_the_case_of_the_address_does_not_dodge_the_count(anonymous_client, manager_a):
    for variant in ["Manager.A@example.org", "MANAGER.A@EXAMPLE.ORG", "manager.a@Example.org"]:
        log_in(anonymous_client, variant, "wrong-guess")
    log_in(anonymous_client, manager_a.email, "wrong-guess")
    log_in(anonymous_client, manager_a.email.upper(), "wrong-guess")
    assert log_in(anonymous_client, manager_a.email, TEST_PASSWORD).status_code == 429


def test_the_lock_holds_for_one_address_only(manager_a):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    fail_five_times(attacker, manager_a.email)
    owner = Client(REMOTE_ADDR="198.51.100.7")
    assert log_in(owner, manager_a.email, TEST_PASSWORD).status_code == 302
    assert is_logged_in(owner)


def test_the_lock_ends_after_the_cool_off(anonymous_client, manager_a):
    from axes.models import AccessAttempt  # here: the module also runs where axes is absent

    fail_five_times(anonymous_client, manager_a.email)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    assert log_in(anonymous_client, manager_a.email, TEST_PASSWORD).status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(anonymous_client, manager_a):
    for _ in range(4):
        log_in(anonymous_client, manager_a.email, "wrong-guess")
    assert log_in(anonymous_client, manager_a.email, TEST_PASSWORD).status_code == 302
    anonymous_client.post(reverse("logout"))
    assert fail_five_times(anonymous_client, manager_a.email)[:4] == [200, 200, 200, 200]


def test_the_admin_log_in_is_locked_out_too(anonymous_client, django_user_model):
    admin = django_user_model.objects.create_superuser("root@example.org", TEST_PASSWORD)
    admin_login = reverse("admin:login")
    fail_five_times(anonymous_client, admin.email, admin_login)
    response = log_in(anonymous_client, admin.email, TEST_PASSWORD, admin_login)
    assert response.status_code == 429
    assert not is_logged_in(anonymous_client)


def test_a_password_reset_unlocks_the_account(anonymous_client, manager_a):
    fail_five_times(anonymous_client, manager_a.email)
    anonymous_client.post(reverse("password_reset"), {"email": manager_a.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    form_page = anonymous_client.get(link.split("testserver", 1)[1], follow=True)
    anonymous_client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Fresh-long-pass-42", "new_password2": "Fresh-long-pass-42"},
    )
    assert log_in(anonymous_client, manager_a.email, "Fresh-long-pass-42").status_code == 302
    assert is_logged_in(anonymous_client)


def test_axes_reset_username_unlocks_the_account(anonymous_client, manager_a):
    fail_five_times(anonymous_client, manager_a.email)
    call_command("axes_reset_username", manager_a.email)
    assert log_in(anonymous_client, manager_a.email, TEST_PASSWORD).status_code == 302


def test_behind_a_proxy_the_lock_counts_the_forwarded_client_address(settings, manager_a):
    settings.LOGIN_PROXY_COUNT = 1

    def via_proxy(client_address: str) -> Client:
        # What the attacker puts in front is kept; the proxy appends the address it saw.
        return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"1.2.3.4, {client_address}")

    fail_five_times(via_proxy("203.0.113.9"), manager_a.email)
    assert log_in(via_proxy("203.0.113.9"), manager_a.email, TEST_PASSWORD).status_code == 429
    assert log_in(via_proxy("198.51.100.7"), manager_a.email, TEST_PASSWORD).status_code == 302

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories.common import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_login_by_email_is_case_insensitive_and_lands_on_the_dashboard(anonymous_client, manager_a):
    response = anonymous_client.post(
        reverse("login"), {"username": "Manager.A@Example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert anonymous_client.get(reverse("home")).status_code == 200


def test_wrong_password_shows_an_error_and_logs_nobody_in(anonymous_client, manager_a):
    response = anonymous_client.post(
        reverse("login"), {"username": manager_a.email, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "correct e-mail address and password" in response.content.decode()
    assert "_auth_user_id" not in anonymous_client.session


def test_logout_ends_the_session(client_for, manager_a):
    client = client_for(manager_a)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change_needs_the_old_password(client_for, manager_a):
    client = client_for(manager_a)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "not-it",
            "new_password1": "Another-long-pass-77",
            "new_password2": "Another-long-pass-77",
        },
    )
    assert response.status_code == 200
    manager_a.refresh_from_db()
    assert manager_a.check_password(TEST_PASSWORD)


def test_password_reset_mails_a_working_link(anonymous_client, manager_a):
    response = anonymous_client.post(reverse("password_reset"), {"email": manager_a.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = anonymous_client.get(path, follow=True)
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    done = anonymous_client.post(
        set_url, {"new_password1": "Fresh-long-pass-42", "new_password2": "Fresh-long-pass-42"}
    )
    assert done.status_code == 302
    manager_a.refresh_from_db()
    assert manager_a.check_password("Fresh-long-pass-42")

"""Optional TOTP two-factor log-in for staff and funder users (django-otp): enrol with a real
authenticator code, the code asked at the site's and the admin's log-in, turning it off, and
an installation making it mandatory (OTP_REQUIRED_FOR)."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.common import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PAGE = reverse("accounts:two-factor")


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or ``steps_ahead`` 30-s steps later: a code
    is accepted once, so a second use in one test takes the next step's)."""
    device.refresh_from_db()
    value = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0 - steps_ahead * device.step,
        digits=device.digits,
    )
    return f"{value:0{device.digits}d}"


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def log_in(client: Client, user, code: str = "", url: str = ""):
    return client.post(
        url or reverse("login"),
        {"username": user.email, "password": TEST_PASSWORD, "otp_token": code},
    )


def test_a_manager_enrols_an_authenticator_with_a_real_code(client_for, manager_a):
    client = client_for(manager_a)
    page = client.get(PAGE)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=manager_a, confirmed=False)
    assert page.context["secret"] in page.context["config_url"]
    response = client.post(PAGE, {"otp_token": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_wrong_code_does_not_enrol(client_for, manager_a):
    client = client_for(manager_a)
    client.get(PAGE)
    device = TOTPDevice.objects.get(user=manager_a)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    assert client.post(PAGE, {"otp_token": wrong}).status_code == 400
    device.refresh_from_db()
    assert not device.confirmed


def test_the_qr_code_is_an_svg_made_by_the_site(client_for, funder_user):
    client = client_for(funder_user)
    client.get(PAGE)
    response = client.get(reverse("accounts:two-factor-qr"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"] == "no-store"
    assert b'xmlns="http://www.w3.org/2000/svg"' in response.content


def test_with_an_authenticator_the_password_alone_does_not_log_in(anonymous_client, manager_a):
    enrolled(manager_a)
    response = log_in(anonymous_client, manager_a)
    assert response.status_code == 200
    assert "enter the code from your app" in response.content.decode()
    assert "_auth_user_id" not in anonymous_client.session


def test_with_an_authenticator_a_wrong_code_does_not_log_in(anonymous_client, manager_a):
    device = enrolled(manager_a)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = log_in(anonymous_client, manager_a, wrong)
    assert response.status_code == 200
    assert "_auth_user_id" not in anonymous_client.session


def test_with_an_authenticator_the_right_code_logs_in_verified(anonymous_client, manager_a):
    device = enrolled(manager_a)
    response = log_in(anonymous_client, manager_a, code_for(device))
    assert response.status_code == 302
    assert anonymous_client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_code_is_accepted_only_once(manager_a):
    device = enrolled(manager_a)
    code = code_for(device)
    assert log_in(Client(), manager_a, code).status_code == 302
    second = Client()
    assert log_in(second, manager_a, code).status_code == 200
    assert "_auth_user_id" not in second.session


def test_without_an_authenticator_the_password_is_enough(anonymous_client, manager_a):
    assert log_in(anonymous_client, manager_a).status_code == 302


def test_the_admin_log_in_asks_for_the_code_of_an_enrolled_admin(
    anonymous_client, django_user_model
):
    admin = django_user_model.objects.create_superuser("root@example.org", TEST_PASSWORD)
    device = enrolled(admin)
    admin_login = reverse("admin:login")
    refused = log_in(anonymous_client, admin, url=admin_login)
    assert refused.status_code == 200
    assert "_auth_user_id" not in anonymous_client.session
    assert log_in(anonymous_client, admin, code_for(device), url=admin_login).status_code == 302
    assert anonymous_client.get(reverse("admin:index")).status_code == 200


def test_turning_it_off_takes_a_current_code(client_for, manager_a):
    device = enrolled(manager_a)
    client = client_for(manager_a)
    assert client.post(PAGE, {"otp_token": "000000"}).status_code == 400
    assert TOTPDevice.objects.filter(user=manager_a).exists()
    # django-otp makes the next try wait after a wrong code; this test does not wait.
    device.refresh_from_db()
    device.throttle_reset()
    assert client.post(PAGE, {"otp_token": code_for(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=manager_a).exists()
    assert log_in(Client(), manager_a).status_code == 302


def test_a_firm_representative_is_not_offered_two_factor(client_for, firm_rep_a):
    client = client_for(firm_rep_a)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert not page.context["available"]
    assert client.post(PAGE, {"otp_token": "123456"}).status_code == 403
    assert not TOTPDevice.objects.exists()


def test_where_mandatory_staff_must_enrol_before_anything_else(settings, manager_a):
    settings.OTP_REQUIRED_FOR = frozenset({"staff"})
    client = Client()
    assert log_in(client, manager_a).status_code == 302
    home = client.get(reverse("home"))
    assert (home.status_code, home["Location"]) == (302, PAGE)
    client.get(PAGE)
    device = TOTPDevice.objects.get(user=manager_a)
    client.post(PAGE, {"otp_token": code_for(device)})
    assert client.get(reverse("home")).status_code == 200


def test_where_mandatory_it_cannot_be_turned_off(settings, client_for, manager_a):
    settings.OTP_REQUIRED_FOR = frozenset({"staff", "funder"})
    device = enrolled(manager_a)
    client = Client()
    log_in(client, manager_a, code_for(device))
    assert client.post(PAGE, {"otp_token": code_for(device, steps_ahead=1)}).status_code == 400
    assert TOTPDevice.objects.filter(user=manager_a).exists()


def test_where_mandatory_for_funders_staff_and_firms_go_on(
    settings, client_for, manager_a, firm_rep_a, funder_user
):
    settings.OTP_REQUIRED_FOR = frozenset({"funder"})
    assert client_for(manager_a).get(reverse("home")).status_code == 200
    assert client_for(firm_rep_a).get(reverse("home")).status_code == 200
    assert client_for(funder_user).get(reverse("home"))["Location"] == PAGE

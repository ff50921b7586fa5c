import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_english_swedish_and_russian_are_enabled():
    assert [code for code, _name in settings.LANGUAGES] == ["en", "sv", "ru"]


@pytest.mark.parametrize(
    ("language", "login_heading"), [("en", "Log in"), ("sv", "Logga in"), ("ru", "Войти")]
)
def test_login_page_speaks_the_chosen_language(anonymous_client, language, login_heading):
    anonymous_client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = anonymous_client.get(reverse("login")).content.decode()
    assert f"<h1>{login_heading}</h1>" in page


def test_dashboard_is_translated_for_a_logged_in_user(client_for, manager_a):
    client = client_for(manager_a)
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert "Kluster" in page

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import ApiToken, hash_token_key
from accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def test_token_page_shows_a_new_key_once_and_stores_only_its_hash(client_for, manager_a):
    client = client_for(manager_a)
    response = client.post(reverse("accounts:tokens"), {"name": "Report script"})
    assert response.status_code == 200
    key = response.context["new_key"]
    token = ApiToken.objects.get(user=manager_a)
    assert token.key_hash == hash_token_key(key)
    assert key not in {token.name, token.key_hash, token.prefix}
    assert key not in client.get(reverse("accounts:tokens")).content.decode()


def test_token_without_a_name_is_refused_at_the_field(client_for, manager_a):
    response = client_for(manager_a).post(reverse("accounts:tokens"), {"name": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_token_authenticates_api_calls_and_records_its_last_use(client, manager_a):
    token, key = api_token_create(user=manager_a, name="script")
    response = client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert response.json()["email"] == manager_a.email
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_is_refused(client, client_for, manager_a):
    token, key = api_token_create(user=manager_a, name="script")
    client_for(manager_a).post(reverse("accounts:token-revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401


def test_wrong_token_is_refused_with_401(client, manager_a):
    response = client.get(reverse("api:me"), HTTP_AUTHORIZATION="Token not-a-real-key")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_user_cannot_revoke_someone_elses_token(client_for, manager_a, manager_b):
    token, _key = api_token_create(user=manager_a, name="script")
    response = client_for(manager_b).post(reverse("accounts:token-revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_create_api_token_command_prints_a_working_key(client, manager_a, capsys):
    call_command("create_api_token", manager_a.email.upper())
    key = capsys.readouterr().out.strip()
    response = client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200


def test_create_api_token_command_rejects_an_unknown_email():
    with pytest.raises(CommandError, match="No user"):
        call_command("create_api_token", "nobody@example.org")

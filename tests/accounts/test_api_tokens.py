from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts.choices import TokenScope
from accounts.models import ApiToken, hash_token_key
from accounts.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db

ONE_MINUTE = timedelta(minutes=1)


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


# Expiry, scopes, the cap on active tokens, history -------------------------------------------


def test_a_token_expires_after_the_lifetime_chosen_at_creation(client, client_for, manager_a):
    response = client_for(manager_a).post(
        reverse("accounts:tokens"), {"name": "script", "scope": "write", "lifetime_days": 30}
    )
    key = response.context["new_key"]
    token = ApiToken.objects.get(user=manager_a)
    assert token.expires_at - token.created_at == pytest.approx(timedelta(days=30), abs=ONE_MINUTE)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - ONE_MINUTE)
    response = client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401


def test_a_token_lives_ninety_days_by_default(manager_a):
    token, _key = api_token_create(user=manager_a, name="script")
    assert token.expires_at - token.created_at == pytest.approx(timedelta(days=90), abs=ONE_MINUTE)


def test_a_lifetime_past_the_maximum_is_refused(settings, manager_a):
    settings.API_TOKEN_MAX_DAYS = 365
    with pytest.raises(ValidationError):
        api_token_create(user=manager_a, name="forever", lifetime_days=10_000)
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_read_only_token_may_not_write(client, manager_a, method):
    _token, key = api_token_create(user=manager_a, name="dashboard", scope=TokenScope.READ_ONLY)
    url = reverse("api:cluster-detail", kwargs={"slug": "alpha"})
    response = getattr(client, method)(
        url, {}, content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_a_read_write_token_may_write(client, manager_a):
    _token, key = api_token_create(user=manager_a, name="sync", scope=TokenScope.READ_WRITE)
    response = client.patch(
        reverse("api:cluster-detail", kwargs={"slug": "alpha"}),
        {"city": "Uppsala"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 200


def test_a_user_may_hold_at_most_five_active_tokens(settings, client_for, manager_a):
    settings.API_TOKEN_MAX_ACTIVE = 5
    client = client_for(manager_a)
    statuses = [
        client.post(reverse("accounts:tokens"), {"name": f"script {n}"}).status_code
        for n in range(31)
    ]
    assert statuses == [200] * 5 + [400] * 26
    assert ApiToken.objects.filter(user=manager_a).count() == 5
    # Revoking (or expiry) frees a place.
    api_token_revoke(token=ApiToken.objects.filter(user=manager_a).first())
    assert client.post(reverse("accounts:tokens"), {"name": "again"}).status_code == 200


def test_creating_and_revoking_a_token_is_kept_in_its_history(client_for, manager_a):
    client = client_for(manager_a)
    client.post(reverse("accounts:tokens"), {"name": "script"})
    token = ApiToken.objects.get(user=manager_a)
    client.post(reverse("accounts:token-revoke", args=[token.pk]))
    history = list(token.history.order_by("history_date"))
    assert [(entry.history_type, entry.revoked_at is None) for entry in history] == [
        ("+", True),
        ("~", False),
    ]
    assert {entry.history_user for entry in history} == {manager_a}
    assert not hasattr(history[0], "key_hash")


def test_create_api_token_command_options_and_key_on_the_last_line(client, manager_a, capsys):
    call_command("create_api_token", manager_a.email, "--read-only", "--days", "7")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    token = ApiToken.objects.get(user=manager_a)
    assert token.scope == TokenScope.READ_ONLY
    assert token.expires_at - token.created_at == pytest.approx(timedelta(days=7), abs=ONE_MINUTE)
    assert client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_create_api_token_command_refuses_past_the_cap(settings, manager_a):
    settings.API_TOKEN_MAX_ACTIVE = 1
    call_command("create_api_token", manager_a.email)
    with pytest.raises(CommandError, match="active tokens"):
        call_command("create_api_token", manager_a.email)

"""Writes on accounts that carry a rule."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import TokenScope
from accounts.models import ApiToken, CalendarFeedToken, User, hash_token_key

# Writing last_used_at on every request would turn each API read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str,
    scope: str = TokenScope.READ_WRITE,
    lifetime_days: int | None = None,
) -> tuple[ApiToken, str]:
    """Create a token and return it with its key; the key is never retrievable again.

    Refused (ValidationError) past ``API_TOKEN_MAX_ACTIVE`` active tokens of the user, or for a
    lifetime outside 1..``API_TOKEN_MAX_DAYS`` days.
    """
    days = settings.API_TOKEN_DEFAULT_DAYS if lifetime_days is None else lifetime_days
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            _("A token lives from 1 to %(max)s days.") % {"max": settings.API_TOKEN_MAX_DAYS},
            code="lifetime",
        )
    if scope not in TokenScope.values:
        raise ValidationError(_("Unknown token access %(scope)r.") % {"scope": scope})
    # Locking the user row serializes two creations, so both cannot pass the count.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.active().filter(user=user).count() >= settings.API_TOKEN_MAX_ACTIVE:
        raise ValidationError(
            _("You already have %(max)s active tokens: revoke one you no longer use first.")
            % {"max": settings.API_TOKEN_MAX_ACTIVE},
            code="too_many_tokens",
        )
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip() or "API token",
        prefix=key[:8],
        key_hash=hash_token_key(key),
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(*, key: str) -> ApiToken | None:
    """Return the active (not revoked, not expired) token for ``key`` and note its use, or
    None."""
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(key_hash=hash_token_key(key), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


@transaction.atomic
def calendar_feed_rotate(*, user: User) -> CalendarFeedToken:
    """Revoke the user's active feed key, if any, and issue a new one: the old URL stops
    working at once."""
    # Locking the user row serializes two rotations, which the one-active-key constraint
    # would otherwise turn into an IntegrityError for the second.
    User.objects.select_for_update().filter(pk=user.pk).first()
    calendar_feed_revoke(user=user)
    return CalendarFeedToken.objects.create(user=user, key=secrets.token_urlsafe(32))


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> None:
    """Revoke the user's active feed key; without one, nothing changes."""
    CalendarFeedToken.objects.active().filter(user=user).update(revoked_at=timezone.now())


def calendar_feed_owner(*, key: str) -> User | None:
    """The active user whose active feed key is ``key``, or None."""
    token = (
        CalendarFeedToken.objects.active()
        .select_related("user")
        .filter(key=key, user__is_active=True)
        .first()
    )
    return token.user if token else None


def user_language_set(*, user: User, language: str) -> User:
    """The language of the user's e-mails; an unknown code is ignored."""
    if language in dict(settings.LANGUAGES) and language != user.language:
        user.language = language
        user.save(update_fields=["language"])
    return user

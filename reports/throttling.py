"""API throttles counted per API token.

A request that came with ``Authorization: Token <key>`` is counted against that token, so each
of a funder's scripts has its own budget; a session request is counted against its user. Rates
come from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (``user`` for every request,
``report_runs`` for asking for a new report run) and are read when a request comes, so a changed
setting applies at once.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle, UserRateThrottle

from accounts.models import ApiToken


def client_identity(request) -> str | None:
    """``token-<id>`` for a token-authenticated request, ``user-<id>`` otherwise; None for an
    anonymous request (the anonymous throttle counts those by address)."""
    if isinstance(request.auth, ApiToken):
        return f"token-{request.auth.pk}"
    if request.user and request.user.is_authenticated:
        return f"user-{request.user.pk}"
    return None


def current_rate(scope: str) -> str:
    try:
        return api_settings.DEFAULT_THROTTLE_RATES[scope]
    except KeyError:
        raise ImproperlyConfigured(f"No throttle rate for the scope {scope!r}.") from None


class TokenUserRateThrottle(UserRateThrottle):
    """The ``user`` rate, per API token or else per user."""

    def get_rate(self) -> str:
        return current_rate(self.scope)

    def get_cache_key(self, request, view) -> str | None:
        ident = client_identity(request)
        if ident is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class TokenScopedRateThrottle(ScopedRateThrottle):
    """The rate of the view's ``throttle_scope`` (none: not throttled), per API token or else
    per user."""

    def get_rate(self) -> str:
        return current_rate(self.scope)

    def get_cache_key(self, request, view) -> str | None:
        ident = client_identity(request)
        if ident is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}

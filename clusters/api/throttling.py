"""API throttles counted per user, in a cache every worker shares.

A request is counted against its user, whatever token or session it came with: a user who
makes more tokens gets no more requests. Anonymous requests are counted by address. Rates come
from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (``user`` for every request, ``report_runs``
for asking for a new report run) and are read when a request comes, so a changed setting
applies at once.

The counters live in the ``throttle`` cache (Redis when ``REDIS_URL`` is set, so three workers
count together). A rate of N per period allows N requests in a window that begins with the
user's first request and lasts the period; each request is counted in one atomic step, one
round trip to Redis (``accounts.ratelimit.count_in_window``). DRF's own throttles keep a list of
timestamps, read and written back by every request: two round trips, a list as long as the rate
to unpickle and pickle, and two workers that read the same list both let their request through.
If that cache cannot be reached, throttling fails open: the request is let through and a warning
logged, since a rate limit must never take the API down with it.
"""

from __future__ import annotations

import logging

from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle

from accounts.ratelimit import count_in_window

logger = logging.getLogger(__name__)

THROTTLE_CACHE = "throttle"


def client_identity(request) -> str | None:
    """``user-<id>`` for an authenticated request (by token or session); None for an anonymous
    request (the anonymous throttle counts those by address)."""
    if request.user and request.user.is_authenticated:
        return f"user-{request.user.pk}"
    return None


def current_rate(scope: str) -> str:
    try:
        return api_settings.DEFAULT_THROTTLE_RATES[scope]
    except KeyError:
        raise ImproperlyConfigured(f"No throttle rate for the scope {scope!r}.") from None


class SharedCacheThrottleMixin:
    """Counts in the shared ``throttle`` cache and lets the request through when it is down."""

    # Not DRF's "throttle_%(scope)s_%(ident)s": those keys hold DRF's timestamp lists, which
    # a counter must not be added to while they live out their expiry after a deploy.
    cache_format = "rate:%(scope)s:%(ident)s"
    seconds_left: float | None = None

    @property
    def cache(self):
        return caches[THROTTLE_CACHE]

    def get_rate(self) -> str:
        return current_rate(self.scope)

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        try:
            count, seconds_left = count_in_window(self.cache, key, self.duration)
        except Exception as error:  # noqa: BLE001 - any cache failure (redis, socket) fails open
            logger.warning(
                "Throttle cache unreachable (%s: %s); the %s limit is not applied.",
                type(error).__name__,
                error,
                self.scope,
            )
            return True
        if count <= self.num_requests:
            return True
        self.seconds_left = seconds_left
        return False

    def wait(self) -> float | None:
        """Seconds until the window ends (the answer's Retry-After)."""
        return self.seconds_left


class SharedAnonRateThrottle(SharedCacheThrottleMixin, AnonRateThrottle):
    """The ``anon`` rate, per client address."""


class SharedUserRateThrottle(SharedCacheThrottleMixin, UserRateThrottle):
    """The ``user`` rate, per user (all of the user's tokens and sessions together)."""

    def get_cache_key(self, request, view) -> str | None:
        ident = client_identity(request)
        if ident is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class SharedScopedRateThrottle(SharedCacheThrottleMixin, ScopedRateThrottle):
    """The rate of the view's ``throttle_scope`` (none: not throttled), per user."""

    def allow_request(self, request, view) -> bool:
        # ScopedRateThrottle's own first half: the view's scope decides the rate.
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str | None:
        ident = client_identity(request)
        if ident is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}

"""Counting events in a window in the shared ``throttle`` cache: password-reset mails here,
API requests in clusters/api/throttling.py.

A window begins with its first event and lasts its length; the count is one atomic step, so
two workers counting at the same moment can never both see the count they started from (a
read-then-write count let 22 to 24 requests of a 20-request limit through under 16 concurrent
clients over two gunicorn workers). In Redis that step is one round trip.

Fails open: when the cache cannot be reached, the event is allowed and a warning logged, as
for the API throttles.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from datetime import timedelta

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# INCR, and on the window's first event its expiry; answers the count and the seconds left.
# A key without an expiry (it cannot happen, but would count forever) is given one.
_COUNT_IN_WINDOW = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('TTL', KEYS[1])
if left < 0 then
    redis.call('EXPIRE', KEYS[1], ARGV[1])
    left = tonumber(ARGV[1])
end
return {count, left}
"""
# The script is the same for every client and connection (it is sent by its SHA1 after the first
# time): made once per process.
_script = None


def count_in_window(cache: BaseCache, key: str, window_seconds: int) -> tuple[int, float]:
    """Count one event under ``key`` in the window that began with its first event; the count
    so far (this one included) and the seconds until the window ends. Raises whatever the
    cache raises."""
    window_seconds = max(1, math.ceil(window_seconds))
    if isinstance(cache, RedisCache):
        # Django's cache API has no atomic "increment or create": its incr() is EXISTS then
        # INCR, two round trips that another worker may come between.
        client = cache._cache.get_client(key, write=True)
        global _script  # noqa: PLW0603 - made once, on the first count
        if _script is None:
            _script = client.register_script(_COUNT_IN_WINDOW)
        count, left = _script(
            keys=[cache.make_and_validate_key(key)], args=[window_seconds], client=client
        )
        return int(count), float(left)
    # Other caches (local memory in development and tests): add() then incr() are each atomic
    # within one process, which is all such a cache is shared by.
    cache.add(f"{key}:ends", time.time() + window_seconds, timeout=window_seconds)
    cache.add(key, 0, timeout=window_seconds)
    count = cache.incr(key)
    ends = cache.get(f"{key}:ends") or time.time() + window_seconds
    return count, max(0.0, ends - time.time())


def within_limit(*, bucket: str, subject: str, limit: int, window: timedelta) -> bool:
    """Count one event of ``subject`` in ``bucket``; False once more than ``limit`` were
    counted in the window that began with the first."""
    # Hashed, so that no e-mail address is written into the cache.
    key = f"{bucket}:{hashlib.sha256(subject.encode()).hexdigest()}"
    cache = caches["throttle"]
    try:
        count, _left = count_in_window(cache, key, int(window.total_seconds()))
    except Exception as error:  # noqa: BLE001 - any cache failure (redis, socket) fails open
        logger.warning(
            "Throttle cache unreachable (%s: %s); the %s limit is not applied.",
            type(error).__name__,
            error,
            bucket,
        )
        return True
    return count <= limit

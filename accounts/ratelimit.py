"""Counting events in a window in the shared ``throttle`` cache (password-reset mails).

Fails open: when the cache cannot be reached, the event is allowed and a warning logged, as
for the API throttles (clusters/api/throttling.py).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from django.core.cache import caches

logger = logging.getLogger(__name__)


def within_limit(*, bucket: str, subject: str, limit: int, window: timedelta) -> bool:
    """Count one event of ``subject`` in ``bucket``; False once more than ``limit`` were
    counted in the window that began with the first."""
    # Hashed, so that no e-mail address is written into the cache.
    key = f"{bucket}:{hashlib.sha256(subject.encode()).hexdigest()}"
    cache = caches["throttle"]
    try:
        cache.add(key, 0, timeout=int(window.total_seconds()))
        count = cache.incr(key)
    except Exception as error:  # noqa: BLE001 - any cache failure (redis, socket) fails open
        logger.warning(
            "Throttle cache unreachable (%s: %s); the %s limit is not applied.",
            type(error).__name__,
            error,
            bucket,
        )
        return True
    return count <= limit

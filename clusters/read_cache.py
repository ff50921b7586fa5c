"""Short-lived answers that every worker shares (the "reads" cache: Redis when REDIS_URL is
set, else the process's memory), dropped as soon as the data changes.

National-scale reads repeat: a funder's script polls its report runs, a manager reloads the
home page, whose sums read hundreds of thousands of activity rows. Such answers are cached
under the *data version*, which every write bumps: a ``post_save``, ``post_delete`` or
``m2m_changed`` of any model but the bookkeeping ones (sessions, log-in attempts, admin log,
history rows, which accompany a real write anyway), connected in ``clusters/apps.py``; bulk
writers call ``data_changed`` themselves. A change therefore shows on the next read; ``seconds``
bounds how old an answer can be if a write ever bypassed the ORM. The cache failing never fails
a read: the answer is computed as if nothing were cached.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.db import transaction

READ_CACHE = "reads"
VERSION_KEY = "data-version"
# Writes to these leave every cached answer true: they are not data any answer shows.
BOOKKEEPING_APPS = frozenset({"sessions", "axes", "admin", "contenttypes", "otp_totp"})

log = logging.getLogger(__name__)
T = TypeVar("T")


def data_changed(**_signal_arguments) -> None:
    """Every cached answer is stale from now on, and again once the write commits: an answer
    computed meanwhile read the data before the commit, so it must not outlive it."""
    _new_version()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return  # written already: nothing left to wait for
    # Once per transaction, however many rows it writes.
    if not any(entry[1] is _new_version for entry in connection.run_on_commit):
        transaction.on_commit(_new_version)


def model_changed(sender, **signal_arguments) -> None:
    """The receiver of every model's saves and deletes (``clusters/apps.py``)."""
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label in BOOKKEEPING_APPS:
        return
    if meta.object_name.startswith("Historical"):
        return
    data_changed()


def is_read_cache_callback(callback) -> bool:
    """Whether an on-commit callback is the read cache's (tests count the others)."""
    return callback is _new_version


def _new_version() -> None:
    try:
        caches[READ_CACHE].set(VERSION_KEY, uuid.uuid4().hex, None)
    except Exception:  # noqa: BLE001 - a cache down must not fail the write
        log.warning("The read cache is unavailable: cached answers may be stale.")


def cached_read(key: str, compute: Callable[[], T], *, seconds: int) -> T:
    """``compute()``, or its value cached under ``key`` since the last change of the data and
    at most ``seconds`` ago."""
    cache = caches[READ_CACHE]
    try:
        version = cache.get_or_set(VERSION_KEY, uuid.uuid4().hex, None)
        versioned = f"{key}:{version}"
        value = cache.get(versioned)
    except Exception:  # noqa: BLE001 - the answer is computed whatever the cache does
        log.warning("The read cache is unavailable: answer computed afresh.")
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(versioned, value, seconds)
        except Exception:  # noqa: BLE001
            log.warning("The read cache is unavailable: answer not kept.")
    return value

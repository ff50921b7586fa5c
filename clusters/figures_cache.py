"""Short-lived figures that every worker shares (the "figures" cache: Redis when REDIS_URL is
set, else the process's memory), dropped as soon as the activities they count change.

The manager's home page sums every coaching session and timesheet row of the live projects:
hundreds of thousands of rows at national scale, on each visit. The sums are cached under a
*version* that every write to an activity bumps (``activity_changed``: the signals in
``reports/apps.py`` for saves and deletes, and bulk writers such as the project import call it
themselves), so a change shows on the next visit; ``seconds`` bounds how old a figure can be
if a bulk write ever forgot to bump. The cache failing never fails the page: the figures are
computed as if nothing were cached.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.db import transaction

FIGURES_CACHE = "figures"
VERSION_KEY = "activity-version"

log = logging.getLogger(__name__)
T = TypeVar("T")


def activity_changed(**_signal_arguments) -> None:
    """Every cached figure counting activities is stale from now on, and again once the
    write commits: a page computed meanwhile read the data before the commit, so what it
    cached must not outlive it."""
    _new_version()
    transaction.on_commit(_new_version)


def _new_version() -> None:
    try:
        caches[FIGURES_CACHE].set(VERSION_KEY, uuid.uuid4().hex, None)
    except Exception:  # noqa: BLE001 - a cache down must not fail the write
        log.warning("The figures cache is unavailable: cached figures may be stale.")


def cached_figures(key: str, compute: Callable[[], T], *, seconds: int) -> T:
    """``compute()``, or its value cached under ``key`` since the last activity change and
    at most ``seconds`` ago."""
    cache = caches[FIGURES_CACHE]
    try:
        version = cache.get_or_set(VERSION_KEY, uuid.uuid4().hex, None)
        versioned = f"{key}:{version}"
        value = cache.get(versioned)
    except Exception:  # noqa: BLE001 - the figures are computed whatever the cache does
        log.warning("The figures cache is unavailable: figures computed afresh.")
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(versioned, value, seconds)
        except Exception:  # noqa: BLE001
            log.warning("The figures cache is unavailable: figures not kept.")
    return value

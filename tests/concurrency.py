"""Running two writes at the same moment, for the tests that prove a lock (PostgreSQL only).

SQLite has no row locks (it serializes whole writes), so a race means something only on
PostgreSQL: the tests skip elsewhere with a printed reason, and fail instead when
``REQUIRE_POSTGRESQL=1`` (CI sets it with DATABASE_URL), so a missing database cannot hide
them.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections


def require_postgresql() -> None:
    if connection.vendor == "postgresql":
        return
    reason = (
        f"a race needs PostgreSQL row locks; the database is {connection.vendor}"
        " (set DATABASE_URL to a PostgreSQL database to run this test)"
    )
    if os.environ.get("REQUIRE_POSTGRESQL") == "1":
        pytest.fail(f"REQUIRE_POSTGRESQL=1 but {reason}")
    print(f"SKIPPED: {reason}")
    pytest.skip(reason)


def at_once(*writes: Callable[[], object]) -> list[str]:
    """Run each write in its own thread (its own connection), released together by a barrier;
    what each gave, sorted: "done", "refused: <first message>" or "error: <exception>"."""
    barrier = threading.Barrier(len(writes))
    outcomes: list[str] = []

    def run(write: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            write()
            outcomes.append("done")
        except ValidationError as error:
            messages = [m for ms in error.message_dict.values() for m in ms]
            outcomes.append(f"refused: {messages[0]}")
        except Exception as error:  # noqa: BLE001 - the test's assertion names it
            outcomes.append(f"error: {error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(write,)) for write in writes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)

"""Tokens created at the same moment cannot pass the cap on active tokens (PostgreSQL only).

With one place left, eight threads released together by a barrier each create a token. The
creation locks the user's row, so each waits for the one before to commit and counts its token:
one gets the place, the others are refused. SQLite serializes whole writes, so the test only
means something on PostgreSQL; CI runs it there via DATABASE_URL.
"""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from accounts.models import ApiToken
from accounts.services import api_token_create

THREADS = 8


@pytest.mark.django_db(transaction=True)
def test_simultaneous_creations_never_pass_the_cap(settings, manager_a):
    if connection.vendor != "postgresql":
        pytest.skip(f"needs PostgreSQL row locks; the database is {connection.vendor}")
    settings.API_TOKEN_MAX_ACTIVE = 5
    for number in range(4):
        api_token_create(user=manager_a, name=f"existing {number}")

    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def create(number: int) -> None:
        try:
            barrier.wait(timeout=10)
            api_token_create(user=manager_a, name=f"racer {number}")
            outcomes.append("created")
        except ValidationError:
            outcomes.append("refused")
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(f"error: {error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create, args=(number,)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["created"] + ["refused"] * (THREADS - 1), outcomes
    assert ApiToken.objects.active().filter(user=manager_a).count() == 5

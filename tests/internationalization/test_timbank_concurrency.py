"""Two approvals at the same moment cannot overdraw the timbank pool (PostgreSQL only).

A pool of 10 hours and two requests of 8 hours: two threads, released together by a barrier,
approve one each. The approval locks the pool row, so the second waits for the first to
commit, then sees 2 hours left and is refused. SQLite has no row locks (it serializes whole
writes), so the test only means something on PostgreSQL; CI runs it there via DATABASE_URL.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from internationalization.choices import TimbankRequestStatus
from internationalization.models import TimbankPool, TimbankRequest
from internationalization.services.timbank import timbank_pool_set, timbank_request_approve
from tests.concurrency import require_postgresql
from tests.factories.activities import timbank_request_for
from tests.factories.projects import EnrolmentFactory, ProjectFactory


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_approvals_never_overdraw_the_pool(cluster_a, firm_a, manager_a):
    require_postgresql()
    project = ProjectFactory(cluster=cluster_a)
    enrolment = EnrolmentFactory(project=project, organization=firm_a)
    timbank_pool_set(
        project=project, hours_total=Decimal(10), hourly_value=Decimal(90), currency="EUR"
    )
    requests = [timbank_request_for(enrolment, manager_a, hours="8") for _ in range(2)]

    barrier = threading.Barrier(len(requests))
    outcomes: dict[int, str] = {}

    def approve(request: TimbankRequest) -> None:
        try:
            barrier.wait(timeout=10)
            timbank_request_approve(request=request, hours=Decimal(8), actor=manager_a)
            outcomes[request.pk] = "approved"
        except ValidationError as error:
            outcomes[request.pk] = f"refused: {error.message_dict['hours'][0]}"
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[request.pk] = f"error: {error!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(request,)) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    results = sorted(outcomes.values())
    assert len(results) == 2, outcomes
    assert results[0] == "approved", outcomes
    assert results[1].startswith("refused: Only 2.00 h of the pool's 10.00 h are left"), outcomes
    assert TimbankPool.objects.get(project=project).hours_reserved == Decimal(8)
    statuses = sorted(TimbankRequest.objects.values_list("status", flat=True))
    assert statuses == [TimbankRequestStatus.APPROVED, TimbankRequestStatus.PENDING]

"""The timbank and trips of cluster A's project: a pool, a consultant, an approved request
with a timesheet entry, an approved trip with an expense claim and its PNG receipt.

The receipt is written to the real MEDIA_ROOT (the download reads it from there) and deleted
when the test process ends.
"""

import atexit
from datetime import date
from decimal import Decimal

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from internationalization.services.timbank import (
    consultant_save,
    timbank_pool_set,
    timbank_request_approve,
    timbank_request_create,
    timesheet_log,
)
from internationalization.services.trips import expense_claim_submit, trip_apply, trip_approve
from tests.factories.activities import PNG_PIXEL


def extend(world: dict) -> None:
    manager, enrolment = world["manager_a"], world["enrolment"]
    pool = timbank_pool_set(
        project=world["project"],
        hours_total=Decimal("100"),
        hourly_value=Decimal("90"),
        currency="EUR",
    )
    consultant = consultant_save(
        cluster=world["cluster_a"], data={"name": "Lex Legal AB", "services": ["legal"]}
    )
    request = timbank_request_create(
        enrolment=enrolment,
        service="legal",
        hours_requested=Decimal("8"),
        needed_by=date(2026, 9, 30),
        purpose="Review the distributor contract.",
        actor=manager,
    )
    request = timbank_request_approve(request=request, hours=Decimal("8"), actor=manager)
    entry = timesheet_log(
        request=request, consultant=consultant, date=date(2026, 9, 1), hours=Decimal("2")
    )
    trip = trip_apply(
        enrolment=enrolment,
        country="DE",
        city="Nuremberg",
        event="Embedded World",
        start=date(2026, 6, 1),
        end=date(2026, 6, 4),
        purpose="fair",
        budget_requested=Decimal("2000"),
        actor=manager,
    )
    trip = trip_approve(trip=trip, budget=Decimal("1500"), actor=manager)
    claim = expense_claim_submit(
        trip=trip,
        description="Train tickets",
        amount=Decimal("320"),
        currency="EUR",
        receipt=SimpleUploadedFile("ticket.png", PNG_PIXEL, content_type="image/png"),
        actor=manager,
    )
    atexit.register(default_storage.delete, claim.receipt.name)
    world.update(
        timbank_pool=pool,
        consultant=consultant,
        timbank_request=request,
        timesheet_entry=entry,
        trip=trip,
        expense_claim=claim,
    )

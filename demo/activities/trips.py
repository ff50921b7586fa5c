"""Step 9d, trips: each project's caps per destination country, the firms' trips to fairs and
customers (done, approved, applied for), their expense claims with a receipt each, and the
report of every trip that is done.

The caps and the reports go through ``trip_cap_set`` and ``trip_report_save``. The trips and
their claims are written directly, each in its final state: the trip and claim services stamp
today and take only firms that still take part.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from accounts.models import User
from demo.data import triip
from demo.data.logins import TRIIP_MANAGER
from demo.enrolments import enrolment_of
from demo.seeding import SeedTally, aware, set_by, upsert
from demo.stories import PROJECTS
from internationalization.choices import Verification
from internationalization.models import ExpenseClaim, Trip, TripCountryCap, TripReport
from internationalization.services.trips import trip_cap_set, trip_report_save
from projects.models import Project

# A 1×1 PNG: the demo receipts are placeholders, the app serves them like real ones.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _save_report(trip: Trip, **fields) -> TripReport:
    return trip_report_save(trip=trip, data=fields)


def _trip_values(row, manager: User) -> dict:
    """A trip asked for on the 1st of the month it starts in and approved on the 2nd; one still
    waiting for a decision was asked for two months before it starts (not in the future)."""
    _registry_id, country, _city, event, start, end, purpose, budget, status, *_rest = row
    approved = status in ("approved", "done")
    return {
        "reported_by_firm": False,
        "verification": "",
        "country": country,
        "event": event,
        "end": end,
        "purpose": purpose,
        "status": status,
        "budget_requested": Decimal(budget),
        "budget_approved": Decimal(budget) if approved else None,
        "currency": triip.TRIP_CURRENCY,
        "requested_at": aware(
            start - timedelta(days=60) if status == "applied" else start.replace(day=1)
        ),
        "decided_at": aware(start.replace(day=2)) if approved else None,
        "decided_by": manager if approved else None,
    }


def _seed_claims(tally: SeedTally, trip: Trip, receipt_prefix: str, claims) -> None:
    """The claims, submitted the evening the trip ended, each with its receipt file."""
    for number, (what, amount, status, reimbursed_on) in enumerate(claims, start=1):
        receipt = f"{receipt_prefix}-{number}.png"
        if not default_storage.exists(receipt):
            default_storage.save(receipt, ContentFile(PNG))
        values = {
            "amount": Decimal(amount),
            "currency": triip.TRIP_CURRENCY,
            "receipt": receipt,
            "status": status,
            "submitted_at": aware(trip.end, 18),
            "decided_at": aware(reimbursed_on) if reimbursed_on else None,
            "reimbursed_on": reimbursed_on,
        }
        upsert(tally, ExpenseClaim, {"trip": trip, "description": what}, values)


def _seed_trips(tally: SeedTally, story, manager: User) -> None:
    slug = story.PROJECT["slug"]
    reported = getattr(story, "TRIPS_REPORTED_BY_FIRM", set())
    for row in story.TRIPS:
        registry_id, _country, city, _event, start, *_middle, claims, report = row
        values = _trip_values(row, manager)
        if (registry_id, city, start) in reported:
            # Made already, reported afterwards: the cluster has still to verify it.
            values.update(reported_by_firm=True, verification=Verification.REPORTED)
            values["requested_at"] = aware(row[5], 18)
        trip = upsert(
            tally,
            Trip,
            {"enrolment": enrolment_of(slug, registry_id), "city": city, "start": start},
            values,
        )
        _seed_claims(tally, trip, f"receipts/demo/{slug}-{registry_id}", claims)
        if report:
            meetings, leads, contracts, units = report
            values = {
                "meetings_held": meetings,
                "leads": leads,
                "contracts_signed": contracts,
                "units_sold": units,
            }
            upsert(tally, TripReport, {"trip": trip}, values, **set_by(_save_report))


def seed_trips(tally: SeedTally) -> None:
    for story in PROJECTS:
        project = Project.objects.get(slug=story.PROJECT["slug"])
        for country, cap in story.CAPS:
            values = {"cap": Decimal(cap), "currency": triip.TRIP_CURRENCY}
            lookup = {"project": project, "country": country}
            upsert(tally, TripCountryCap, lookup, values, **set_by(trip_cap_set))
    manager = User.objects.get(email=TRIIP_MANAGER)
    for story in PROJECTS:
        _seed_trips(tally, story, manager)

"""Consultant hours and trips: timbank requests with their decisions and timesheets (never past
the hours approved; the pool holds what approved requests reserve), and trips within the
project's cap per country, with expense claims within the approved budget and trip reports."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from config.bench.generate.common import (
    LAST_DAY,
    MARKET_WEIGHTS,
    MARKETS,
    Context,
    day_between,
    later,
    moment,
    quarters,
)
from config.bench.generate.firms import Path
from internationalization.choices import (
    ClaimStatus,
    ConsultantService,
    TimbankRequestStatus,
    TripPurpose,
    TripStatus,
    Verification,
)
from internationalization.models import (
    ExpenseClaim,
    TimbankPool,
    TimbankRequest,
    TimesheetEntry,
    Trip,
    TripReport,
)

R = TimbankRequestStatus
RECENT = timedelta(days=14)
CENTS = Decimal("0.01")


def _request_status(ctx: Context, day) -> str:
    if day > LAST_DAY - RECENT:
        return ctx.rng.choice((R.PENDING, R.INFO_REQUESTED))
    roll = ctx.rng.random()
    for status, below in (
        (R.APPROVED, 0.5),
        (R.CLOSED, 0.7),
        (R.REJECTED, 0.85),
        (R.WITHDRAWN, 0.95),
    ):
        if roll < below:
            return status
    return R.PENDING


def _request(ctx: Context, path: Path) -> TimbankRequest:
    rng = ctx.rng
    day = day_between(rng, path.accepted_on, path.work_until)
    status = _request_status(ctx, day)
    asked = quarters(rng, 4, 24)
    request = TimbankRequest(
        enrolment=path.enrolment,
        service=rng.choice(ConsultantService.values),
        hours_requested=asked,
        needed_by=later(day, rng, 30, 90),
        purpose="Help with the export plan.",
        status=status,
        requested_at=moment(day, rng),
    )
    decided = min(later(day, rng, 1, 14), LAST_DAY)
    if status in (R.APPROVED, R.CLOSED, R.REJECTED, R.INFO_REQUESTED):
        request.decided_at = moment(decided, rng)
        request.decided_by = ctx.users["manager"]
    if status == R.INFO_REQUESTED:
        request.decision_note = "Which market is it for?"
    if status == R.REJECTED:
        request.decision_note = "Not within the project's aims."
    if status in (R.APPROVED, R.CLOSED):
        request.hours_approved = quarters(rng, 2, float(asked))
    if status == R.CLOSED:
        request.closed_at = moment(min(later(decided, rng, 20, 120), LAST_DAY), rng)
    if status == R.WITHDRAWN:
        request.closed_at = moment(min(later(day, rng, 1, 10), LAST_DAY), rng)
    if request.decided_at and request.decided_at < request.requested_at:
        request.decided_at = request.requested_at
    return request


def _timesheet(ctx: Context, request: TimbankRequest, path: Path) -> list[TimesheetEntry]:
    rng = ctx.rng
    first = request.decided_at.date()
    last = min(request.closed_at.date() if request.closed_at else LAST_DAY, path.work_until)
    entries, used = [], Decimal(0)
    for _ in range(rng.randint(2, 10)):
        hours = quarters(rng, 0.25, 2)
        if used + hours > request.hours_approved:
            break
        used += hours
        entries.append(
            TimesheetEntry(
                request=request,
                consultant=rng.choice(ctx.consultants[request.service]),
                date=day_between(rng, first, max(first, last)),
                hours=hours,
            )
        )
    return entries


def timbank(ctx: Context, paths: list[Path], projects) -> None:
    requests, owners = [], []
    for path in paths:
        if ctx.rng.random() > 0.6:
            continue
        for _ in range(ctx.rng.randint(1, 4)):
            requests.append(_request(ctx, path))
            owners.append(path)
    requests = ctx.insert(TimbankRequest, requests)
    entries, reserved = [], {project.pk: Decimal(0) for project in projects}
    for request, path in zip(requests, owners, strict=True):
        if request.status not in (R.APPROVED, R.CLOSED):
            continue
        mine = _timesheet(ctx, request, path)
        entries += mine
        # An approved request reserves its hours; closing gave the unused ones back.
        kept = (
            request.hours_approved if request.status == R.APPROVED else sum(e.hours for e in mine)
        )
        reserved[path.project.pk] += kept
    ctx.insert(TimesheetEntry, entries, leaf=True)
    pools = list(TimbankPool.objects.filter(project__in=projects))
    for pool in pools:
        pool.hours_reserved = reserved[pool.project_id]
        pool.hours_total = (pool.hours_reserved * Decimal("1.25") + 200).quantize(Decimal("1"))
    TimbankPool.objects.bulk_update(pools, ["hours_total", "hours_reserved"])


def _trip(ctx: Context, path: Path) -> Trip:
    rng = ctx.rng
    country = rng.choices(list(MARKETS), weights=MARKET_WEIGHTS)[0]
    cap, city = MARKETS[country]
    day = day_between(rng, path.accepted_on, path.work_until)
    start = later(day, rng, 20, 90)
    end = later(start, rng, 2, 7)
    asked = (cap * Decimal(rng.uniform(0.4, 1.1))).quantize(Decimal("1"))
    trip = Trip(
        enrolment=path.enrolment,
        country=country,
        city=city,
        event="Trade fair" if rng.random() < 0.4 else "",
        start=start,
        end=end,
        purpose=rng.choice(TripPurpose.values),
        budget_requested=asked,
        requested_at=moment(day, rng),
    )
    if day > LAST_DAY - RECENT:
        return trip
    decided = min(later(day, rng, 2, 20), LAST_DAY)
    trip.decided_at, trip.decided_by = moment(decided, rng), ctx.users["manager"]
    roll = rng.random()
    if roll < 0.12:
        trip.status, trip.decision_note = TripStatus.REJECTED, "Over the project's means."
        return trip
    trip.status, trip.budget_approved = TripStatus.APPROVED, min(asked, cap)
    if roll < 0.18 and start > decided:
        trip.status = TripStatus.WITHDRAWN
    elif end <= min(LAST_DAY, path.work_until) and roll < 0.9:
        trip.status = TripStatus.DONE
        if rng.random() < 0.6:
            trip.reported_by_firm = True
            trip.verification = rng.choice((Verification.VERIFIED, Verification.REPORTED))
    return trip


def _claims(ctx: Context, trip: Trip) -> list[ExpenseClaim]:
    rng = ctx.rng
    first = trip.decided_at.date()
    claims, left = [], trip.budget_approved
    for n in range(rng.randint(1, 6)):
        amount = (trip.budget_approved * Decimal(rng.uniform(0.05, 0.2))).quantize(CENTS)
        if amount <= 0 or amount > left:
            break
        left -= amount
        submitted = day_between(rng, first, min(later(trip.end, rng, 0, 30), LAST_DAY))
        claim = ExpenseClaim(
            trip=trip,
            description=rng.choice(("Flight", "Hotel", "Fair stand", "Local transport")),
            amount=amount,
            receipt=f"receipts/bench/{trip.pk}-{n}.pdf",
            submitted_at=moment(submitted, rng),
        )
        roll = rng.random()
        decided = min(later(submitted, rng, 1, 14), LAST_DAY)
        if roll > 0.2:
            claim.status, claim.decided_at = ClaimStatus.APPROVED, moment(decided, rng)
            if claim.decided_at < claim.submitted_at:
                claim.decided_at = claim.submitted_at
        if 0.2 < roll < 0.3:
            claim.status, claim.decision_note = ClaimStatus.REJECTED, "No receipt of the cost."
        elif roll >= 0.45 and (paid := later(decided, rng, 1, 20)) <= LAST_DAY:
            claim.status, claim.reimbursed_on = ClaimStatus.REIMBURSED, paid
        claims.append(claim)
    return claims


def trips(ctx: Context, paths: list[Path]) -> None:
    rows = []
    for path in paths:
        if ctx.rng.random() < 0.5:
            rows += [_trip(ctx, path) for _ in range(ctx.rng.randint(1, 3))]
    created = ctx.insert(Trip, rows)
    claimable = [t for t in created if t.status in (TripStatus.APPROVED, TripStatus.DONE)]
    ctx.insert(
        ExpenseClaim, [claim for trip in claimable for claim in _claims(ctx, trip)], leaf=True
    )
    ctx.insert(
        TripReport,
        [
            TripReport(
                trip=trip,
                meetings_held=ctx.rng.randint(1, 12),
                leads=ctx.rng.randint(0, 6),
                contracts_signed=ctx.rng.randint(0, 2),
                units_sold=ctx.rng.randint(0, 300),
            )
            for trip in created
            if trip.reported_by_firm
        ],
    )

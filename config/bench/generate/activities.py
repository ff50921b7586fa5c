"""The work of the accepted firms inside their window (acceptance to completion, dropout or
the data's last day): coaching sessions within the allotment, workshops and attendance, the
export-lab tracks with their ordered steps, and outcomes."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
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
    weighted,
)
from config.bench.generate.firms import Path
from internationalization.choices import (
    EXPORT_LAB_ORDER,
    ExportLabStage,
    OutcomeKind,
    OutcomeSource,
    SessionSide,
    SessionStatus,
    Verification,
)
from internationalization.models import (
    CoachingSession,
    ExportLabStep,
    ExportLabTrack,
    Outcome,
    Workshop,
    WorkshopParticipation,
)

TOPICS = ("Export plan", "Pricing abroad", "Distributor search", "Trade fair preparation")
K = OutcomeKind
OUTCOME_KINDS = {
    K.INTERNATIONAL_CONTACT: 20,
    K.INTERNATIONAL_PARTNER: 8,
    K.NEW_CUSTOMER: 14,
    K.NEW_RETAILER: 6,
    K.UNITS_SOLD: 10,
    K.PROTOTYPE: 5,
    K.PRODUCT_LAUNCHED: 5,
    K.MARKET_ENTERED: 8,
    K.FOLLOW_UP_PROGRAMME: 3,
    K.PRODUCT_NEW_TO_MARKET: 3,
    K.PRODUCT_NEW_TO_FIRM: 4,
    K.PROCESS_INNOVATION: 3,
    K.MARKETING_INNOVATION: 3,
    K.ORGANISATIONAL_INNOVATION: 2,
    K.RESEARCH_COOPERATION: 3,
}
WITH_COUNTRY = {K.INTERNATIONAL_CONTACT, K.INTERNATIONAL_PARTNER, K.MARKET_ENTERED, K.NEW_CUSTOMER}
WORKSHOPS_PER_FIRM = 34
#: Fewest sessions a firm has: at half an hour each they pass the completion rule (4 h).
MIN_SESSIONS = 8


def working(paths: list[Path]) -> list[Path]:
    """The paths of firms that were accepted, so took part in the activities."""
    return [path for path in paths if path.accepted_on and path.accepted_on <= path.work_until]


def _market(ctx: Context) -> str:
    return ctx.rng.choices(list(MARKETS), weights=MARKET_WEIGHTS)[0]


def _session(ctx: Context, path: Path, day, hours: Decimal) -> CoachingSession:
    rng = ctx.rng
    coach = path.enrolment.coach
    side = SessionSide.OFFICE if rng.random() < 0.7 else SessionSide.FIRM
    session = CoachingSession(
        enrolment=path.enrolment,
        date=day,
        hours=hours,
        topic=rng.choice(TOPICS),
        coach=coach,
        logged_by_side=side,
        logged_by=coach if side == SessionSide.OFFICE else None,
        status=SessionStatus.AWAITING,
    )
    roll = rng.random()
    if day > LAST_DAY - timedelta(days=21) or roll < 0.06:
        return session
    if roll < 0.12:
        session.status = SessionStatus.DISPUTED
        session.dispute_reason = "The session was shorter."
    elif roll < 0.2:
        session.logged_by_side, session.logged_by = SessionSide.IMPORT, None
        session.status, session.confirmed_at = SessionStatus.CONFIRMED, moment(day, rng)
    else:
        session.status = SessionStatus.CONFIRMED
        session.confirmed_at = moment(later(day, rng, 0, 10), rng)
    return session


def coaching(ctx: Context, paths: list[Path]) -> None:
    rows = []
    for path in paths:
        allotted = path.enrolment.coaching_hours_allotted
        days = sorted(
            day_between(ctx.rng, path.accepted_on, path.work_until)
            for _ in range(ctx.rng.randint(MIN_SESSIONS + 4, 52))
        )
        used = Decimal(0)
        for index, day in enumerate(days):
            hours = Decimal("0.5") if index < MIN_SESSIONS else quarters(ctx.rng, 0.5, 1.5)
            if used + hours > allotted:
                break
            used += hours
            rows.append(_session(ctx, path, day, hours))
    ctx.insert(CoachingSession, rows, leaf=True)


def workshops(ctx: Context, paths: list[Path], projects) -> None:
    rng = ctx.rng
    by_project: dict[int, list[Path]] = {}
    for path in paths:
        by_project.setdefault(path.project.pk, []).append(path)
    rows = []
    for project in projects:
        count = max(10, len(by_project.get(project.pk, [])) * 3 // 2)
        for n in range(count):
            cohort = rng.choice(ctx.cohorts[project.pk]) if rng.random() < 0.15 else None
            rows.append(
                Workshop(
                    project=project,
                    title=f"Workshop {n + 1}: {rng.choice(TOPICS)}",
                    date=day_between(
                        rng, project.start + timedelta(days=30), LAST_DAY + timedelta(days=45)
                    ),
                    place="Bench house",
                    expert_name="A. Expert",
                    cohort=cohort,
                )
            )
    created = sorted(ctx.insert(Workshop, rows), key=lambda w: (w.date, w.pk))
    of_project: dict[int, list[Workshop]] = {}
    for workshop in created:
        of_project.setdefault(workshop.project_id, []).append(workshop)
    invitations = []
    for path in paths:
        # A firm takes part in 12 to WORKSHOPS_PER_FIRM of the workshops held while it
        # works in the project, for everyone or for its cohort: linear in the firms.
        held = of_project.get(path.project.pk, [])
        days = [workshop.date for workshop in held]
        window = held[bisect_left(days, path.accepted_on) : bisect_right(days, path.work_until)]
        picked = rng.sample(window, min(len(window), rng.randint(12, WORKSHOPS_PER_FIRM)))
        for workshop in sorted(picked, key=lambda w: (w.date, w.pk)):
            if workshop.cohort_id not in (None, path.enrolment.cohort_id):
                continue
            attended = None
            if workshop.date <= LAST_DAY and rng.random() < 0.95:
                attended = rng.random() < 0.78
            invitations.append(
                WorkshopParticipation(
                    workshop=workshop, enrolment=path.enrolment, attended=attended
                )
            )
    ctx.insert(WorkshopParticipation, invitations, leaf=True)


def _stages(ctx: Context, path: Path) -> list[tuple[str, object]]:
    """The ordered (stage, day) steps of one track: forward one stage at a time, sometimes back
    from evaluation to incubation."""
    rng = ctx.rng
    day = later(path.accepted_on, rng, 7, 60)
    if day > path.work_until:
        return []
    stage, steps, iterations = ExportLabStage.MARKET_CHOICE, [], 0
    steps.append((stage, day))
    while stage != ExportLabStage.ACCELERATION:
        day = later(day, rng, 20, 120)
        if day > path.work_until or rng.random() < 0.12:
            break
        if stage == ExportLabStage.EVALUATION and iterations < 2 and rng.random() < 0.3:
            stage, iterations = ExportLabStage.INCUBATION, iterations + 1
        else:
            stage = EXPORT_LAB_ORDER[EXPORT_LAB_ORDER.index(stage) + 1]
        steps.append((stage, day))
    return steps


def export_lab(ctx: Context, paths: list[Path]) -> None:
    tracks, paths_steps = [], []
    for path in paths:
        if ctx.rng.random() > 0.6:
            continue
        steps = _stages(ctx, path)
        if not steps:
            continue
        iterations = sum(
            1
            for (a, _), (b, _) in zip(steps, steps[1:], strict=False)
            if (a, b) == (ExportLabStage.EVALUATION, ExportLabStage.INCUBATION)
        )
        tracks.append(
            ExportLabTrack(
                enrolment=path.enrolment,
                target_market=_market(ctx),
                stage=steps[-1][0],
                stage_entered_on=steps[-1][1],
                iterations=iterations,
            )
        )
        paths_steps.append(steps)
    tracks = ctx.insert(ExportLabTrack, tracks)
    ctx.insert(
        ExportLabStep,
        [
            ExportLabStep(track=track, stage=stage, entered_on=day)
            for track, steps in zip(tracks, paths_steps, strict=True)
            for stage, day in steps
        ],
        leaf=True,
    )


def _outcome(ctx: Context, path: Path, last) -> Outcome:
    rng = ctx.rng
    kind = weighted(rng, OUTCOME_KINDS)
    source = rng.choice(OutcomeSource.values)
    outcome = Outcome(
        enrolment=path.enrolment,
        kind=kind,
        date=day_between(rng, path.accepted_on, last),
        country=_market(ctx) if kind in WITH_COUNTRY else "",
        quantity=rng.randint(10, 400) if kind == K.UNITS_SOLD else 1,
        partner=rng.choice(ctx.schools) if kind == K.RESEARCH_COOPERATION else None,
        source=source,
        recorded_by=path.enrolment.coach if source == OutcomeSource.COACH else ctx.users["manager"],
        verification=Verification.VERIFIED,
    )
    if source == OutcomeSource.FIRM:
        outcome.recorded_by = None
        roll = rng.random()
        if roll < 0.3:
            outcome.verification = Verification.REPORTED
        elif roll < 0.4:
            outcome.verification = Verification.REJECTED
            outcome.verification_note = "No evidence was given."
    return outcome


def outcomes(ctx: Context, paths: list[Path]) -> None:
    rows = []
    for path in paths:
        if ctx.rng.random() > 0.85:
            continue
        # Results keep coming after completion; not after a dropout.
        last = path.work_until if path.enrolment.dropped_on else LAST_DAY
        rows += [_outcome(ctx, path, last) for _ in range(ctx.rng.randint(2, 24))]
    ctx.insert(Outcome, rows, leaf=True)

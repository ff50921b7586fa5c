"""The firms: organizations with their EU size class, memberships with their dated transitions,
and enrolments with their dated status history. Each enrolment's path is drawn first (a
:class:`Path`), so its fields, its history and, later, its activities agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from config.bench import world
from config.bench.generate.common import (
    CITIES,
    FIRST_DAY,
    LAST_DAY,
    REGIONS,
    Context,
    day_between,
    later,
    moment,
    weighted,
)
from config.bench.generate.setup import PROJECT_WEIGHTS
from members.choices import MembershipStatus, OrganizationType
from members.models import Membership, MembershipTransition, Organization, Representative
from members.sizeclass import size_class
from projects.choices import Commitment, DropoutPhase, DropoutReason, EnrolmentStatus
from projects.models import Enrolment, EnrolmentStatusChange, Project

S = EnrolmentStatus
SECTORS = ("J62.01", "J62.02", "C26.51", "C22.19", "M72.19", "M71.12", "C28.99", "J58.29", "N82")
LATER_PHASES = [phase for phase in DropoutPhase.values if phase != DropoutPhase.INTAKE]
# How many projects a firm takes part in.
ENROLMENTS_PER_FIRM = {1: 60, 2: 30, 3: 10}
#: The most firms the bench coach (world.COACH_EMAIL) coaches: a coach's load does not grow
#: with the country.
BENCH_COACH_FIRMS = 40


@dataclass
class Path:
    """One enrolment's dated steps and the window in which the firm worked in the project."""

    enrolment: Enrolment
    project: Project
    steps: list[tuple[str, date]]

    def day_of(self, status: str) -> date | None:
        return next((day for step, day in self.steps if step == status), None)

    @property
    def status(self) -> str:
        return self.steps[-1][0]

    @property
    def accepted_on(self) -> date | None:
        return self.day_of(S.ACCEPTED)

    @property
    def work_until(self) -> date:
        """The last day the firm could work: completion, dropout, or the data's last day."""
        ended = self.day_of(S.COMPLETED) or self.day_of(S.DROPPED)
        return min(ended or LAST_DAY, self.project.end)


def _organization(ctx: Context, cluster, n: int) -> Organization:
    rng = ctx.rng
    employees = rng.choices(
        [rng.randint(1, 9), rng.randint(10, 49), rng.randint(50, 249), rng.randint(250, 900)],
        weights=[55, 30, 12, 3],
    )[0]
    turnover = Decimal(employees * rng.randint(60, 180) * 1000)
    balance = (turnover * Decimal("0.6")).quantize(Decimal("1"))
    roll = rng.random()
    if roll < 0.05:
        founded = None
    elif roll < 0.17:
        founded = day_between(rng, date(2021, 6, 1), date(2025, 6, 30))
    else:
        founded = day_between(rng, date(1985, 1, 1), date(2020, 12, 31))
    region = weighted(rng, REGIONS)
    kind = OrganizationType.MICRO_FIRM if employees < 10 else OrganizationType.SME
    if employees >= 250:
        kind = OrganizationType.LARGE_FIRM
    elif founded and founded.year >= 2021:
        kind = OrganizationType.STARTUP
    return Organization(
        cluster=cluster,
        legal_name=f"Bench Firm {n:06d} AB",
        short_name=f"Firm {n:06d}",
        registry_id=f"556{n:07d}",
        org_type=kind,
        employees=employees,
        turnover=turnover,
        balance_sheet=balance,
        figures_year=2024,
        size_class=size_class(
            employees=employees, turnover=turnover, balance_sheet=balance, currency="EUR"
        ),
        sectors=", ".join(sorted(rng.sample(SECTORS, rng.randint(1, 2)))),
        founded_on=founded,
        country="SE",
        region=region,
        city=CITIES[region],
    )


def _membership_steps(ctx: Context) -> list[tuple[str, str, date]] | None:
    """(from, to, day) of one membership, or None for a firm that is no member."""
    rng = ctx.rng
    if rng.random() < 0.25:
        return None
    day = day_between(rng, date(2019, 1, 1), LAST_DAY - timedelta(days=30))
    steps = [("", MembershipStatus.APPLIED, day)]
    if rng.random() < 0.1:
        return steps
    day = later(day, rng, 0, 60)
    steps.append((MembershipStatus.APPLIED, MembershipStatus.ACTIVE, day))
    roll = rng.random()
    if roll < 0.1:
        day = later(day, rng, 60, 500)
        steps.append((MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED, day))
        if rng.random() < 0.5:
            day = later(day, rng, 10, 200)
            steps.append((MembershipStatus.SUSPENDED, MembershipStatus.ACTIVE, day))
    elif roll < 0.18:
        day = later(day, rng, 90, 700)
        steps.append((MembershipStatus.ACTIVE, MembershipStatus.LEFT, day))
    return [step for step in steps if step[2] <= LAST_DAY]


def _memberships(ctx: Context, firms: list[Organization]) -> None:
    memberships, histories = [], []
    for firm in firms:
        steps = _membership_steps(ctx)
        if not steps:
            continue
        actives = [day for _, to, day in steps if to == MembershipStatus.ACTIVE]
        memberships.append(
            Membership(
                organization=firm,
                status=steps[-1][1],
                status_since=steps[-1][2],
                member_since=actives[0] if actives else None,
            )
        )
        histories.append(steps)
    memberships = ctx.insert(Membership, memberships, history=True)
    manager = ctx.users["manager"]
    ctx.insert(
        MembershipTransition,
        [
            MembershipTransition(
                membership=membership, from_status=old, to_status=new, on=day, actor=manager
            )
            for membership, steps in zip(memberships, histories, strict=True)
            for old, new, day in steps
        ],
        leaf=True,
    )


def _path_steps(ctx: Context, project: Project) -> list[tuple[str, date]]:
    rng = ctx.rng
    day = day_between(rng, project.enrolment_start, min(project.enrolment_end, LAST_DAY))
    steps = [(S.APPLIED, day)]
    roll = rng.random()
    if roll < 0.06:
        steps.append((S.REJECTED, later(day, rng, 5, 25)))
    elif roll < 0.10:
        if rng.random() < 0.5:
            day = later(day, rng, 5, 30)
            steps.append((S.INTERVIEWED, day))
        steps.append((S.DROPPED, later(day, rng, 3, 30)))
    else:
        day = later(day, rng, 5, 30)
        steps.append((S.INTERVIEWED, day))
        if roll < 0.18:
            steps.append((S.REJECTED, later(day, rng, 3, 20)))
        else:
            day = later(day, rng, 3, 20)
            steps += [(S.ACCEPTED, day), (S.ACTIVE, later(day, rng, 0, 21))]
            end = rng.random()
            if end < 0.35:
                steps.append((S.COMPLETED, later(steps[-1][1], rng, 150, 500)))
            elif end < 0.55:
                steps.append((S.DROPPED, later(steps[-1][1], rng, 30, 400)))
    kept = [step for step in steps if step[1] <= min(LAST_DAY, project.end)]
    return kept


def _enrolment(ctx: Context, project: Project, firm: Organization, steps) -> Enrolment:
    rng = ctx.rng
    path = Path(None, project, steps)
    status = path.status
    accepted = path.accepted_on
    interviewed = path.day_of(S.INTERVIEWED)
    dropped = path.day_of(S.DROPPED)
    enrolment = Enrolment(
        project=project,
        organization=firm,
        status=status,
        applied_on=steps[0][1],
        score_market=rng.randint(1, 5),
        score_customers=rng.randint(1, 5),
        score_situation=rng.randint(1, 5),
        eligible=True,
        interview_at=moment(interviewed, rng) if interviewed else None,
        interviewed_on=interviewed,
        decided_on=accepted or path.day_of(S.REJECTED),
        coaching_hours_allotted=project.coaching_hours_default,
        completed_on=path.day_of(S.COMPLETED),
        dropped_on=dropped,
        dropout_phase=(
            (DropoutPhase.INTAKE if not accepted else rng.choice(LATER_PHASES)) if dropped else ""
        ),
        dropout_reason=rng.choice(DropoutReason.values) if dropped else "",
    )
    if accepted:
        cohorts = ctx.cohorts[project.pk]
        enrolment.cohort = cohorts[min(len(cohorts) - 1, (accepted - FIRST_DAY).days // 182)]
        enrolment.commitment = rng.choice(Commitment.values)
    return enrolment


def _assign_coaches(ctx: Context, paths: list[Path]) -> None:
    bench_coach, load = ctx.users["coach"], 0
    for path in paths:
        if not path.accepted_on:
            continue
        coaches = ctx.project_coaches[path.project.pk]
        others = [c for c in coaches if c != bench_coach] or coaches
        if bench_coach in coaches and load < BENCH_COACH_FIRMS and ctx.rng.random() < 0.5:
            path.enrolment.coach, load = bench_coach, load + 1
        else:
            path.enrolment.coach = ctx.rng.choice(others)


def _enrolments(ctx: Context, firms: list[Organization], projects: list[Project]) -> list[Path]:
    rng = ctx.rng
    weights = [PROJECT_WEIGHTS[n] for n in range(1, len(projects) + 1)]
    paths = []
    for firm in firms:
        chosen: set[int] = set()
        for _ in range(weighted(rng, ENROLMENTS_PER_FIRM)):
            chosen.add(rng.choices(range(len(projects)), weights=weights)[0])
        for index in sorted(chosen):
            project = projects[index]
            steps = _path_steps(ctx, project)
            paths.append(Path(_enrolment(ctx, project, firm, steps), project, steps))
    _assign_coaches(ctx, paths)
    ctx.insert(Enrolment, [path.enrolment for path in paths], history=True)
    manager = ctx.users["manager"]
    changes = []
    for path in paths:
        previous = ""
        for status, day in path.steps:
            changes.append(
                EnrolmentStatusChange(
                    enrolment=path.enrolment,
                    from_status=previous,
                    to_status=status,
                    on=day,
                    at=moment(day, rng),
                    actor=manager,
                )
            )
            previous = status
    ctx.insert(EnrolmentStatusChange, changes, leaf=True)
    return paths


def _representative(ctx: Context, paths: list[Path]) -> None:
    """The firm user acts for an active firm of the largest project (any of its firms in a
    tiny world that has no active one)."""
    largest = [p for p in paths if p.project.slug == world.LARGEST_PROJECT_SLUG] or paths
    path = next((p for p in largest if p.status == S.ACTIVE), largest[0])
    Representative.objects.create(organization=path.enrolment.organization, user=ctx.users["firm"])


def build_firms(ctx: Context, cluster, projects: list[Project]) -> list[Path]:
    firms = ctx.insert(
        Organization,
        [_organization(ctx, cluster, n) for n in range(1, ctx.sizes.firms + 1)],
        history=True,
    )
    _memberships(ctx, firms)
    paths = _enrolments(ctx, firms, projects)
    _representative(ctx, paths)
    ctx.say(f"  firms: {len(firms)} firms, {len(paths)} enrolments")
    return paths

"""The frame of the bench world: users, funders, the cluster and its roles, the two programmes
with their indicator catalogue and targets (through the programme services), the 20 projects
with fundings, partners, coaches, cohorts, timbank pool, trip caps and a completion rule, the
research organisations and the timbank's consultants."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from accounts.models import User
from clusters.models import Cluster, ClusterRole, Funder, FunderUser, StaffRole
from clusters.services import (
    programme_indicator_define,
    programme_indicator_set_targets,
    programme_save,
)
from config.bench import world
from config.bench.generate.common import MARKETS, REGIONS, Context
from internationalization.choices import ConsultantService
from internationalization.models import Consultant, TimbankPool, TripCountryCap
from members.choices import Helix, OrganizationType
from members.models import Organization
from projects.choices import PartnerRole, ProjectStatus, RequiredActivity
from projects.models import (
    Cohort,
    CompletionRule,
    PartnerCoach,
    Project,
    ProjectFunding,
    ProjectPartner,
)

#: Which programme funds which project (share in %): BENCH-A most, BENCH-B some, two shared.
ONLY_B = {14, 15, 16, 17}
SHARED = {18, 19}
#: Relative size of each project (enrolments): bench-01 the largest, bench-20 small.
PROJECT_WEIGHTS = {1: 17.0, 20: 1.5, **{n: 6.5 - n * 0.22 for n in range(2, 20)}}
COACHING_RULE_HOURS = Decimal("4.00")
SCHOOLS = ("Bench University", "Bench Institute of Technology", "Bench Research Institute")


def _users(ctx: Context) -> None:
    password = make_password(world.PASSWORD)
    emails = {
        "manager": world.MANAGER_EMAIL,
        "viewer": world.VIEWER_EMAIL,
        "coach": world.COACH_EMAIL,
        "firm": world.FIRM_EMAIL,
        "funder": world.FUNDER_EMAIL,
    }
    for n in range(2, ctx.sizes.coaches + 1):
        emails[f"coach{n}"] = f"coach{n}@bench.example"
    rows = [
        User(email=email, full_name=f"Bench {key.title()}", password=password)
        for key, email in emails.items()
    ]
    ctx.users = {key: user for key, user in zip(emails, ctx.insert(User, rows), strict=True)}
    ctx.coaches = [user for key, user in ctx.users.items() if key.startswith("coach")]


def _cluster(ctx: Context) -> Cluster:
    cluster = Cluster(
        name="Bench cluster",
        slug=world.CLUSTER_SLUG,
        country="SE",
        region="Stockholm",
        city="Stockholm",
        sectors="ICT, export",
        founded=2010,
    )
    cluster.full_clean()
    cluster.save()
    roles = [ClusterRole(cluster=cluster, user=ctx.users["manager"], role=StaffRole.MANAGER)]
    roles.append(ClusterRole(cluster=cluster, user=ctx.users["viewer"], role=StaffRole.VIEWER))
    roles += [
        ClusterRole(cluster=cluster, user=coach, role=StaffRole.COACH) for coach in ctx.coaches
    ]
    ctx.insert(ClusterRole, roles)
    return cluster


def _targets(years: tuple[int, int], achieved: int) -> dict[int, tuple[int | None, int | None]]:
    """A milestone halfway and a target at the end, in proportion to the firms."""
    return {years[0]: (max(1, achieved // 2), None), years[1]: (None, max(2, achieved))}


def _programmes(ctx: Context, cluster: Cluster) -> dict:
    funders = [
        Funder.objects.create(name="Bench Regional Fund", kind="eu_fund", country="SE"),
        Funder.objects.create(name="Bench Growth Agency", kind="national_agency", country="SE"),
    ]
    FunderUser.objects.create(funder=funders[0], user=ctx.users["funder"])
    programmes = {}
    for code, funder, budget in zip(world.PROGRAMME_CODES, funders, (80, 30), strict=True):
        programmes[code] = programme_save(
            cluster=cluster,
            data={
                "funder": funder,
                "name": f"Bench programme {code[-1]}",
                "code": code,
                "budget": Decimal(budget * 1_000_000),
                "currency": "EUR",
                "start": date(2021, 1, 1),
                "end": date(2029, 12, 31),
                "cofinancing_rate": Decimal("60.00"),
                "hourly_value": Decimal("95.00"),
                "period": "2021-2027",
                "min_support_hours": Decimal("5.00"),
            },
        )
    programme_indicator_define(
        programme=programmes[world.PROGRAMME_CODES[1]],
        data={
            "code": "BB01",
            "name": "Firms that entered a new export market",
            "unit": "enterprises",
            "counting_rule": "firms_with_outcome",
            "outcome_kind": "market_entered",
        },
    )
    share = {world.PROGRAMME_CODES[0]: 0.7, world.PROGRAMME_CODES[1]: 0.3}
    for code, programme in programmes.items():
        for use in programme.indicators.select_related("indicator"):
            expected = int(
                ctx.sizes.firms * share[code] * (0.9 if use.indicator.code.endswith("01") else 0.2)
            )
            programme_indicator_set_targets(
                programme_indicator=use, baseline=0, targets=_targets((2024, 2029), expected)
            )
    return programmes


def _projects(ctx: Context, cluster: Cluster, programmes: dict) -> list[Project]:
    regions = list(REGIONS)
    rows = []
    for n in range(1, world.PROJECT_COUNT + 1):
        start = date(2024, 1, 1) + timedelta(days=(n % 3) * 14)
        served = [regions[(n + k) % len(regions)] for k in range(3 if n > 1 else 8)]
        rows.append(
            Project(
                cluster=cluster,
                name=f"Bench project {n:02d}",
                slug=world.project_slug(n),
                description="A generated project of the bench.",
                status=ProjectStatus.RUNNING,
                start=start,
                end=date(2027, 6, 30),
                enrolment_start=start,
                enrolment_end=date(2026, 9, 30),
                regions=served,
                budget=Decimal(500_000 + 40_000 * (20 - n)),
                target_firms=max(5, int(ctx.sizes.firms * PROJECT_WEIGHTS[n] / 80)),
                target_completed=max(2, int(ctx.sizes.firms * PROJECT_WEIGHTS[n] / 250)),
                coaching_hours_default=Decimal("40.00"),
            )
        )
    projects = ctx.insert(Project, rows, history=True)
    a, b = (programmes[code] for code in world.PROGRAMME_CODES)
    fundings = []
    for n, project in enumerate(projects, start=1):
        if n in SHARED:
            fundings += [
                ProjectFunding(project=project, programme=a, share=Decimal("50.00")),
                ProjectFunding(project=project, programme=b, share=Decimal("50.00")),
            ]
        else:
            fundings.append(
                ProjectFunding(
                    project=project, programme=b if n in ONLY_B else a, share=Decimal(100)
                )
            )
    ctx.insert(ProjectFunding, fundings, history=True)
    return projects


def _project_frame(ctx: Context, cluster: Cluster, projects: list[Project]) -> None:
    """Partners and their coaches, cohorts, pools, caps and the completion rule of each."""
    partner_org = Organization(
        cluster=cluster,
        legal_name="Bench Coaching AB",
        registry_id="BENCH-PARTNER",
        region="Stockholm",
    )
    partner_org.save()
    partners = ctx.insert(
        ProjectPartner,
        [
            ProjectPartner(project=p, organization=partner_org, role=PartnerRole.OPERATIONAL)
            for p in projects
        ],
    )
    coaches = []
    for index, partner in enumerate(partners):
        # The bench coach works for bench-01 only; the other coaches share the projects.
        mine = [ctx.coaches[0]] if index == 0 else []
        mine += ctx.coaches[1 + index % (len(ctx.coaches) - 1) :: 7] if len(ctx.coaches) > 1 else []
        coaches += [
            PartnerCoach(partner=partner, coach=c, regions=partner.project.regions) for c in mine
        ]
    ctx.insert(PartnerCoach, coaches)
    ctx.project_coaches = {}
    for row in coaches:
        ctx.project_coaches.setdefault(row.partner.project_id, []).append(row.coach)
    names = ("Spring 2024", "Autumn 2024", "Spring 2025", "Autumn 2025", "Spring 2026")
    cohorts = ctx.insert(
        Cohort, [Cohort(project=p, name=f"{name}") for p in projects for name in names]
    )
    ctx.cohorts = {}
    for cohort in cohorts:
        ctx.cohorts.setdefault(cohort.project_id, []).append(cohort)
    ctx.insert(
        TimbankPool,
        [TimbankPool(project=p, hours_total=0, hourly_value=Decimal("90.00")) for p in projects],
        history=True,
    )
    ctx.insert(
        TripCountryCap,
        [
            TripCountryCap(project=p, country=c, cap=cap)
            for p in projects
            for c, (cap, _) in MARKETS.items()
        ],
        history=True,
    )
    ctx.insert(
        CompletionRule,
        [
            CompletionRule(
                project=p, activity=RequiredActivity.COACHING, minimum=COACHING_RULE_HOURS
            )
            for p in projects
        ],
        history=True,
    )


def _research_and_consultants(ctx: Context, cluster: Cluster) -> None:
    schools = [
        Organization(
            cluster=cluster,
            legal_name=name,
            registry_id=f"BENCH-R{n}",
            helix=Helix.ACADEMIA,
            org_type=OrganizationType.UNIVERSITY if n < 2 else OrganizationType.RESEARCH_INSTITUTE,
            region=list(REGIONS)[n],
        )
        for n, name in enumerate(SCHOOLS)
    ]
    ctx.schools = ctx.insert(Organization, schools, history=True)
    services = list(ConsultantService.values)
    rows = [
        Consultant(
            cluster=cluster,
            name=f"Bench consultant {n:03d}",
            services=sorted({services[n % len(services)], services[(n * 3 + 1) % len(services)]}),
            email=f"consultant{n}@bench.example",
        )
        for n in range(ctx.sizes.consultants)
    ]
    ctx.consultants = {}
    for consultant in ctx.insert(Consultant, rows, history=True):
        for service in consultant.services:
            ctx.consultants.setdefault(service, []).append(consultant)


def build_frame(ctx: Context) -> tuple[Cluster, list[Project]]:
    _users(ctx)
    cluster = _cluster(ctx)
    programmes = _programmes(ctx, cluster)
    projects = _projects(ctx, cluster, programmes)
    _project_frame(ctx, cluster, projects)
    _research_and_consultants(ctx, cluster)
    ctx.say(f"  frame: {len(projects)} projects, {len(ctx.coaches)} coaches")
    return cluster, projects

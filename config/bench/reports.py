"""Reports at the run's scale: each kind for the largest project, a small one and the
programme, timed side by side against its SQL floor and pandas (``config.bench.floors``), and
the peak memory of each report task.

The figures of the app, the floor and pandas must agree (floats compared to 2 places): the
bench fails with a ``CommandError`` when they do not.

Budget (scale 10): every report at most 1.5 × its SQL floor, at most 1 s, faster than pandas;
a report task's peak memory under 200 MB.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from functools import partial

from django.core.management.base import CommandError

from clusters.models import Programme
from config.bench import world
from config.bench.context import BenchContext
from config.bench.results import Section
from config.bench.timing import count_queries, peak_rss_of_module, side_by_side
from projects.models import Project
from reports.models import ReportRun
from reports.selectors.figures import projects_of_programme
from reports.services import report_body

FLOORS = {
    "participation": "config.bench.floors.participation",
    "outcomes": "config.bench.floors.outcomes",
    "indicators": "config.bench.floors.indicators",
}
MAX_FLOOR_RATIO = 1.5
MAX_MS = 1000.0
MAX_PEAK_MB = 200.0


@dataclass
class Scope:
    """What a report is asked for: a project or a programme, and the projects it covers."""

    label: str  # e.g. "project bench-01"
    project: Project | None
    programme: Programme | None
    project_ids: list[int]

    @property
    def programme_id(self) -> int | None:
        return self.programme.pk if self.programme else None


def scopes(
    project_slugs: tuple[str, ...] = (world.LARGEST_PROJECT_SLUG, world.SMALL_PROJECT_SLUG),
    programme_code: str = world.PROGRAMME_CODE,
) -> list[Scope]:
    """The largest project, the small project and the programme of the bench world."""
    found = [
        Scope(f"project {project.slug}", project, None, [project.pk])
        for project in (Project.objects.get(slug=slug) for slug in project_slugs)
    ]
    programme = Programme.objects.get(code=programme_code)
    ids = sorted(projects_of_programme(programme).values_list("pk", flat=True))
    return [*found, Scope(f"programme {programme.code}", None, programme, ids)]


def normalised(value):
    """Floats rounded to 2 places, everything else as it is, all the way down."""
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, dict):
        return {key: normalised(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [normalised(item) for item in value]
    return value


def differing_keys(expected: dict, other: dict) -> list[str]:
    """The top-level keys whose normalised values differ (missing keys included), sorted."""
    expected, other = normalised(expected), normalised(other)
    return sorted(key for key in {*expected, *other} if expected.get(key) != other.get(key))


def agreement_check(kind: str, scope: str, app: dict, floors: dict[str, dict]) -> None:
    """Raise ``CommandError`` naming the first differing keys when a floor disagrees."""
    for name, figures in floors.items():
        if keys := differing_keys(app, figures):
            raise CommandError(
                f"The {kind} report of {scope} and its {name} floor disagree on: "
                f"{', '.join(keys[:5])} (app {normalised(app.get(keys[0]))!r}, "
                f"{name} {normalised(figures.get(keys[0]))!r})."
            )


def available_kinds(section: Section) -> dict[str, str]:
    """The floor module of each kind that has one; a kind without one yet is skipped with a
    note."""
    kinds = {}
    for kind, path in FLOORS.items():
        if importlib.util.find_spec(path) is None:
            section.notes.append(f"{kind}: no floor yet ({path}), not measured.")
            continue
        kinds[kind] = path
    return kinds


def _app(kind: str, scope: Scope) -> dict:
    return report_body(
        kind=kind, project=scope.project, programme=scope.programme, as_of=world.AS_OF
    )


def _measure(ctx: BenchContext, section: Section, kind: str, floor, scope: Scope) -> None:
    args = (scope.project_ids, world.AS_OF, scope.programme_id)
    contenders = {
        "app": partial(_app, kind, scope),
        "sql": partial(floor.sql, *args),
        "pandas": partial(floor.pandas, *args),
    }
    queries, body = count_queries(contenders["app"])
    agreement_check(
        kind, scope.label, body["figures"], {"SQL": floor.sql(*args), "pandas": floor.pandas(*args)}
    )
    timings = side_by_side(contenders, runs=ctx.runs, warmups=ctx.warmups)
    app, sql, pandas = (timings[name].median_ms for name in ("app", "sql", "pandas"))
    section.rows.append(
        {
            "kind": kind,
            "scope": scope.label,
            "ms app": app,
            "ms SQL": sql,
            "ms pandas": pandas,
            "× floor": app / sql,
            "× pandas": app / pandas,
            "queries (app)": queries,
        }
    )
    section.details.setdefault("runs_ms", {})[f"{kind}, {scope.label}"] = {
        name: timing.as_dict() for name, timing in timings.items()
    }
    subject = f"{kind}, {scope.label} at scale {ctx.scale}"
    section.check(
        f"at most {MAX_FLOOR_RATIO} × its SQL floor",
        subject,
        f"{app / sql:.2f} ×",
        app <= MAX_FLOOR_RATIO * sql,
    )
    section.check(f"at most {MAX_MS / 1000:.0f} s", subject, f"{app:.0f} ms", app <= MAX_MS)
    section.check("faster than pandas", subject, f"{app / pandas:.2f} ×", app < pandas)


def _task_memory(ctx: BenchContext, section: Section, kind: str, scope: Scope) -> None:
    """Peak memory of a worker computing a fresh run (the run is deleted afterwards, so the
    bench database stays as generated)."""
    run = ReportRun.objects.create(
        kind=kind,
        project=scope.project,
        programme=scope.programme,
        requested_by=None,
        parameters={"as_of": world.AS_OF.isoformat()},
    )
    try:
        memory = peak_rss_of_module(
            "config.bench.task_memory",
            str(run.pk),
            env={"DATABASE_URL": ctx.database_url(ctx.scale)},
        )
    finally:
        ReportRun.objects.filter(pk=run.pk).delete()
    section.rows.append(
        {
            "kind": kind,
            "scope": scope.label,
            "MB at start": memory.start_mb,
            "MB peak": memory.peak_mb,
        }
    )
    section.check(
        f"a report task's peak memory under {MAX_PEAK_MB:.0f} MB",
        f"{kind}, {scope.label} at scale {ctx.scale}",
        f"{memory.peak_mb:.0f} MB",
        memory.peak_mb < MAX_PEAK_MB,
    )


def run(ctx: BenchContext, subjects: list[Scope] | None = None) -> list[Section]:
    ctx.use(ctx.scale)
    timing = Section(
        key="reports",
        title=f"Reports at scale {ctx.scale}: the app against its SQL floor and pandas "
        f"(median of {ctx.runs}, side by side)",
        columns=[
            "kind",
            "scope",
            "ms app",
            "ms SQL",
            "ms pandas",
            "× floor",
            "× pandas",
            "queries (app)",
        ],
    )
    memory = Section(
        key="report_memory",
        title=f"Report tasks at scale {ctx.scale}: peak memory of a fresh worker "
        "process computing one run",
        columns=["kind", "scope", "MB at start", "MB peak"],
    )
    kinds = available_kinds(timing)
    subjects = subjects if subjects is not None else scopes()
    for kind in kinds:
        for scope in subjects:
            ctx.say(f"reports: memory of {kind}, {scope.label}")
            _task_memory(ctx, memory, kind, scope)
    for kind, path in kinds.items():
        floor = importlib.import_module(path)
        for scope in subjects:
            ctx.say(f"reports: {kind}, {scope.label}")
            _measure(ctx, timing, kind, floor, scope)
    return [timing, memory]

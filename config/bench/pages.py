"""Pages and API lists at scale 1 and at the run's scale: server time (the whole Django stack,
middleware included, in-process) and query count.

Budget (scale 10): at most 150 ms and 20 queries, the same count at both scales, and at most
1.5 × the time at scale 1.
"""

from __future__ import annotations

from django.test import Client
from django.test.utils import override_settings

from accounts.models import User
from config.bench import world
from config.bench.context import BenchContext
from config.bench.results import Section
from config.bench.timing import count_queries, median_of

MAX_MS = 150.0
MAX_QUERIES = 20
MAX_GROWTH = 1.5

# (who, label, path); ``{project}`` and ``{programme}`` are filled in per database.
ROUTES = [
    (world.MANAGER_EMAIL, "dashboard", "/"),
    (world.MANAGER_EMAIL, "cluster list", "/clusters/"),
    (world.MANAGER_EMAIL, "cluster page", f"/clusters/{world.CLUSTER_SLUG}/"),
    (world.MANAGER_EMAIL, "overview", "/overview/"),
    (world.MANAGER_EMAIL, "member directory", "/members/"),
    (world.MANAGER_EMAIL, "project page", f"/projects/{world.LARGEST_PROJECT_SLUG}/"),
    (world.MANAGER_EMAIL, "enrolment list", f"/projects/{world.LARGEST_PROJECT_SLUG}/enrolments/"),
    (world.MANAGER_EMAIL, "timbank queue", "/activities/timbank/"),
    (world.COACH_EMAIL, "coach page", "/activities/coach/"),
    (world.FIRM_EMAIL, "firm portal", "/activities/portal/"),
    (
        world.MANAGER_EMAIL,
        "reports page",
        f"/overview/reports/projects/{world.LARGEST_PROJECT_SLUG}/",
    ),
    (world.MANAGER_EMAIL, "API clusters", "/api/v1/clusters/"),
    (world.MANAGER_EMAIL, "API members", "/api/v1/organizations/"),
    (world.MANAGER_EMAIL, "API projects", "/api/v1/projects/"),
    (world.MANAGER_EMAIL, "API enrolments", "/api/v1/enrolments/"),
    (world.MANAGER_EMAIL, "API timbank requests", "/api/v1/timbank-requests/"),
    (world.MANAGER_EMAIL, "API coaching sessions", "/api/v1/coaching-sessions/"),
    (world.MANAGER_EMAIL, "API outcomes", "/api/v1/outcomes/"),
    (world.FUNDER_EMAIL, "API report runs", "/api/v1/report-runs/"),
    (world.FUNDER_EMAIL, "API me", "/api/v1/me/"),
    ("", "healthz", "/healthz"),
]


def _measure(ctx: BenchContext, scale: int) -> dict[str, dict]:
    ctx.use(scale)
    figures = {}
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for email, label, path in ROUTES:
            client = Client()
            if email:
                client.force_login(User.objects.get(email=email))

            def get(client=client, path=path):
                response = client.get(path)
                if response.status_code != 200:
                    raise RuntimeError(f"{path} answered {response.status_code} at scale {scale}")
                return response

            timing = median_of(get, runs=ctx.runs, warmups=ctx.warmups)
            queries, _ = count_queries(get)
            # The same with the read cache off: what a read costs right after any write.
            with override_settings(API_CACHE_SECONDS=0, FIGURES_CACHE_SECONDS=0):
                cold = median_of(get, runs=ctx.runs, warmups=ctx.warmups)
                cold_queries, _ = count_queries(get)
            figures[label] = {
                "path": path,
                "ms": timing.median_ms,
                "queries": queries,
                "runs_ms": timing.as_dict()["runs_ms"],
                "uncached ms": cold.median_ms,
                "uncached queries": cold_queries,
            }
    return figures


def run(ctx: BenchContext) -> list[Section]:
    scales = sorted({1, ctx.scale})
    measured = {scale: _measure(ctx, scale) for scale in scales}
    top, base = measured[ctx.scale], measured[1]
    section = Section(
        key="pages",
        title=f"Pages and API lists: server time (median of {ctx.runs}) and queries",
        columns=[
            "route",
            "path",
            "ms @1",
            "queries @1",
            f"ms @{ctx.scale}",
            f"queries @{ctx.scale}",
            "growth ×",
            f"uncached ms @{ctx.scale}",
            f"uncached queries @{ctx.scale}",
        ],
        details={
            "runs_ms": {
                str(scale): {label: f["runs_ms"] for label, f in figures.items()}
                for scale, figures in measured.items()
            }
        },
    )
    slow_cold = [label for _, label, _ in ROUTES if top[label]["uncached ms"] > MAX_MS]
    section.notes.append(
        "Server time is measured as users meet it: API reads and the home page's sums come from "
        "the read cache until any data changes (clusters/read_cache.py). The uncached columns "
        "turn it off: what the first read after a write costs. "
        + (
            f"Uncached, over {MAX_MS:.0f} ms: {', '.join(slow_cold)}."
            if slow_cold
            else f"Uncached, every route stays within {MAX_MS:.0f} ms too."
        )
    )
    for _, label, path in ROUTES:
        growth = top[label]["ms"] / base[label]["ms"] if base[label]["ms"] else 0.0
        section.rows.append(
            {
                "route": label,
                "path": path,
                "ms @1": base[label]["ms"],
                "queries @1": base[label]["queries"],
                f"ms @{ctx.scale}": top[label]["ms"],
                f"queries @{ctx.scale}": top[label]["queries"],
                "growth ×": growth,
                f"uncached ms @{ctx.scale}": top[label]["uncached ms"],
                f"uncached queries @{ctx.scale}": top[label]["uncached queries"],
            }
        )
        subject = f"{label} at scale {ctx.scale}"
        section.check(
            f"at most {MAX_MS:.0f} ms server time",
            subject,
            f"{top[label]['ms']:.1f} ms",
            top[label]["ms"] <= MAX_MS,
        )
        section.check(
            f"at most {MAX_QUERIES} queries",
            subject,
            f"{top[label]['queries']}",
            top[label]["queries"] <= MAX_QUERIES,
        )
        if ctx.scale != 1:
            section.check(
                "the same query count at scale 1 and 10",
                label,
                f"{base[label]['queries']} → {top[label]['queries']}",
                base[label]["queries"] == top[label]["queries"],
            )
            section.check(
                f"at most {MAX_GROWTH} × its time at scale 1",
                label,
                f"{growth:.2f} ×",
                growth <= MAX_GROWTH,
            )
    return [section]

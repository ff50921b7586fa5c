"""``python manage.py bench --scale S``: generate the bench data and measure (issue 12).

Figures are printed and written to BENCHMARKS.md and bench-results.json; nothing is asserted
here except that the report figures agree with their SQL floor and pandas (the reports
section raises when they do not).
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import django
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from config.bench import database
from config.bench.context import BenchContext
from config.bench.results import Section, budget_summary, markdown

SECTIONS = {
    "reports": "config.bench.reports",
    "pages": "config.bench.pages",
    "throughput": "config.bench.throughput",
    "files": "config.bench.files",
}


class Command(BaseCommand):
    help = (
        "Generate the bench data (scale 1: 1,000 firms, ~100,000 activity rows) in a database of "
        "its own and measure reports, pages, API throughput, the import and the export."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="1 (default) or more")
        parser.add_argument("--runs", type=int, default=5, help="measured runs per figure")
        parser.add_argument("--only", default="", help=f"comma-separated: {', '.join(SECTIONS)}")
        parser.add_argument(
            "--fresh", action="store_true", help="drop and regenerate the bench databases"
        )
        parser.add_argument(
            "--output-dir",
            default=str(settings.BASE_DIR),
            help="where BENCHMARKS.md and bench-results.json are written",
        )

    def handle(
        self, *args, scale: int, runs: int, only: str, fresh: bool, output_dir: str, **options
    ):
        if scale < 1:
            raise CommandError("--scale is 1 or more.")
        if connection.vendor != "postgresql":
            # The report floors are PostgreSQL statements, and the budget is PostgreSQL's.
            raise CommandError(
                "The bench measures PostgreSQL: set DATABASE_URL, e.g. "
                "DATABASE_URL=postgres://postgres@127.0.0.1:5432/clusterdesk make bench"
            )
        wanted = frozenset(filter(None, (key.strip() for key in only.split(","))))
        if unknown := wanted - SECTIONS.keys():
            raise CommandError(f"Unknown sections: {', '.join(sorted(unknown))}.")
        from config.bench.generate import ensure_generated

        started = time.perf_counter()
        scales = sorted({1, scale})
        generated = {}
        for each in scales:
            if fresh:
                database.drop_bench_database(each)
            name = database.use_bench_database(each)
            self.say(f"scale {each}: database {name}")
            generated[each] = ensure_generated(each, say=self.say)
            database.analyze()
        ctx = BenchContext(
            scale=scale,
            runs=runs,
            warmups=1,
            databases={each: database.bench_database_name(each) for each in scales},
            use=self.use,
            database_url=database.database_url,
            say=self.say,
            only=wanted,
        )
        sections: list[Section] = []
        for key, module in SECTIONS.items():
            if wanted and key not in wanted:
                continue
            self.say(f"measuring: {key}")
            sections += importlib.import_module(module).run(ctx)
        self.use(scale)
        meta = self.meta(scale, runs, generated, time.perf_counter() - started)
        for section in sections:
            self.stdout.write(f"\n{section.title}")
            for line in section.table():
                self.stdout.write(line)
        met, total = budget_summary(sections)
        for section in sections:
            for check in section.checks:
                if not check.met:
                    self.stdout.write(f"missed: {check.subject}: {check.line} ({check.figure})")
        self.stdout.write(f"\nBudget: {met} of {total} lines met.")
        out = Path(output_dir)
        (out / "BENCHMARKS.md").write_text(markdown(meta, sections), encoding="utf-8")
        (out / "bench-results.json").write_text(
            json.dumps(
                {"meta": meta, "sections": {s.key: s.as_dict() for s in sections}},
                indent=2,
                sort_keys=True,
                default=str,
            )
            + "\n",
            encoding="utf-8",
        )
        self.stdout.write(f"Wrote {out / 'BENCHMARKS.md'} and {out / 'bench-results.json'}.")

    def say(self, text: str) -> None:
        self.stderr.write(text)

    def use(self, scale: int) -> None:
        database.use_bench_database(scale)

    def meta(self, scale: int, runs: int, generated: dict, seconds: float) -> dict:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT version()"
                if connection.vendor == "postgresql"
                else "SELECT sqlite_version()"
            )
            server = cursor.fetchone()[0]
        return {
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "commit": _git("rev-parse", "--short", "HEAD"),
            "scale": scale,
            "runs per figure": f"{runs} measured after 1 warm-up",
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, {_cpu_model()}, "
            f"{_memory_gib()} GiB",
            "database": server.split(" on ")[0] if server else connection.vendor,
            "software": f"Python {platform.python_version()}, Django {django.get_version()}",
            "data": "; ".join(
                f"scale {each}: {summary['members.Organization']:,} firms, "
                f"{summary['activity rows']:,} activity rows"
                for each, summary in generated.items()
            )
            + " (rows per table in bench-results.json)",
            "rows per table": generated,
            "bench took": f"{seconds:.0f} s",
        }


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], capture_output=True, text=True, cwd=settings.BASE_DIR, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f}"
    except OSError:
        pass
    return "?"

"""The files: the project import (rows per second for a 100,000-row workbook) and the member
export of 10,000 and 100,000 rows (total time, time to the first byte, peak memory).

Budget: the import reads at least 5,000 rows/s; the member export of 100,000 rows streams,
starts answering within 1 s and stays under 150 MB.

The import runs through ``import_project`` as the upload page calls it (the workbook read
from its bytes, every row validated and written through the services), as a dry run: rolled
back at the end, so every run meets the database as generated. The export runs through the
real view with the Django test client as the export clusters' manager, its streamed body
read to the end.
"""

from __future__ import annotations

import time

from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from config.bench import files_data as data
from config.bench.context import BenchContext
from config.bench.results import Section
from config.bench.timing import peak_rss_of_module
from internationalization.imports.orchestrator import import_project, read_xlsx

MIN_ROWS_PER_SECOND = 5_000
MAX_FIRST_BYTE_S = 1.0
MAX_EXPORT_MB = 150.0
#: The import runs until this many seconds have been spent measuring it (at least once).
IMPORT_SECONDS = 180.0
FORMATS = ("csv", "xlsx")


def run(ctx: BenchContext) -> list[Section]:
    ctx.use(ctx.scale)
    return [_import_section(ctx), _export_section(ctx)]


# The import ----------------------------------------------------------------------------------


def _import_once(content: bytes, cluster, manager) -> tuple[float, object]:
    start = time.perf_counter()
    report = import_project(
        workbook=read_xlsx(content, "bench-import.xlsx"),
        actor=manager,
        cluster=cluster,
        dry_run=True,
    )
    return time.perf_counter() - start, report


def _import_section(ctx: BenchContext) -> Section:
    cluster, manager, registry_ids, coach = data.import_subjects()
    content = data.workbook_bytes(data.import_sheets(cluster, registry_ids, coach))
    ctx.say(f"files: import of {data.IMPORT_ROWS:,} rows ({len(content) / 2**20:.1f} MB)")
    seconds: list[float] = []
    while not seconds or (len(seconds) < ctx.runs and sum(seconds) < IMPORT_SECONDS):
        elapsed, report = _import_once(content, cluster, manager)
        if report.errors:
            shown = "; ".join(str(error) for error in report.errors[:5])
            raise RuntimeError(f"the bench import was refused ({len(report.errors)}): {shown}")
        seconds.append(elapsed)
        ctx.say(f"files: import run {len(seconds)}: {elapsed:.1f} s")
    seconds.sort()
    median = seconds[len(seconds) // 2]
    rate = data.IMPORT_ROWS / median
    section = Section(
        key="files-import",
        title=f"Project import of {data.IMPORT_ROWS:,} rows (median of {len(seconds)})",
        columns=["workbook", "MB", "runs", "seconds", "rows/s"],
        rows=[
            {
                "workbook": f"1 project, {len(registry_ids):,} participants, "
                f"{data.IMPORT_ROWS - 1 - len(registry_ids):,} coaching sessions",
                "MB": len(content) / 2**20,
                "runs": len(seconds),
                "seconds": median,
                "rows/s": rate,
            }
        ],
        details={"runs_s": [round(s, 2) for s in seconds]},
    )
    if len(seconds) < ctx.runs:
        section.notes.append(
            f"The import ran {len(seconds)} times instead of {ctx.runs}: each run takes "
            f"{median:.0f} s, and the bench spends at most {IMPORT_SECONDS:.0f} s on it."
        )
    section.notes.append(
        "Each run is a dry run of the upload page's import (read, validate, write through "
        "the services, then roll back), so every run meets the database as generated."
    )
    section.check(
        f"the import reads at least {MIN_ROWS_PER_SECOND:,} rows/s",
        f"{data.IMPORT_ROWS:,}-row workbook",
        f"{rate:,.0f} rows/s",
        rate >= MIN_ROWS_PER_SECOND,
    )
    return section


# The export ----------------------------------------------------------------------------------


def _download(client: Client, url: str) -> tuple[float, float, int, bool]:
    """Seconds to the first byte and to the last, the size, and whether it streamed."""
    start = time.perf_counter()
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    if not response.streaming:
        first = time.perf_counter() - start
        return first, first, len(response.content), False
    chunks = iter(response.streaming_content)
    size = len(next(chunks, b""))
    first = time.perf_counter() - start
    size += sum(len(chunk) for chunk in chunks)
    response.close()
    return first, time.perf_counter() - start, size, True


def _measure_export(ctx: BenchContext, client: Client, url: str, who: tuple[str, str, str]) -> dict:
    for _warmup in range(ctx.warmups):
        _download(client, url)
    runs = [_download(client, url) for _run in range(ctx.runs)]
    memory = peak_rss_of_module(
        "config.bench.export_memory", *who, env={"DATABASE_URL": ctx.database_url(ctx.scale)}
    )
    firsts = sorted(r[0] for r in runs)
    totals = sorted(r[1] for r in runs)
    return {
        "first byte s": firsts[len(firsts) // 2],
        "total s": totals[len(totals) // 2],
        "MB sent": runs[0][2] / 2**20,
        "streams": "yes" if runs[0][3] else "no",
        "peak MB": memory.peak_mb,
        "grew MB": memory.peak_mb - memory.start_mb,
        "runs": {"first_s": firsts, "total_s": totals, "memory": memory.as_dict()},
    }


def _export_section(ctx: BenchContext) -> Section:
    manager = data.ensure_export_clusters(ctx.say)
    section = Section(
        key="files-export",
        title=f"Member export through the view (median of {ctx.runs})",
        columns=[
            "rows",
            "format",
            "total s",
            "first byte s",
            "MB sent",
            "streams",
            "peak MB",
            "grew MB",
        ],
        notes=[
            "peak MB is the resident memory of a fresh process (Python, Django and the app "
            "included) that downloads the export through the view, as a web worker serves it; "
            "grew MB is what the download added. The budget holds the peak under 150 MB."
        ],
    )
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for size, count in data.EXPORT_SIZES.items():
            client = Client()
            client.force_login(manager)
            client.post(reverse("clusters:switch"), {"cluster": data.export_slug(size)})
            for file_format in FORMATS:
                ctx.say(f"files: export of {count:,} rows as {file_format}")
                url = reverse("members:directory-export", args=[file_format])
                who = (manager.email, data.export_slug(size), file_format)
                figures = _measure_export(ctx, client, url, who)
                section.details[f"{size} {file_format}"] = figures.pop("runs")
                section.rows.append({"rows": count, "format": file_format, **figures})
                if count == max(data.EXPORT_SIZES.values()):
                    _export_checks(section, f"{count:,} rows as {file_format}", figures)
    return section


def _export_checks(section: Section, subject: str, figures: dict) -> None:
    section.check(
        "member export of 100,000 rows streams",
        subject,
        figures["streams"],
        figures["streams"] == "yes",
    )
    section.check(
        f"starts answering within {MAX_FIRST_BYTE_S:.0f} s",
        subject,
        f"{figures['first byte s']:.2f} s",
        figures["first byte s"] <= MAX_FIRST_BYTE_S,
    )
    section.check(
        f"stays under {MAX_EXPORT_MB:.0f} MB",
        subject,
        f"{figures['peak MB']:.0f} MB",
        figures["peak MB"] < MAX_EXPORT_MB,
    )

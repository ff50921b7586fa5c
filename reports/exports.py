"""Downloads of a finished report run as JSON, CSV or XLSX.

JSON is the canonical text of the view the caller gets (reports.suppression.run_view): for
cluster staff exactly the stored bytes, so their SHA-256 is the run's checksum; for a funder the
canonical text of the suppressed view, whose SHA-256 is the checksum the funder is shown.

CSV and XLSX flatten the report to rows of six columns,
``section, section_label, key, label, value, suppressed``: each code beside its label in the
reader's language (reports.labels), so a person reads the words and a script the codes:

- ``report`` rows: run id, kind, scope, as_of, the projects covered, checksum;
- ``suppression`` rows (suppressed views only): ``min_firms`` and ``suppressed_cells``;
- ``figures`` rows: one per single figure (``figures, Figures, firms_applied, Firms applied,
  8``); a list of codes (``markets_entered`` of older runs) is one cell, codes separated by
  spaces;
- one section per breakdown: ``dropouts_by_phase, …, trip, Around the trip, 2``;
  ``RCO01, …, micro, Micro, 4``; ``markets_entered, …, DE, Germany, 3``; a list of rows gives
  one section per measure, the row's name as key: ``by_region.firms_supported, …, Dalarna,
  Dalarna, 3``;
- an indicator report gives one section per programme, ``indicators.<programme>``, keyed
  ``<code>.<measure>``: ``CO01.achieved, 4``; ``CO01.target.2018, 60``; ``CO01.by_size.micro, 2``;
  ``CO01.by_region.Gävleborg, 3``; and ``period``, ``min_support_hours`` and ``nuts.<region>``;
- a suppressed cell has an empty value and ``yes`` in the ``suppressed`` column.

Values stay codes and numbers (``kind, Report kind, participation``); the XLSX sheet is named
after the report kind in words.

Text that a spreadsheet would run as a formula, the run's stored text included, is cleaned and
neutralised by the writers of clusters.spreadsheets, as in every export; numbers stay numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext

from django.utils import translation

from clusters.spreadsheets import FORMATS as SPREADSHEET_FORMATS
from clusters.spreadsheets import csv_bytes, xlsx_bytes
from reports.labels import ROW_NAME_FIELDS, key_label, report_kind_label, section_label
from reports.models import ReportRun
from reports.suppression import RunView, is_suppressed

FORMATS = {"json": "application/json", **SPREADSHEET_FORMATS}
HEADER = ("section", "section_label", "key", "label", "value", "suppressed")


def _cell(section: str, key, value) -> tuple:
    labels = (section, section_label(section), key, key_label(section, key))
    if is_suppressed(value):
        return (*labels, None, "yes")
    if isinstance(value, list):
        value = " ".join(str(item) for item in value)
    return (*labels, value, "")


def _report_rows(run: ReportRun, view: RunView) -> Iterator[tuple]:
    body = view.body
    scope = body["scope"]
    yield _cell("report", "run", run.pk)
    yield _cell("report", "kind", body["kind"])
    yield _cell("report", "scope", scope["type"])
    yield _cell("report", scope["type"], scope[scope["type"]])
    yield _cell("report", "as_of", body["as_of"])
    yield _cell("report", "projects", body.get("projects", []))
    yield _cell("report", "checksum", view.checksum)
    for key, value in (body.get("suppression") or {}).items():
        yield _cell("suppression", key, value)


def _is_breakdown(value) -> bool:
    """A dict of cells (not a suppressed cell), or a list of rows."""
    if isinstance(value, dict):
        return not is_suppressed(value)
    return isinstance(value, list) and bool(value) and all(isinstance(row, dict) for row in value)


def _indicator_rows(sections: list[dict]) -> Iterator[tuple]:
    """The programmes of an indicator report (reports.selectors.indicators), flattened."""
    for section in sections:
        name = f"indicators.{section.get('programme')}"
        yield _cell(name, "period", section.get("period"))
        yield _cell(name, "min_support_hours", section.get("min_support_hours"))
        for region, code in (section.get("nuts") or {}).items():
            yield _cell(name, f"nuts.{region}", code)
        for row in section.get("indicators") or []:
            code = row.get("code")
            for measure in ("name", "unit", "rule", "achieved", "baseline"):
                yield _cell(name, f"{code}.{measure}", row.get(measure))
            for year, values in (row.get("targets") or {}).items():
                yield _cell(name, f"{code}.milestone.{year}", values.get("milestone"))
                yield _cell(name, f"{code}.target.{year}", values.get("target"))
            for size, count in (row.get("by_size") or {}).items():
                yield _cell(name, f"{code}.by_size.{size}", count)
            for region, count in (row.get("by_region") or {}).items():
                yield _cell(name, f"{code}.by_region.{region}", count)


def _figure_rows(figures: dict) -> Iterator[tuple]:
    if isinstance(figures.get("programmes"), list):
        yield from _indicator_rows(figures["programmes"])
        return
    breakdowns = []
    for name in sorted(figures):
        value = figures[name]
        if _is_breakdown(value):
            breakdowns.append((name, value))
        else:
            yield _cell("figures", name, value)
    for name, value in breakdowns:
        if isinstance(value, dict):
            for key, cell in value.items():
                yield _cell(name, key, cell)
            continue
        row_name = ROW_NAME_FIELDS.get(name)
        measures = sorted({field for row in value for field in row if field != row_name})
        for measure in measures:
            for index, row in enumerate(value, start=1):
                yield _cell(f"{name}.{measure}", row.get(row_name, index), row.get(measure))


def rows(run: ReportRun, view: RunView) -> Iterator[tuple]:
    """The flattened report, one tuple per row, labels in the active language (the writers
    neutralise every cell, labels and stored text alike)."""
    yield HEADER
    yield from _report_rows(run, view)
    yield from _figure_rows(view.body.get("figures") or {})


def as_json(run: ReportRun, view: RunView) -> bytes:
    return view.canonical.encode("utf-8")


def as_csv(run: ReportRun, view: RunView) -> bytes:
    return csv_bytes(rows(run, view))


def as_xlsx(run: ReportRun, view: RunView) -> bytes:
    return xlsx_bytes(report_kind_label(run.kind), rows(run, view))


EXPORTERS = {"json": as_json, "csv": as_csv, "xlsx": as_xlsx}


def reader_language(request) -> str | None:
    """The language a download's labels are in: a user has no language setting of their own,
    so it is the request's (chosen on the site, else asked for by the browser or client,
    as LocaleMiddleware found it)."""
    return getattr(request, "LANGUAGE_CODE", None)


def render(
    run: ReportRun, view: RunView, file_format: str, *, language: str | None = None
) -> bytes:
    """The download of a done run; ``file_format`` is one of FORMATS. CSV and XLSX labels are
    in ``language`` (the reader's), else in the active language; JSON has no labels and is
    the same bytes in every language."""
    with translation.override(language) if language else nullcontext():
        return EXPORTERS[file_format](run, view)


def export_filename(run: ReportRun, file_format: str) -> str:
    scope = run.scope
    name = scope[scope["type"]].replace("/", "-")
    return f"report-{run.pk}-{run.kind}-{name}.{file_format}"

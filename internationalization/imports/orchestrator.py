"""The project import as a whole: read the workbook, run its sheets in order, report.

The file is an .xlsx workbook with one sheet per part, or a directory holding one CSV per
sheet named after it (``project.csv``, ``participants.csv``, …); see ``SHEETS``. Only
``project`` and ``participants`` are required.

Every row goes through the services that hold the rules, inside one transaction, each row in
a savepoint of its own (``clusters.imports.run``): one refused row and nothing is written,
and every refused row is reported with its sheet, line and reason. The services lock what
they change (``select_for_update``), so an import cannot overdraw a pool that a manager
approves from at the same moment.

A row may be imported with warnings (a firm accepted without a coach): they are reported
with its sheet and line and never make the import fail.

Re-importing the same file changes nothing: each sheet matches its rows by natural keys and
leaves alone a matched row that already says what the file says. A matched row the file
takes further (an enrolment from active to completed, a pending timbank request now decided,
more hours used, a trip now done, further export-lab stages) is advanced through the same
services; one the file contradicts is reported, never overwritten.

The actor: the services ask who acts (a manager approves timbank hours and trips). The
browser and the API import as the signed-in manager; the command as ``--user`` or, by
default, the installation's first superuser. The actor is recorded where the services record
one; the dates are the spreadsheet's.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from accounts.models import User
from clusters.imports import files
from clusters.imports import workbook as reading
from clusters.imports.report import RowError
from clusters.imports.run import Recorder, import_atomically
from clusters.imports.workbook import Workbook
from clusters.models import Cluster
from internationalization.imports.coaching import CoachingImporter
from internationalization.imports.context import ProjectImport, ProjectImportReport
from internationalization.imports.export_lab import ExportLabImporter
from internationalization.imports.outcomes import OutcomesImporter
from internationalization.imports.participants import ParticipantsImporter
from internationalization.imports.project import ProjectImporter
from internationalization.imports.timbank import TimbankImporter
from internationalization.imports.trips import TripsImporter
from internationalization.imports.workshops import WorkshopsImporter

# The sheets in the order they are imported: each may need what the ones before it wrote.
ACTIVITY_IMPORTERS = (
    CoachingImporter,
    WorkshopsImporter,
    TimbankImporter,
    TripsImporter,
    ExportLabImporter,
    OutcomesImporter,
)
IMPORTERS = (ProjectImporter, ParticipantsImporter, *ACTIVITY_IMPORTERS)
# The sheets and their columns, in the order of the template.
SHEETS: dict[str, tuple[str, ...]] = {
    importer.sheet: importer.column_names() for importer in IMPORTERS
}
# The columns a sheet may leave out (added after files were made without them).
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    importer.sheet: importer.optional_column_names() for importer in IMPORTERS
}
REQUIRED_SHEETS = ("project", "participants")


# Reading ------------------------------------------------------------------------------------


def read_xlsx(content: bytes, filename: str) -> Workbook:
    """An .xlsx workbook, one sheet per part (sheet names as in ``SHEETS``)."""
    return _checked(reading.read_xlsx_workbook(content, filename, SHEETS, OPTIONAL_COLUMNS))


def read_csv_directory(path: Path) -> Workbook:
    """A directory with one CSV per sheet, named after it (``participants.csv``)."""
    return _checked(reading.read_csv_directory(path, SHEETS, OPTIONAL_COLUMNS))


def read_source(path: Path) -> Workbook:
    """A workbook file or a directory of CSV files, as the command is given."""
    return _checked(reading.read_path(path, SHEETS, OPTIONAL_COLUMNS))


def _checked(book: Workbook) -> Workbook:
    """Refuse a workbook without the required sheets, or with more than one project."""
    if any(not error.sheet for error in book.errors):
        return book  # the file as a whole could not be read
    broken = {error.sheet for error in book.errors}
    for sheet in REQUIRED_SHEETS:
        if sheet not in book.sheets and sheet not in broken:
            book.errors.append(RowError(sheet, None, (_("The sheet is missing or has no rows."),)))
    for line, _cells in book.sheets.get("project", [])[1:]:
        book.errors.append(
            RowError("project", line, (_("The project sheet holds one project, on one row."),))
        )
    return book


def readable(book: Workbook) -> bool:
    """Whether the required sheets could be read (rows may still be wrong)."""
    return book.has(REQUIRED_SHEETS)


def file_cluster(book: Workbook) -> str:
    """The slug of the cluster the file names."""
    rows = book.sheets.get("project") or []
    return rows[0][1].get("cluster", "").strip() if rows else ""


# The import ---------------------------------------------------------------------------------


def import_project(
    *,
    workbook: Workbook,
    actor: User,
    cluster: Cluster | None = None,
    dry_run: bool = False,
) -> ProjectImportReport:
    """Import the workbook as ``actor``; with ``cluster`` the file must name that cluster.

    Returns what was done, or every refused row with its reasons (and then nothing is
    written); a dry run writes nothing either way. Raises PermissionDenied when the actor may
    not manage the file's cluster.
    """
    report = ProjectImportReport(
        source=workbook.source,
        sheets=tuple(SHEETS),
        dry_run=dry_run,
        cluster=file_cluster(workbook),
        errors=list(workbook.errors),
        ignored=list(workbook.ignored),
    )
    if not readable(workbook) or any(e.sheet in REQUIRED_SHEETS for e in workbook.errors):
        return report

    def run_sheets(recorder: Recorder) -> None:
        context = ProjectImport(actor=actor, report=report, cluster=cluster)
        ProjectImporter(context).run(workbook.sheets["project"], recorder)
        participants = ParticipantsImporter(context)
        participants.run(workbook.sheets["participants"], recorder)
        for importer in ACTIVITY_IMPORTERS:
            importer(context).run(workbook.sheets.get(importer.sheet, []), recorder)
        participants.finish(recorder)

    return import_atomically(
        report, run_sheets, dry_run=dry_run, turn_key=f"cluster:{file_cluster(workbook)}"
    )


def template_xlsx() -> bytes:
    """An empty workbook with every sheet and its header row."""
    return files.template_xlsx(SHEETS)

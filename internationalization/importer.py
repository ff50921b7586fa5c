"""Import of a whole project from a spreadsheet: the project, its participants and their
activities, for clusters moving off spreadsheets.

The file is an .xlsx workbook with one sheet per part, or a directory holding one CSV per
sheet named after it (``project.csv``, ``participants.csv``, …); see ``SHEETS``. Only
``project`` and ``participants`` are required. The browser page, the API endpoint and the
``import_project`` command are thin faces of ``import_project`` below.

How it works
------------
Every row goes through the services that hold the rules (``projects.services`` and
``internationalization.services.*``), inside one transaction, each row in a savepoint of its
own: a row a service refuses is rolled back to its savepoint and reported with its sheet, line
and reason, and the import goes on with the next row, so that every bad row is listed at once.
At the end the transaction is committed only when no row was refused and this is not a dry
run; otherwise it is rolled back and nothing is written. The plan (a dry run) and the import
are therefore the same code: what the preview shows is exactly what confirming writes, and
every rule (hours in quarter steps, the coaching allotment, the timbank pool, the project's
windows, the export-lab stages, who is enrolled) is checked in its one place. The services
lock what they change (``select_for_update``), so an import cannot overdraw a pool that a
manager approves from at the same moment.

History: the services that record an instant take the historical one where they offer it
(``requested_at``/``decided_at`` of timbank requests and trips, ``applied_on``, ``held_on``,
``decided_on``, ``dropped_on``); where a service stamps "now" (the time of each enrolment
status change, ``completed_on``), the importer calls the service and then sets the historical
date on the row the service wrote, in the same transaction. Of the two ways to keep history
(call the service and correct its dates, or write the rows directly with the same checks)
this is the one chosen everywhere: no rule is written twice, and nothing is written around
the services.

Re-importing the same file changes nothing: rows are matched by their natural keys (the
project by its slug; a firm by its registry id in the cluster; a session by firm, date and
topic; a workshop by its title in the project and an attendance by workshop and firm; a
timbank request by firm, service and day requested; a trip by firm, city and start; an
export-lab step by stage and day; an outcome by firm, kind, date and country) and a matched
row that already says what the file says is left alone. A matched row the file takes
further (an enrolment from active to completed, a pending timbank request now decided, more
timbank hours used, a trip now done, further export-lab stages) is advanced through the same
services. A matched row the file contradicts (other hours for a logged session, another
quantity for an outcome) is reported, never overwritten: the import adds and advances
records, it does not rewrite them.

The actor: the services ask who acts (a manager approves timbank hours and trips). The
browser and the API import as the signed-in manager; the command as ``--user`` or, by
default, the installation's first superuser. The actor is recorded where the services record
one (status changes, decisions, outcomes); the dates are the spreadsheet's.

What the sheets do not say, the import fills in the same way every time:

- a new enrolment has no self-assessment in the file: its three scores are 1 and its comments
  say so; every status change on the way to the file's status is dated ``applied_on``
  (a completed firm completes on the day of its last activity in the file, a dropped firm
  drops on ``dropped_on``); a dropout in the intake phase leaves the path right after the
  application, any other dropout after the firm was active;
- a new project's status follows its windows on the day of the import (planned, open,
  running or closed) and is never changed by a later import;
- a timbank request is needed by the day it was requested and its purpose names the service;
  hours used are logged on the day of the decision, by a consultant of the cluster offering
  the service, else by a consultant named ``IMPORT_CONSULTANT`` (created or extended with the
  service through ``consultant_save``);
- a trip is applied for and decided on its start date, with a budget of 0 and the purpose
  "trade fair" when it names an event, else "meet customers";
- outcomes are reported as by a manager.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook as XlsxWorkbook

from accounts.models import User
from clusters.models import Cluster, ClusterRole, StaffRole
from clusters.permissions import can_manage_cluster
from internationalization.choices import (
    ConsultantService,
    ExportLabStage,
    OutcomeKind,
    OutcomeSource,
    TripPurpose,
    TripStatus,
)
from internationalization.models import (
    CoachingSession,
    Consultant,
    ExportLabTrack,
    Outcome,
    TimbankPool,
    TimbankRequest,
    Trip,
    Workshop,
    WorkshopParticipation,
)
from internationalization.selectors import timbank_hours_used
from internationalization.services.coaching import coaching_session_log, quarter_hours_problem
from internationalization.services.completion import enrolment_complete
from internationalization.services.export_lab import export_lab_advance, export_lab_start
from internationalization.services.outcomes import outcome_record
from internationalization.services.timbank import (
    OPEN_TIMBANK_REQUEST,
    check_hours,
    check_in_project_window,
    consultant_save,
    timbank_pool_set,
    timbank_request_approve,
    timbank_request_create,
    timbank_request_reject,
    timesheet_log,
)
from internationalization.services.trips import (
    trip_apply,
    trip_approve,
    trip_mark_done,
    trip_reject,
)
from internationalization.services.workshops import (
    workshop_invite,
    workshop_record_attendance,
    workshop_save,
)
from members import tabular
from members.choices import MembershipStatus
from members.models import Organization
from members.services import organization_create
from members.tabular import ImportFileError
from projects.choices import DropoutPhase, DropoutReason, EnrolmentStatus, ProjectStatus
from projects.models import Enrolment, EnrolmentStatusChange, Project
from projects.services import (
    enrolment_activate,
    enrolment_apply,
    enrolment_decide,
    enrolment_drop,
    enrolment_record_interview,
    project_save,
)

# The sheets and their columns, in the order of the template. Every column must be named in
# the sheet's first line (in any order); cells may be empty where the value is optional.
SHEETS: dict[str, tuple[str, ...]] = {
    "project": (
        "cluster",
        "slug",
        "name",
        "start",
        "end",
        "enrolment_start",
        "enrolment_end",
        "regions",
        "target_firms",
        "target_completed",
        "coaching_hours_per_firm",
        "timbank_pool_hours",
        "max_employees",
        "max_turnover_eur",
    ),
    "participants": (
        "registry_id",
        "organization_name",
        "region",
        "country",
        "employees",
        "turnover_eur",
        "applied_on",
        "status",
        "dropped_on",
        "dropped_phase",
        "dropped_reason",
        "coach_email",
    ),
    "coaching": ("registry_id", "date", "hours", "topic"),
    "workshops": ("registry_id", "workshop", "date", "attended"),
    "timbank": (
        "registry_id",
        "service",
        "hours_requested",
        "hours_approved",
        "hours_used",
        "requested_on",
        "decided_on",
    ),
    "trips": ("registry_id", "country", "city", "event", "start_date", "end_date", "status"),
    "export_lab": ("registry_id", "stage", "entered_on", "target_country"),
    "outcomes": ("registry_id", "kind", "date", "country", "quantity"),
}
REQUIRED_SHEETS = ("project", "participants")

# What the preview and the command show of a row.
SUMMARY_COLUMNS: dict[str, tuple[str, ...]] = {
    "project": ("slug", "name"),
    "participants": ("registry_id", "organization_name", "status"),
    "coaching": ("registry_id", "date", "hours", "topic"),
    "workshops": ("registry_id", "workshop", "attended"),
    "timbank": ("registry_id", "service", "hours_requested", "requested_on"),
    "trips": ("registry_id", "city", "start_date", "status"),
    "export_lab": ("registry_id", "stage", "entered_on"),
    "outcomes": ("registry_id", "kind", "date", "quantity"),
}

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"

# The statuses a participant may have in the file.
PARTICIPANT_STATUSES = (
    EnrolmentStatus.APPLIED,
    EnrolmentStatus.ACCEPTED,
    EnrolmentStatus.REJECTED,
    EnrolmentStatus.ACTIVE,
    EnrolmentStatus.COMPLETED,
    EnrolmentStatus.DROPPED,
)
_S = EnrolmentStatus
# The path from the application to each status, as the lifecycle allows it.
PATHS: dict[str, list[str]] = {
    _S.APPLIED: [_S.APPLIED],
    _S.REJECTED: [_S.APPLIED, _S.INTERVIEWED, _S.REJECTED],
    _S.ACCEPTED: [_S.APPLIED, _S.INTERVIEWED, _S.ACCEPTED],
    _S.ACTIVE: [_S.APPLIED, _S.INTERVIEWED, _S.ACCEPTED, _S.ACTIVE],
    _S.COMPLETED: [_S.APPLIED, _S.INTERVIEWED, _S.ACCEPTED, _S.ACTIVE, _S.COMPLETED],
    _S.DROPPED: [_S.APPLIED, _S.INTERVIEWED, _S.ACCEPTED, _S.ACTIVE, _S.DROPPED],
}
INTAKE_DROPOUT_PATH = [_S.APPLIED, _S.DROPPED]
# Steps taken after every activity sheet: the firm works in the activities until then.
FINAL_STEPS = (_S.COMPLETED, _S.DROPPED)

TRIP_STATUSES = (TripStatus.APPLIED, TripStatus.APPROVED, TripStatus.DONE, TripStatus.REJECTED)
TRIP_PATHS: dict[str, list[str]] = {
    TripStatus.APPLIED: [TripStatus.APPLIED],
    TripStatus.APPROVED: [TripStatus.APPLIED, TripStatus.APPROVED],
    TripStatus.REJECTED: [TripStatus.APPLIED, TripStatus.REJECTED],
    TripStatus.DONE: [TripStatus.APPLIED, TripStatus.APPROVED, TripStatus.DONE],
}

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}

# The consultant credited with timbank hours used when the cluster has none for the service.
# (A fixed name: the next import finds it again, whatever the language of the page.)
IMPORT_CONSULTANT = "Timbank consultants (imported)"
# Notes written into the records, in the language of whoever imports.
NOT_ASSESSED = gettext_noop("Not assessed: the firm was imported from a project spreadsheet.")
IMPORT_NOTE = gettext_noop("Imported from the project spreadsheet.")
NOON = time(12)


# Results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """What is wrong with one line of one sheet (``line`` None: the sheet or file as a whole)."""

    sheet: str
    line: int | None
    messages: tuple[str, ...]

    @property
    def where(self) -> str:
        if self.line is None:
            return self.sheet or "file"
        return f"{self.sheet}:{self.line}"

    def lines(self) -> list[str]:
        """One "sheet:line: reason" per message."""
        return [f"{self.where}: {message}" for message in self.messages]


@dataclass(frozen=True)
class RowAction:
    sheet: str
    line: int
    action: str
    summary: str


@dataclass(frozen=True)
class SheetCounts:
    sheet: str
    created: int
    updated: int
    unchanged: int


@dataclass
class ImportReport:
    """What the import did (or, in a dry run or when rows were refused, would have done)."""

    source: str
    dry_run: bool
    cluster: str = ""
    project: str = ""
    actions: list[RowAction] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> list[SheetCounts]:
        counts = []
        for sheet in SHEETS:
            actions = [a.action for a in self.actions if a.sheet == sheet]
            if actions:
                counts.append(
                    SheetCounts(
                        sheet,
                        actions.count(CREATE),
                        actions.count(UPDATE),
                        actions.count(UNCHANGED),
                    )
                )
        return counts

    @property
    def created(self) -> int:
        return sum(a.action == CREATE for a in self.actions)

    @property
    def updated(self) -> int:
        return sum(a.action == UPDATE for a in self.actions)

    @property
    def unchanged(self) -> int:
        return sum(a.action == UNCHANGED for a in self.actions)

    def error_lines(self) -> list[str]:
        return [line for error in self.errors for line in error.lines()]


# Reading ------------------------------------------------------------------------------------


@dataclass
class Workbook:
    """The sheets of the file as rows of {column: text}, with the problems of whole sheets."""

    source: str
    sheets: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        """Whether the required sheets could be read (rows may still be wrong)."""
        return all(sheet in self.sheets for sheet in REQUIRED_SHEETS)

    def cluster_slug(self) -> str:
        rows = self.sheets.get("project") or []
        return rows[0][1].get("cluster", "").strip() if rows else ""


def read_xlsx(content: bytes, filename: str) -> Workbook:
    """An .xlsx workbook, one sheet per part (sheet names as in ``SHEETS``)."""
    workbook = Workbook(source=Path(filename).name)
    try:
        if Path(filename).suffix.lower() != ".xlsx":
            raise ImportFileError(
                _("“%(name)s” is not an XLSX workbook: upload a .xlsx file.")
                % {"name": Path(filename).name}
            )
        tabular.check_size(len(content))
        sheets = tabular.read_xlsx_sheets(content)
    except ImportFileError as error:
        workbook.errors.append(RowError("", None, (str(error),)))
        return workbook
    for title, lines in sheets:
        _add_sheet(workbook, tabular.column_name(title), lines, title)
    _check_required(workbook)
    return workbook


def read_csv_directory(path: Path) -> Workbook:
    """A directory with one CSV per sheet, named after it (``participants.csv``)."""
    workbook = Workbook(source=path.name)
    for file in sorted(path.iterdir()):
        if not file.is_file() or file.suffix.lower() != ".csv":
            continue
        try:
            tabular.check_size(file.stat().st_size)
            lines = tabular.read_csv_lines(file.read_bytes())
        except ImportFileError as error:
            workbook.errors.append(RowError(file.stem, None, (str(error),)))
            continue
        _add_sheet(workbook, tabular.column_name(file.stem), lines, file.name)
    _check_required(workbook)
    return workbook


def read_source(path: Path) -> Workbook:
    """A workbook file or a directory of CSV files, as the command is given."""
    if path.is_dir():
        return read_csv_directory(path)
    try:
        tabular.check_size(path.stat().st_size)
    except ImportFileError as error:
        return Workbook(source=path.name, errors=[RowError("", None, (str(error),))])
    return read_xlsx(path.read_bytes(), path.name)


def _add_sheet(workbook: Workbook, name: str, lines: tabular.Lines, label: str) -> None:
    if name not in SHEETS:
        if any(any(cells) for cells in lines):
            workbook.ignored.append(label)
        return
    if name in workbook.sheets:
        workbook.errors.append(RowError(name, None, (_("The sheet is given twice."),)))
        return
    if not any(any(cells) for cells in lines):
        return  # an empty sheet is an absent one
    try:
        header, rows = tabular.header_and_rows(lines)
    except ImportFileError as error:
        workbook.errors.append(RowError(name, None, (str(error),)))
        return
    columns = SHEETS[name]
    problems = []
    missing = [column for column in columns if column not in header]
    if missing:
        problems.append(
            _("Columns missing from the first line: %(missing)s. The columns are: %(all)s.")
            % {"missing": ", ".join(missing), "all": ", ".join(columns)}
        )
    repeated = sorted({column for column in header if column and header.count(column) > 1})
    if repeated:
        problems.append(
            _("Columns named more than once: %(columns)s.") % {"columns": ", ".join(repeated)}
        )
    if problems:
        workbook.errors.append(RowError(name, None, tuple(problems)))
        return
    if not rows:
        return  # a sheet with no rows is an absent one
    workbook.ignored += [
        f"{name}.{column}" for column in header if column and column not in columns
    ]
    position = {column: header.index(column) for column in columns}
    workbook.sheets[name] = [
        (line, {c: cells[i].strip() if i < len(cells) else "" for c, i in position.items()})
        for line, cells in rows
    ]


def _check_required(workbook: Workbook) -> None:
    broken = {error.sheet for error in workbook.errors}
    for sheet in REQUIRED_SHEETS:
        if sheet not in workbook.sheets and sheet not in broken:
            workbook.errors.append(
                RowError(sheet, None, (_("The sheet is missing or has no rows."),))
            )
    project_rows = workbook.sheets.get("project", [])
    for line, _cells in project_rows[1:]:
        workbook.errors.append(
            RowError("project", line, (_("The project sheet holds one project, on one row."),))
        )


# One row ------------------------------------------------------------------------------------


class Row:
    """A row's cells, read into values; each problem is kept as "column: reason"."""

    def __init__(self, sheet: str, line: int, cells: dict[str, str]):
        self.sheet = sheet
        self.line = line
        self.cells = cells
        self.problems: list[str] = []

    def problem(self, column: str, message: str) -> None:
        reason = f"{column}: {message}"
        if reason not in self.problems:
            self.problems.append(reason)

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.cells.get(column, "").strip()
        if required and not value:
            self.problem(column, _("This cell is required."))
        return value

    def day(self, column: str, *, required: bool = False) -> date | None:
        value = self.text(column, required=required)
        if not value:
            return None
        # A spreadsheet's date with a time of day reads "YYYY-MM-DD HH:MM:SS".
        if len(value) == 10 or (len(value) == 19 and value[10] == " "):
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                pass
        self.problem(column, _("Enter the date as YYYY-MM-DD, not “%(value)s”.") % {"value": value})
        return None

    def number(self, column: str, *, required: bool = False) -> Decimal | None:
        value = self.text(column, required=required)
        if not value:
            return None
        cleaned = "".join(value.split())
        if "," in cleaned and "." not in cleaned:
            cleaned = cleaned.replace(",", ".")  # a decimal comma
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.problem(column, _("Enter a number, not “%(value)s”.") % {"value": value})
            return None
        return number

    def integer(self, column: str, *, required: bool = False) -> int | None:
        number = self.number(column, required=required)
        if number is None:
            return None
        if number != number.to_integral_value() or number < 0:
            self.problem(column, _("Enter a whole number of zero or more."))
            return None
        return int(number)

    def hours(self, column: str, check: Callable[[Decimal], str | None], **kwargs):
        hours = self.number(column, **kwargs)
        if hours is not None and (problem := check(hours)):
            self.problem(column, problem)
            return None
        return hours

    def choice(
        self,
        column: str,
        choices: Iterable[str],
        labels: dict[str, str] | None = None,
        *,
        required: bool = False,
    ) -> str:
        value = self.text(column, required=required)
        if not value:
            return ""
        allowed = list(choices)
        token = value.lower().replace("-", "_").replace(" ", "_")
        if token in allowed:
            return token
        by_label = {
            str(label).lower(): key for key, label in (labels or {}).items() if key in allowed
        }
        if value.lower() in by_label:
            return by_label[value.lower()]
        self.problem(
            column,
            _("“%(value)s” is not one of %(allowed)s.")
            % {"value": value, "allowed": ", ".join(allowed)},
        )
        return ""

    def yes_no(self, column: str) -> bool | None:
        value = self.text(column, required=True).lower()
        if value in YES:
            return True
        if value in NO:
            return False
        if value:
            self.problem(column, _("Answer yes or no, not “%(value)s”.") % {"value": value})
        return None

    def country(self, column: str, *, required: bool = False) -> str:
        return self.text(column, required=required).upper()

    def summary(self) -> str:
        return " · ".join(self.cells[c] for c in SUMMARY_COLUMNS[self.sheet] if self.cells.get(c))


def _labels(choices: type[models.TextChoices]) -> dict[str, str]:
    return dict(choices.choices)


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, NOON))


class RowRefused(Exception):
    """A row the rules refuse; ``reasons`` are "column: reason" texts."""

    def __init__(self, *reasons: str):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def _reasons(error: Exception, columns: dict[str, str]) -> list[str]:
    """A service's refusal as "column: reason" texts, its fields named as the sheet's columns."""
    if isinstance(error, RowRefused):
        return list(error.reasons)
    if isinstance(error, PermissionDenied):
        return [str(error) or _("You may not do this.")]
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    reasons = []
    for name, messages in error.message_dict.items():
        for message in messages:
            column = columns.get(name, name)
            reasons.append(message if column == "__all__" else f"{column}: {message}")
    return reasons


def _differs(recorded: str) -> RowRefused:
    return RowRefused(
        _(
            "The file differs from what is recorded (%(recorded)s): the import adds and "
            "advances records, it does not change them."
        )
        % {"recorded": recorded}
    )


# The import ---------------------------------------------------------------------------------


class _RollBack(Exception):
    """Leaves the transaction without writing (a dry run, or rows were refused)."""


def import_project(
    *,
    workbook: Workbook,
    actor: User,
    cluster: Cluster | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import the workbook as ``actor``; with ``cluster`` the file must name that cluster.

    Returns what was done, or every refused row with its reasons (and then nothing is
    written); a dry run writes nothing either way. Raises PermissionDenied when the actor may
    not manage the file's cluster.
    """
    report = ImportReport(
        source=workbook.source,
        dry_run=dry_run,
        cluster=workbook.cluster_slug(),
        errors=list(workbook.errors),
        ignored=list(workbook.ignored),
    )
    if not workbook.readable or any(e.sheet in REQUIRED_SHEETS for e in workbook.errors):
        return report
    try:
        with transaction.atomic():
            _Import(workbook, report, actor, cluster).run()
            if report.errors or dry_run:
                raise _RollBack
            report.written = True
    except _RollBack:
        pass
    report.actions.sort(key=lambda a: (list(SHEETS).index(a.sheet), a.line))
    report.errors.sort(
        key=lambda e: (list(SHEETS).index(e.sheet) if e.sheet in SHEETS else -1, e.line or 0)
    )
    return report


@dataclass
class _Participant:
    line: int
    registry_id: str
    status: str
    applied_on: date
    path: list[str]
    dropped_on: date | None
    phase: str
    reason: str
    coach: User | None
    organization: dict
    enrolment: Enrolment | None = None
    final_step: str | None = None


class _Import:
    """One run over the workbook, inside the import's transaction."""

    def __init__(self, workbook: Workbook, report: ImportReport, actor: User, cluster):
        self.workbook = workbook
        self.report = report
        self.actor = actor
        self.cluster: Cluster | None = cluster
        self.project: Project | None = None
        self.today = timezone.localdate()
        self.participants: dict[str, _Participant] = {}
        self.participant_ids: set[str] = set()
        self.last_activity: dict[str, date] = {}
        self.workshops: dict[str, tuple[date, int]] = {}

    # Plumbing ---------------------------------------------------------------------------------

    def rows(self, sheet: str) -> list[Row]:
        return [Row(sheet, line, cells) for line, cells in self.workbook.sheets.get(sheet, [])]

    def refuse(self, row: Row, reasons: list[str]) -> None:
        self.report.errors.append(RowError(row.sheet, row.line, tuple(reasons)))

    def done(self, row: Row, action: str) -> None:
        self.report.actions.append(RowAction(row.sheet, row.line, action, row.summary()))

    def attempt(self, row: Row, write: Callable[[], str], columns: dict[str, str]) -> bool:
        """Run ``write`` in a savepoint: its action is counted, or its refusal reported and
        its writes undone. Whether it went through."""
        try:
            with transaction.atomic():
                action = write()
        except (ValidationError, PermissionDenied, RowRefused) as error:
            self.refuse(row, _reasons(error, columns))
            return False
        self.done(row, action)
        return True

    def checked(self, row: Row) -> bool:
        """Whether the row's cells were read without problems (else they are reported)."""
        if row.problems:
            self.refuse(row, row.problems)
            return False
        return True

    def enrolment_of(self, row: Row) -> Enrolment | None:
        """The enrolment a row of an activity sheet is about, once its participant is in."""
        registry_id = row.text("registry_id", required=True)
        if registry_id and registry_id not in self.participant_ids:
            row.problem(
                "registry_id",
                _("%(id)s is not in the participants sheet.") % {"id": registry_id},
            )
        participant = self.participants.get(registry_id)
        return participant.enrolment if participant else None

    def saw_activity(self, row: Row, day: date | None) -> None:
        registry_id = row.cells.get("registry_id", "")
        if day and registry_id:
            self.last_activity[registry_id] = max(day, self.last_activity.get(registry_id, day))

    # The run ----------------------------------------------------------------------------------

    def run(self) -> None:
        self.import_project_row()
        self.import_participants()
        self.import_coaching()
        self.import_workshops()
        self.import_timbank()
        self.import_trips()
        self.import_export_lab()
        self.import_outcomes()
        self.finish_participants()

    # project ----------------------------------------------------------------------------------

    def import_project_row(self) -> None:
        row = self.rows("project")[0]
        cluster = self.resolve_cluster(row, row.text("cluster", required=True))
        if cluster is not None:
            can_manage_cluster(self.actor, cluster).require()
            self.cluster = cluster
        self.report.project = row.text("slug", required=True)
        data = {
            "slug": self.report.project,
            "name": row.text("name", required=True),
            "start": row.day("start", required=True),
            "end": row.day("end", required=True),
            "enrolment_start": row.day("enrolment_start", required=True),
            "enrolment_end": row.day("enrolment_end", required=True),
            "regions": [r.strip() for r in row.text("regions").split(";") if r.strip()],
            "target_firms": row.integer("target_firms") or 0,
            "target_completed": row.integer("target_completed") or 0,
            "coaching_hours_default": row.hours(
                "coaching_hours_per_firm",
                lambda hours: quarter_hours_problem(hours, allow_zero=True),
                required=True,
            ),
            "max_employees": row.integer("max_employees"),
            "max_turnover_eur": row.number("max_turnover_eur"),
        }
        pool_hours = row.number("timbank_pool_hours")
        if not self.checked(row):
            return

        def write() -> str:
            project = Project.objects.filter(slug=data["slug"], cluster=cluster).first()
            if project is None:
                project = project_save(
                    cluster=cluster, data={**data, "status": self.status_of(data)}
                )
                action = CREATE
            else:
                changed = {k: v for k, v in data.items() if getattr(project, k) != v}
                action = UPDATE if changed else UNCHANGED
                if changed:
                    project = project_save(cluster=cluster, data=changed, project=project)
            pool = TimbankPool.objects.filter(project=project).first()
            if pool_hours is not None and (pool is None or pool.hours_total != pool_hours):
                timbank_pool_set(
                    project=project,
                    hours_total=pool_hours,
                    hourly_value=pool.hourly_value if pool else Decimal(0),
                    currency=pool.currency if pool else project.currency,
                )
                action = UPDATE if action == UNCHANGED else action
            self.project = project
            return action

        columns = {
            "coaching_hours_default": "coaching_hours_per_firm",
            "hours_total": "timbank_pool_hours",
        }
        self.attempt(row, write, columns)

    def resolve_cluster(self, row: Row, slug: str) -> Cluster | None:
        if not slug:
            return None
        if self.cluster is not None:
            if slug != self.cluster.slug:
                row.problem(
                    "cluster",
                    _(
                        "The file is for the cluster “%(file)s”; this import goes into "
                        "“%(current)s”. Switch to that cluster, or correct the file."
                    )
                    % {"file": slug, "current": self.cluster.slug},
                )
                return None
            return self.cluster
        cluster = Cluster.objects.filter(slug=slug).first()
        if cluster is None:
            row.problem("cluster", _("There is no cluster “%(slug)s”.") % {"slug": slug})
        return cluster

    def status_of(self, data: dict) -> str:
        """A new project's status on the day of the import, from its windows."""
        if self.today < data["enrolment_start"] and self.today < data["start"]:
            return ProjectStatus.PLANNED
        if self.today > data["end"]:
            return ProjectStatus.CLOSED
        if data["enrolment_start"] <= self.today <= data["enrolment_end"]:
            return ProjectStatus.OPEN
        return ProjectStatus.RUNNING

    # participants -----------------------------------------------------------------------------

    def import_participants(self) -> None:
        rows = self.rows("participants")
        lines_of: dict[str, list[int]] = {}
        for row in rows:
            registry_id = row.text("registry_id")
            if registry_id:
                lines_of.setdefault(registry_id, []).append(row.line)
        self.participant_ids = set(lines_of)
        for row in rows:
            registry_id = row.text("registry_id", required=True)
            if len(lines_of.get(registry_id, [])) > 1:
                row.problem(
                    "registry_id",
                    _("%(id)s appears more than once in the sheet (lines %(lines)s).")
                    % {"id": registry_id, "lines": ", ".join(map(str, lines_of[registry_id]))},
                )
            participant = self.read_participant(row)
            if not self.checked(row) or self.project is None:
                continue
            columns = {"organization": "registry_id"}
            if self.attempt(row, partial(self.enrol, participant), columns):
                self.participants[registry_id] = participant

    def read_participant(self, row: Row) -> _Participant:
        applied_on = row.day("applied_on", required=True)
        status = row.choice("status", PARTICIPANT_STATUSES, _labels(EnrolmentStatus), required=True)
        dropped_on = row.day("dropped_on")
        phase = row.choice("dropped_phase", DropoutPhase.values, _labels(DropoutPhase))
        reason = row.choice("dropped_reason", DropoutReason.values, _labels(DropoutReason))
        if status == _S.DROPPED:
            if not row.cells.get("dropped_on"):
                row.problem("dropped_on", _("Say when the firm dropped out."))
            if applied_on and dropped_on and dropped_on < applied_on:
                row.problem("dropped_on", _("The firm cannot drop out before it applied."))
        elif status:
            for column in ("dropped_on", "dropped_phase", "dropped_reason"):
                if row.cells.get(column):
                    row.problem(column, _("Only a firm whose status is dropped has a value here."))
        path = PATHS.get(status, [])
        if status == _S.DROPPED and phase == DropoutPhase.INTAKE:
            path = INTAKE_DROPOUT_PATH
        return _Participant(
            line=row.line,
            registry_id=row.text("registry_id"),
            status=status,
            applied_on=applied_on,
            path=path,
            dropped_on=dropped_on,
            phase=phase,
            reason=reason,
            coach=self.coach_named(row),
            organization={
                "registry_id": row.text("registry_id"),
                "legal_name": row.text("organization_name"),
                "region": row.text("region"),
                "country": row.country("country") or "SE",
                "employees": row.integer("employees"),
                "turnover": row.number("turnover_eur"),
                "currency": "EUR",
            },
        )

    def coach_named(self, row: Row) -> User | None:
        email = row.text("coach_email")
        if not email or self.cluster is None:
            return None
        role = (
            ClusterRole.objects.filter(
                cluster=self.cluster, role=StaffRole.COACH, user__email__iexact=email
            )
            .select_related("user")
            .first()
        )
        if role is None:
            row.problem(
                "coach_email",
                _("%(email)s is not a coach of the cluster %(cluster)s.")
                % {"email": email, "cluster": self.cluster.slug},
            )
            return None
        return role.user

    def enrol(self, participant: _Participant) -> str:
        """Create the organization and the enrolment if new, and take the enrolment along its
        path up to the file's status (completing and dropping out come after the activities)."""
        organization = Organization.objects.filter(
            cluster=self.cluster, registry_id=participant.registry_id
        ).first()
        if organization is None:
            organization = self.create_organization(participant)
        enrolment = (
            Enrolment.objects.filter(project=self.project, organization=organization)
            .select_related("coach")
            .first()
        )
        created = enrolment is None
        if created:
            enrolment = enrolment_apply(
                project=self.project,
                organization=organization,
                assessment={
                    "score_market": 1,
                    "score_customers": 1,
                    "score_situation": 1,
                    "comment_market": _(NOT_ASSESSED),
                },
                actor=self.actor,
                applied_on=participant.applied_on,
            )
            self.date_step(enrolment, _S.APPLIED, participant.applied_on)
        else:
            self.check_recorded(enrolment, participant)
        path = participant.path
        if enrolment.status not in path:
            raise RowRefused(
                _("status: The enrolment is already %(current)s; it cannot become %(target)s.")
                % {
                    "current": enrolment.get_status_display().lower(),
                    "target": EnrolmentStatus(participant.status).label.lower(),
                }
            )
        steps = path[path.index(enrolment.status) + 1 :]
        if steps and steps[-1] in FINAL_STEPS:
            participant.final_step = steps.pop()
        for step in steps:
            enrolment = self.take_step(enrolment, step, participant)
        participant.enrolment = enrolment
        if created:
            return CREATE
        return UPDATE if steps or participant.final_step else UNCHANGED

    def create_organization(self, participant: _Participant) -> Organization:
        """A firm unknown to the cluster joins it as an applied member (the day it applied);
        a firm already known keeps its data, which the member directory owns."""
        try:
            return organization_create(
                cluster=self.cluster,
                data=participant.organization,
                membership_status=MembershipStatus.APPLIED,
                status_on=participant.applied_on,
                actor=self.actor,
            )
        except ValidationError as error:
            columns = {"legal_name": "organization_name", "turnover": "turnover_eur"}
            raise RowRefused(*_reasons(error, columns)) from None

    def check_recorded(self, enrolment: Enrolment, participant: _Participant) -> None:
        """An enrolment already recorded must not contradict the file."""
        if enrolment.applied_on != participant.applied_on:
            raise _differs(_("applied on %(day)s") % {"day": enrolment.applied_on})
        coach = participant.coach
        if coach is not None and enrolment.coach_id not in (None, coach.pk):
            raise RowRefused(
                _(
                    "coach_email: The firm's coach is %(coach)s; the import does not reassign "
                    "coaches."
                )
                % {"coach": enrolment.coach.email}
            )
        if enrolment.status == _S.DROPPED and participant.status == _S.DROPPED:
            recorded = (enrolment.dropped_on, enrolment.dropout_phase, enrolment.dropout_reason)
            wanted = (participant.dropped_on, participant.phase, participant.reason)
            if recorded != wanted:
                raise _differs(
                    _("dropped out on %(day)s, %(phase)s, %(reason)s")
                    % {
                        "day": enrolment.dropped_on,
                        "phase": enrolment.dropout_phase,
                        "reason": enrolment.dropout_reason,
                    }
                )

    def take_step(self, enrolment: Enrolment, step: str, participant: _Participant) -> Enrolment:
        day = participant.applied_on
        columns = {
            "held_on": "applied_on",
            "accept": "status",
            "required_activities": "status",
            "coach": "coach_email",
            "phase": "dropped_phase",
            "reason": "dropped_reason",
        }
        try:
            if step == _S.INTERVIEWED:
                enrolment = enrolment_record_interview(
                    enrolment=enrolment, held_on=day, notes=_(IMPORT_NOTE), actor=self.actor
                )
            elif step in (_S.ACCEPTED, _S.REJECTED):
                enrolment = self.decide(enrolment, step == _S.ACCEPTED, participant)
            elif step == _S.ACTIVE:
                enrolment = enrolment_activate(enrolment=enrolment, actor=self.actor)
            elif step == _S.DROPPED:
                day = participant.dropped_on
                enrolment = enrolment_drop(
                    enrolment=enrolment,
                    phase=participant.phase,
                    reason=participant.reason,
                    note=_(IMPORT_NOTE),
                    actor=self.actor,
                    dropped_on=day,
                )
            elif step == _S.COMPLETED:
                enrolment = self.complete(enrolment, participant)
                day = enrolment.completed_on
        except ValidationError as error:
            raise RowRefused(*_reasons(error, columns)) from None
        self.date_step(enrolment, step, day)
        return enrolment

    def decide(self, enrolment: Enrolment, accept: bool, participant: _Participant) -> Enrolment:
        try:
            return enrolment_decide(
                enrolment=enrolment,
                accept=accept,
                reason="" if accept else _(IMPORT_NOTE),
                actor=self.actor,
                coach=participant.coach if accept else None,
                decided_on=participant.applied_on,
            )
        except ValidationError as error:
            refused_as_ineligible = hasattr(error, "error_dict") and "accept" in error.error_dict
            if accept and refused_as_ineligible:
                raise RowRefused(
                    *_reasons(error, {"accept": "status"}), *enrolment.eligibility_reasons
                ) from None
            raise

    def complete(self, enrolment: Enrolment, participant: _Participant) -> Enrolment:
        """Completed once every required activity is done (the service says what is
        missing), on the day of the firm's last activity in the file."""
        enrolment = enrolment_complete(enrolment=enrolment, actor=self.actor)
        enrolment.completed_on = self.last_activity.get(
            participant.registry_id, participant.applied_on
        )
        enrolment.save(update_fields=["completed_on"])
        return enrolment

    def date_step(self, enrolment: Enrolment, step: str, day: date) -> None:
        """The service stamped the status change "now"; it happened on ``day``."""
        change = (
            EnrolmentStatusChange.objects.filter(enrolment=enrolment, to_status=step)
            .order_by("-pk")
            .first()
        )
        EnrolmentStatusChange.objects.filter(pk=change.pk).update(at=_noon(day))

    def finish_participants(self) -> None:
        """Complete or drop out, once the firm's activities are in."""
        for participant in self.participants.values():
            if participant.final_step is None:
                continue
            row = Row("participants", participant.line, {})
            try:
                with transaction.atomic():
                    participant.enrolment = self.take_step(
                        participant.enrolment, participant.final_step, participant
                    )
            except (ValidationError, PermissionDenied, RowRefused) as error:
                self.refuse(row, _reasons(error, {}))
                self.report.actions = [
                    a
                    for a in self.report.actions
                    if (a.sheet, a.line) != ("participants", participant.line)
                ]

    # coaching ---------------------------------------------------------------------------------

    def import_coaching(self) -> None:
        for row in self.rows("coaching"):
            enrolment = self.enrolment_of(row)
            day = row.day("date", required=True)
            hours = row.hours("hours", quarter_hours_problem, required=True)
            topic = row.text("topic", required=True)
            if not self.checked(row) or enrolment is None:
                continue
            self.saw_activity(row, day)
            write = partial(self.session, enrolment, day, hours, topic)
            self.attempt(row, write, {"enrolment": "registry_id"})

    def session(self, enrolment: Enrolment, day: date, hours: Decimal, topic: str) -> str:
        logged = CoachingSession.objects.filter(enrolment=enrolment, date=day, topic=topic).first()
        if logged is not None:
            if logged.hours != hours:
                raise _differs(_("%(hours)s hours") % {"hours": logged.hours})
            return UNCHANGED
        # The firm's coach logs it; a firm without one is not in the activities, which the
        # service says (the manager importing stands in so that it gets to say it).
        coaching_session_log(
            enrolment=enrolment,
            date=day,
            hours=hours,
            topic=topic,
            coach=enrolment.coach or self.actor,
        )
        return CREATE

    # workshops --------------------------------------------------------------------------------

    def import_workshops(self) -> None:
        for row in self.rows("workshops"):
            enrolment = self.enrolment_of(row)
            title = row.text("workshop", required=True)
            day = row.day("date", required=True)
            attended = row.yes_no("attended")
            if title and day:
                first = self.workshops.setdefault(title.lower(), (day, row.line))
                if first[0] != day:
                    row.problem(
                        "date",
                        _("The workshop “%(title)s” is dated %(day)s on line %(line)s.")
                        % {"title": title, "day": first[0], "line": first[1]},
                    )
            if not self.checked(row) or enrolment is None:
                continue
            if attended:
                self.saw_activity(row, day)
            self.attempt(
                row,
                partial(self.attend, enrolment, title, day, attended),
                {"enrolments": "registry_id", "title": "workshop"},
            )

    def attend(self, enrolment: Enrolment, title: str, day: date, attended: bool) -> str:
        action = UNCHANGED
        workshop = (
            Workshop.objects.filter(project=self.project, title__iexact=title)
            .order_by("pk")
            .first()
        )
        if workshop is None:
            workshop = workshop_save(project=self.project, data={"title": title, "date": day})
            action = CREATE
        elif workshop.date != day:
            workshop = workshop_save(project=self.project, data={"date": day}, workshop=workshop)
            action = UPDATE
        participation = WorkshopParticipation.objects.filter(
            workshop=workshop, enrolment=enrolment
        ).first()
        if participation is None:
            workshop_invite(workshop=workshop, enrolments=[enrolment])
            participation = WorkshopParticipation(workshop=workshop, enrolment=enrolment)
            action = CREATE
        not_yet = not attended and workshop.date > self.today and participation.attended is None
        if participation.attended != attended and not not_yet:
            came = list(
                Enrolment.objects.filter(
                    workshop_participations__workshop=workshop,
                    workshop_participations__attended=True,
                ).exclude(pk=enrolment.pk)
            )
            came += [enrolment] if attended else []
            workshop_record_attendance(workshop=workshop, attended=came)
            action = UPDATE if action == UNCHANGED else action
        return action

    # timbank ----------------------------------------------------------------------------------

    def import_timbank(self) -> None:
        def positive(hours):
            return _check(check_hours, hours)

        def zero_or_more(hours):
            return quarter_hours_problem(hours, allow_zero=True)

        for row in self.rows("timbank"):
            enrolment = self.enrolment_of(row)
            service = row.choice(
                "service", ConsultantService.values, _labels(ConsultantService), required=True
            )
            requested = row.hours("hours_requested", positive, required=True)
            approved = row.hours("hours_approved", zero_or_more) or Decimal(0)
            used = row.hours("hours_used", zero_or_more) or Decimal(0)
            requested_on = row.day("requested_on", required=True)
            decided_on = row.day("decided_on")
            if decided_on is None and (approved or used):
                row.problem(
                    "decided_on", _("Say when the request was decided: hours were approved.")
                )
            if decided_on and requested_on and decided_on < requested_on:
                row.problem("decided_on", _("A request cannot be decided before it was made."))
            if not self.checked(row) or enrolment is None:
                continue
            self.saw_activity(row, decided_on or requested_on)
            columns = {
                "enrolment": "registry_id",
                "hours_requested": "hours_requested",
                "needed_by": "requested_on",
                "hours": "hours_approved",
                "decided_on": "decided_on",
            }
            write = partial(
                self.timbank_request,
                enrolment,
                service,
                requested,
                approved,
                used,
                requested_on,
                decided_on,
            )
            self.attempt(row, write, columns)

    def timbank_request(
        self,
        enrolment: Enrolment,
        service: str,
        requested: Decimal,
        approved: Decimal,
        used: Decimal,
        requested_on: date,
        decided_on: date | None,
    ) -> str:
        request = next(
            (
                r
                for r in TimbankRequest.objects.filter(enrolment=enrolment, service=service)
                if timezone.localdate(r.requested_at) == requested_on
            ),
            None,
        )
        action = UNCHANGED
        if decided_on:
            check_in_project_window(self.project, decided_on, "decided_on")
        if request is None:
            request = timbank_request_create(
                enrolment=enrolment,
                service=service,
                hours_requested=requested,
                needed_by=requested_on,
                purpose=_("%(service)s (imported from the project spreadsheet)")
                % {"service": ConsultantService(service).label},
                actor=self.actor,
                requested_at=_noon(requested_on),
            )
            action = CREATE
        elif request.hours_requested != requested:
            raise _differs(_("%(hours)s hours requested") % {"hours": request.hours_requested})
        if decided_on and request.status in OPEN_TIMBANK_REQUEST:
            if approved:
                request = timbank_request_approve(
                    request=request, hours=approved, actor=self.actor, decided_at=_noon(decided_on)
                )
            else:
                request = timbank_request_reject(
                    request=request,
                    reason=_(IMPORT_NOTE),
                    actor=self.actor,
                    decided_at=_noon(decided_on),
                )
            action = UPDATE if action == UNCHANGED else action
        elif decided_on is None and request.status not in OPEN_TIMBANK_REQUEST:
            raise _differs(request.get_status_display().lower())
        elif decided_on and request.hours_approved != approved:
            raise _differs(_("%(hours)s hours approved") % {"hours": request.hours_approved})
        already_used = timbank_hours_used(request)
        if used < already_used:
            raise _differs(_("%(hours)s hours used") % {"hours": already_used})
        if used > already_used:
            try:
                timesheet_log(
                    request=request,
                    consultant=self.consultant_for(service),
                    date=decided_on,
                    hours=used - already_used,
                    note=_(IMPORT_NOTE),
                )
            except ValidationError as error:
                raise RowRefused(
                    *_reasons(error, {"hours": "hours_used", "date": "decided_on"})
                ) from None
            action = UPDATE if action == UNCHANGED else action
        return action

    def consultant_for(self, service: str) -> Consultant:
        consultants = Consultant.objects.filter(cluster=self.cluster).order_by("name", "pk")
        for consultant in consultants:
            if service in consultant.services:
                return consultant
        stand_in = consultants.filter(name=IMPORT_CONSULTANT).first()
        services = [*(stand_in.services if stand_in else []), service]
        return consultant_save(
            cluster=self.cluster,
            data={"name": IMPORT_CONSULTANT, "services": services},
            consultant=stand_in,
        )

    # trips ------------------------------------------------------------------------------------

    def import_trips(self) -> None:
        for row in self.rows("trips"):
            enrolment = self.enrolment_of(row)
            country = row.country("country", required=True)
            city = row.text("city", required=True)
            event = row.text("event")
            start = row.day("start_date", required=True)
            end = row.day("end_date", required=True)
            status = row.choice("status", TRIP_STATUSES, _labels(TripStatus), required=True)
            if not self.checked(row) or enrolment is None:
                continue
            if status in (TripStatus.APPROVED, TripStatus.DONE):
                self.saw_activity(row, end)
            columns = {
                "enrolment": "registry_id",
                "start": "start_date",
                "end": "end_date",
                "budget": "status",
            }
            write = partial(self.trip, enrolment, country, city, event, start, end, status)
            self.attempt(row, write, columns)

    def trip(
        self,
        enrolment: Enrolment,
        country: str,
        city: str,
        event: str,
        start: date,
        end: date,
        status: str,
    ) -> str:
        trip = Trip.objects.filter(enrolment=enrolment, city__iexact=city, start=start).first()
        action = UNCHANGED
        if trip is None:
            trip = trip_apply(
                enrolment=enrolment,
                country=country,
                city=city,
                event=event,
                start=start,
                end=end,
                purpose=TripPurpose.FAIR if event else TripPurpose.CUSTOMERS,
                budget_requested=Decimal(0),
                actor=self.actor,
                requested_at=_noon(start),
            )
            action = CREATE
        elif (trip.country.code, trip.event, trip.end) != (country, event, end):
            raise _differs(
                _("%(country)s, %(event)s, until %(end)s")
                % {"country": trip.country.code, "event": trip.event or "—", "end": trip.end}
            )
        path = TRIP_PATHS[status]
        if trip.status not in path:
            raise RowRefused(
                _("status: The trip is already %(current)s; it cannot become %(target)s.")
                % {
                    "current": trip.get_status_display().lower(),
                    "target": TripStatus(status).label.lower(),
                }
            )
        for step in path[path.index(trip.status) + 1 :]:
            if step == TripStatus.APPROVED:
                trip = trip_approve(
                    trip=trip, budget=Decimal(0), actor=self.actor, decided_at=_noon(start)
                )
            elif step == TripStatus.REJECTED:
                trip = trip_reject(
                    trip=trip, reason=_(IMPORT_NOTE), actor=self.actor, decided_at=_noon(start)
                )
            else:
                trip = trip_mark_done(trip=trip, actor=self.actor)
            action = UPDATE if action == UNCHANGED else action
        return action

    # export lab -------------------------------------------------------------------------------

    def import_export_lab(self) -> None:
        """A firm's rows are its track's steps in the order of their dates. Each step follows
        from the one before, so after a bad row the firm's later rows are not tried (they
        would only repeat the problem)."""
        by_firm: dict[str, list[tuple[Row, str, date, str]]] = {}
        broken: set[str] = set()
        for row in self.rows("export_lab"):
            enrolment = self.enrolment_of(row)
            stage = row.choice(
                "stage", ExportLabStage.values, _labels(ExportLabStage), required=True
            )
            entered_on = row.day("entered_on", required=True)
            target = row.country("target_country")
            if not self.checked(row):
                broken.add(row.cells.get("registry_id", ""))
                continue
            if enrolment is None:
                continue
            self.saw_activity(row, entered_on)
            by_firm.setdefault(row.cells["registry_id"], []).append(
                (row, stage, entered_on, target)
            )
        for registry_id, steps in by_firm.items():
            if registry_id in broken:
                continue
            enrolment = self.participants[registry_id].enrolment
            steps.sort(key=lambda step: (step[2], step[0].line))
            for row, stage, entered_on, target in steps:
                went_through = self.attempt(
                    row,
                    partial(self.lab_step, enrolment, stage, entered_on, target),
                    {
                        "enrolment": "registry_id",
                        "to_stage": "stage",
                        "entered_on": "entered_on",
                        "target_market": "target_country",
                    },
                )
                if not went_through:
                    break  # the firm's later steps follow from this one

    def lab_step(self, enrolment: Enrolment, stage: str, entered_on: date, target: str) -> str:
        track = ExportLabTrack.objects.filter(enrolment=enrolment).first()
        if track is None:
            if stage != ExportLabStage.MARKET_CHOICE:
                raise RowRefused(
                    _(
                        "stage: A track starts at market choice; the firm's first row is at "
                        "%(stage)s."
                    )
                    % {"stage": ExportLabStage(stage).label.lower()}
                )
            export_lab_start(
                enrolment=enrolment,
                target_market=target,
                entered_on=entered_on,
                notes=_(IMPORT_NOTE),
            )
            return CREATE
        if target and target != track.target_market.code:
            raise _differs(_("target market %(country)s") % {"country": track.target_market.code})
        if track.steps.filter(stage=stage, entered_on=entered_on).exists():
            return UNCHANGED
        export_lab_advance(track=track, to_stage=stage, entered_on=entered_on, notes=_(IMPORT_NOTE))
        return CREATE

    # outcomes ---------------------------------------------------------------------------------

    def import_outcomes(self) -> None:
        for row in self.rows("outcomes"):
            enrolment = self.enrolment_of(row)
            kind = row.choice("kind", OutcomeKind.values, _labels(OutcomeKind), required=True)
            day = row.day("date", required=True)
            country = row.country("country")
            quantity = row.integer("quantity")
            if not self.checked(row) or enrolment is None:
                continue
            write = partial(self.outcome, enrolment, kind, day, country, quantity)
            self.attempt(row, write, {"enrolment": "registry_id"})

    def outcome(
        self, enrolment: Enrolment, kind: str, day: date, country: str, quantity: int | None
    ) -> str:
        recorded = Outcome.objects.filter(
            enrolment=enrolment, kind=kind, date=day, country=country
        ).first()
        if recorded is not None:
            if quantity is not None and recorded.quantity != quantity:
                raise _differs(_("quantity %(quantity)s") % {"quantity": recorded.quantity})
            return UNCHANGED
        outcome_record(
            enrolment=enrolment,
            kind=kind,
            date=day,
            country=country,
            quantity=quantity,
            note=_(IMPORT_NOTE),
            source=OutcomeSource.MANAGER,
            recorded_by=self.actor,
        )
        return CREATE


def _check(rule: Callable[[Decimal, str], Decimal], hours: Decimal) -> str | None:
    """A rule that raises, as the message it raises (or None)."""
    try:
        rule(hours, "hours")
    except ValidationError as error:
        return error.messages[0]
    return None


# Template -----------------------------------------------------------------------------------


def template_xlsx() -> bytes:
    """An empty workbook with every sheet and its header row."""
    workbook = XlsxWorkbook(write_only=True)
    for sheet, columns in SHEETS.items():
        worksheet = workbook.create_sheet(sheet)
        worksheet.append(list(columns))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""The atomic dry run: every row is written through the services inside one transaction, each
in a savepoint of its own, and everything is rolled back when it is a dry run or when any row
was refused.

A row a service refuses is rolled back to its savepoint and reported with its reasons, and the
import goes on with the next row, so that every bad row is listed at once; one bad row and
nothing is written. A preview and the import it previews are therefore the same code: what
the preview shows is what confirming writes, and every rule is checked in its one place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from clusters.imports.report import ImportReport, RowAction, RowError, RowWarning
from clusters.imports.rows import Row


class RowRefused(Exception):
    """A row the rules refuse; ``reasons`` are "column: reason" texts."""

    def __init__(self, *reasons: str):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def refusal_reasons(error: Exception, fields: Mapping[str, str]) -> list[str]:
    """A refusal as "column: reason" texts; ``fields`` names a service's fields as the sheet's
    columns (a field it does not name is shown as it is)."""
    if isinstance(error, RowRefused):
        return list(error.reasons)
    if isinstance(error, PermissionDenied):
        return [str(error) or _("You may not do this.")]
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    reasons = []
    for name, messages in error.message_dict.items():
        for message in messages:
            column = fields.get(name, name)
            reasons.append(message if column == "__all__" else f"{column}: {message}")
    return reasons


class Recorder:
    """Writes rows, each in a savepoint, and records in the report what each did or why it
    was refused."""

    def __init__(self, report: ImportReport):
        self.report = report

    def refuse(self, row: Row, reasons: Sequence[str]) -> None:
        self.report.errors.append(RowError(row.sheet, row.line, tuple(reasons)))

    def checked(self, row: Row) -> bool:
        """Whether the row's cells were read without problems (else they are reported)."""
        if row.problems:
            self.refuse(row, row.problems)
            return False
        return True

    def attempt(self, row: Row, write: Callable[[], str], fields: Mapping[str, str]) -> bool:
        """Run ``write`` in a savepoint: its action and the row's warnings are recorded, or its
        refusal reported and its writes undone. Whether it went through."""
        try:
            with transaction.atomic():
                action = write()
        except (ValidationError, PermissionDenied, RowRefused) as error:
            self.refuse(row, refusal_reasons(error, fields))
            return False
        self.record(row, action)
        return True

    def record(self, row: Row, action: str) -> None:
        """Record what a row did, with its warnings (an importer that writes its rows in bulk
        records each row that went through)."""
        self.report.actions.append(RowAction(row.sheet, row.line, action, row.summary()))
        if row.warnings:
            self.report.warnings.append(RowWarning(row.sheet, row.line, tuple(row.warnings)))

    def withdraw(self, sheet: str, line: int) -> None:
        """Forget what a row did: a later step of the same row was refused."""
        report = self.report
        report.actions = [a for a in report.actions if (a.sheet, a.line) != (sheet, line)]
        report.warnings = [w for w in report.warnings if (w.sheet, w.line) != (sheet, line)]


class _RollBack(Exception):
    """Leaves the transaction without writing (a dry run, or rows were refused)."""


def take_turns(key: str) -> None:
    """Wait until no other transaction holds ``key``, and hold it until this one ends.

    Two imports of one file at the same moment would each find no project or firm of that
    name, each create it, and the second would fail on a unique slug or registry id (or, where
    no constraint guards, write everything twice). Imports into one cluster therefore take
    turns: the second starts when the first has committed and finds what it wrote. A
    PostgreSQL advisory lock, because the rows to lock do not exist yet; SQLite serializes
    whole writes anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])


def import_atomically(
    report: ImportReport,
    work: Callable[[Recorder], None],
    *,
    dry_run: bool,
    turn_key: str,
) -> ImportReport:
    """Do ``work`` in one transaction, kept only when no row was refused and this is not a dry
    run (then ``report.written``), after the imports holding ``turn_key`` (the cluster's)
    have finished. Exceptions other than refusals (PermissionDenied for the import as a whole)
    roll back and propagate."""
    try:
        with transaction.atomic():
            take_turns(f"clusterdesk-import:{turn_key}")
            work(Recorder(report))
            if report.errors or dry_run:
                raise _RollBack
            report.written = True
    except _RollBack:
        pass
    report.sort()
    return report

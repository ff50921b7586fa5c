"""The protocol every sheet importer follows, in the manner of pretix's ``ImportColumn``.

A sheet importer declares its ``sheet`` name and its ``columns`` (a coded column with the
values it accepts), reads one row into data (``read``: problems are left on the row), and
writes data through the services that hold the rules (``write``: it returns CREATE, UPDATE
or UNCHANGED, or raises ValidationError, PermissionDenied or RowRefused to refuse the row).
``run`` takes a sheet's rows one by one; an importer whose rows depend on each other
overrides ``prepare`` (look at the whole sheet first) or ``run`` itself.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from functools import partial
from typing import ClassVar, Generic, TypeVar

from clusters.imports.columns import Column
from clusters.imports.rows import Row
from clusters.imports.run import Recorder
from clusters.imports.workbook import Records

Data = TypeVar("Data")


class SheetImporter(ABC, Generic[Data]):
    """One sheet of an import: its columns, how a row is read, how it is written."""

    sheet: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]
    # A service's field → the column it comes from, so that a refusal names the column.
    fields: ClassVar[Mapping[str, str]] = {}

    @classmethod
    def column_names(cls) -> tuple[str, ...]:
        return tuple(column.name for column in cls.columns)

    @classmethod
    def optional_column_names(cls) -> tuple[str, ...]:
        """The columns a sheet may leave out of its first line."""
        return tuple(column.name for column in cls.columns if column.optional)

    def rows(self, records: Records) -> list[Row]:
        return [Row(self.sheet, line, cells, self.columns) for line, cells in records]

    def prepare(self, rows: list[Row]) -> None:
        """Look at the whole sheet before its first row is read (repeated keys, lookups)."""

    @abstractmethod
    def read(self, row: Row) -> Data | None:
        """The row's cells as the data ``write`` takes; problems are left on ``row``. None:
        there is nothing to write (what the row is about was refused elsewhere)."""

    @abstractmethod
    def write(self, data: Data) -> str:
        """Write ``data`` through the services; CREATE, UPDATE or UNCHANGED."""

    def run(self, records: Records, recorder: Recorder) -> None:
        """Import the sheet's rows in the order of their lines."""
        rows = self.rows(records)
        self.prepare(rows)
        for row in rows:
            self.import_row(row, recorder)

    def import_row(self, row: Row, recorder: Recorder) -> bool:
        """Read the row and, when it reads cleanly, write it. Whether it went through."""
        data = self.read(row)
        if not recorder.checked(row) or data is None:
            return False
        return recorder.attempt(row, partial(self.write, data), self.fields)


def lines_per_value(rows: list[Row], column: str) -> dict[str, list[int]]:
    """The lines on which each value of ``column`` stands, to find a key given twice."""
    lines: dict[str, list[int]] = {}
    for row in rows:
        value = row.cells.get(column, "").strip()
        if value:
            lines.setdefault(value, []).append(row.line)
    return lines

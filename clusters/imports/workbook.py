"""A file's sheets as numbered rows of {column: text}, with the problems of whole sheets.

Three ways in: one CSV or XLSX file holding one sheet (``read_table``), an XLSX workbook with
one sheet per part (``read_xlsx_workbook``), or a directory holding one CSV per sheet named
after it (``read_csv_directory``). Every column an importer declares must be named in its
sheet's first line (in any order), but for its optional ones, whose cells then read as empty;
other columns are ignored, and said to be.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from django.utils.translation import gettext as _

from clusters.imports import files
from clusters.imports.files import ImportFileError, Lines
from clusters.imports.report import RowError

Records = list[tuple[int, dict[str, str]]]
# Per sheet, the columns it may leave out.
Optional = Mapping[str, Collection[str]]


@dataclass
class Workbook:
    """The sheets read from a file, the problems of whole sheets or of the file, and what was
    ignored in it."""

    source: str
    sheets: dict[str, Records] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def has(self, sheets: Sequence[str]) -> bool:
        """Whether every sheet of ``sheets`` could be read (its rows may still be wrong)."""
        return all(sheet in self.sheets for sheet in sheets)

    def add_sheet(
        self,
        name: str,
        lines: Lines,
        label: str,
        columns: Sequence[str],
        optional: Collection[str] = (),
    ) -> None:
        """Take one sheet of a many-sheet file; ``label`` names it as the file does."""
        if name in self.sheets:
            self.errors.append(RowError(name, None, (_("The sheet is given twice."),)))
            return
        if not any(any(cells) for cells in lines):
            return  # an empty sheet is an absent one
        try:
            records, ignored = sheet_records(lines, columns, optional)
        except ImportFileError as error:
            self.errors.append(RowError(name, None, error.messages))
            return
        if not records:
            return  # a sheet with no rows is an absent one
        self.ignored += [f"{name}.{column}" for column in ignored]
        self.sheets[name] = records


def sheet_records(
    lines: Lines, columns: Sequence[str], optional: Collection[str] = ()
) -> tuple[Records, list[str]]:
    """The sheet's non-blank rows as {column: text} (an ``optional`` column left out reads
    as empty cells), and the columns it has beyond ``columns``; raises ImportFileError when
    its first line lacks or repeats columns."""
    header, rows = files.header_and_rows(lines)
    problems = []
    missing = [column for column in columns if column not in header and column not in optional]
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
        raise ImportFileError(*problems)
    position = {column: header.index(column) if column in header else None for column in columns}
    records = [
        (
            line,
            {
                c: cells[i].strip() if i is not None and i < len(cells) else ""
                for c, i in position.items()
            },
        )
        for line, cells in rows
    ]
    return records, [column for column in header if column and column not in columns]


def read_table(
    content: bytes,
    filename: str,
    sheet: str,
    columns: Sequence[str],
    optional: Collection[str] = (),
) -> Workbook:
    """A CSV or XLSX file holding the one sheet ``sheet`` (an XLSX file's first worksheet);
    its ignored columns are named bare."""
    workbook = Workbook(source=PurePath(filename).name)
    try:
        kind = files.file_kind(filename)
        files.check_size(len(content))
        if not content.strip():
            raise ImportFileError(_("The file is empty."))
        if kind == "xlsx":
            lines = files.read_xlsx_sheets(content, first_only=True)[0][1]
        else:
            lines = files.read_csv_lines(content)
        records, workbook.ignored = sheet_records(lines, columns, optional)
        if not records:
            raise ImportFileError(_("The file has a header but no rows to import."))
    except ImportFileError as error:
        workbook.errors.append(RowError("", None, error.messages))
        return workbook
    workbook.sheets[sheet] = records
    return workbook


def read_xlsx_workbook(
    content: bytes,
    filename: str,
    columns: Mapping[str, Sequence[str]],
    optional: Optional | None = None,
) -> Workbook:
    """An XLSX workbook with one worksheet per sheet of ``columns``, named after it; other
    worksheets are ignored. ``optional``: per sheet, the columns it may leave out."""
    workbook = Workbook(source=PurePath(filename).name)
    try:
        files.require_xlsx(filename)
        files.check_size(len(content))
        sheets = files.read_xlsx_sheets(content)
    except ImportFileError as error:
        workbook.errors.append(RowError("", None, error.messages))
        return workbook
    for title, lines in sheets:
        _add_named(workbook, files.column_name(title), lines, title, columns, optional)
    return workbook


def read_csv_directory(
    path: Path, columns: Mapping[str, Sequence[str]], optional: Optional | None = None
) -> Workbook:
    """A directory with one CSV per sheet of ``columns``, named after it
    (``participants.csv``); other files are ignored."""
    workbook = Workbook(source=path.name)
    for file in sorted(path.iterdir()):
        if not file.is_file() or file.suffix.lower() != ".csv":
            continue
        try:
            files.check_size(file.stat().st_size)
            lines = files.read_csv_lines(file.read_bytes())
        except ImportFileError as error:
            workbook.errors.append(RowError(file.stem, None, error.messages))
            continue
        _add_named(workbook, files.column_name(file.stem), lines, file.name, columns, optional)
    return workbook


def read_path(
    path: Path, columns: Mapping[str, Sequence[str]], optional: Optional | None = None
) -> Workbook:
    """An XLSX workbook file or a directory of CSV files, as a command is given."""
    if path.is_dir():
        return read_csv_directory(path, columns, optional)
    try:
        files.check_size(path.stat().st_size)
    except ImportFileError as error:
        return Workbook(source=path.name, errors=[RowError("", None, error.messages)])
    return read_xlsx_workbook(path.read_bytes(), path.name, columns, optional)


def _add_named(
    workbook: Workbook,
    name: str,
    lines: Lines,
    label: str,
    columns: Mapping[str, Sequence[str]],
    optional: Optional | None,
) -> None:
    if name in columns:
        workbook.add_sheet(name, lines, label, columns[name], (optional or {}).get(name, ()))
    elif any(any(cells) for cells in lines):
        workbook.ignored.append(label)

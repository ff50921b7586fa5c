"""Reading spreadsheets people upload, and writing the empty templates they start from.

CSV (UTF-8, comma, semicolon or tab) and XLSX: the file's type and size are checked before it
is read, rows are capped, and cells come back as the text a CSV would hold. An XLSX file is
read for its cells' values only (``data_only``): a formula is never evaluated nor kept, only
the value the spreadsheet last computed for it.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import PurePath

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from clusters.spreadsheets import csv_bytes, xlsx_workbook_bytes

# Read at call time, so that a test can lower them.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000

Lines = list[list[str]]
Rows = list[tuple[int, list[str]]]


class ImportFileError(Exception):
    """The file or a sheet as a whole cannot be read: wrong type, too big, empty, columns
    missing. ``messages`` says every reason."""

    def __init__(self, *messages: str):
        super().__init__(" ".join(messages))
        self.messages = messages


def file_kind(filename: str) -> str:
    """ "csv" or "xlsx", from the file's name."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".csv", ".xlsx"):
        return suffix[1:]
    raise ImportFileError(
        _("“%(name)s” is neither a CSV nor an XLSX file: upload a .csv or .xlsx file.")
        % {"name": PurePath(filename).name}
    )


def require_xlsx(filename: str) -> None:
    """Refuse a file whose name is not that of an XLSX workbook."""
    if PurePath(filename).suffix.lower() != ".xlsx":
        raise ImportFileError(
            _("“%(name)s” is not an XLSX workbook: upload a .xlsx file.")
            % {"name": PurePath(filename).name}
        )


def check_size(size: int) -> None:
    """Refuse a file larger than ``MAX_FILE_BYTES``."""
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is larger than %(limit)s MB: split it into smaller files.")
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )


def header_and_rows(lines: Lines) -> tuple[list[str], Rows]:
    """Split a sheet's lines into its normalised header and its non-blank rows, numbered as
    the spreadsheet numbers them (header = 1)."""
    if not lines or not any(lines[0]):
        raise ImportFileError(_("The file is empty: its first line must name the columns."))
    header = [column_name(cell) for cell in lines[0]]
    rows = [(number, cells) for number, cells in enumerate(lines[1:], start=2) if any(cells)]
    return header, rows


def column_name(cell: str) -> str:
    """A column or sheet name as the imports spell it: "Start date" is start_date."""
    return cell.strip().lower().replace(" ", "_")


def read_csv_lines(content: bytes) -> Lines:
    """The lines of a CSV file as lists of stripped cells."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The CSV file is not UTF-8 text: save it as “CSV UTF-8” and upload it again.")
        ) from None
    if "\x00" in text:
        raise ImportFileError(_("This is not a CSV text file."))
    first_line = text.split("\n", 1)[0]
    # Spreadsheets in Swedish and Russian locales write semicolons.
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines = []
    try:
        for cells in reader:
            if len(lines) > MAX_ROWS:
                raise _too_many_rows()
            lines.append([cell.strip() for cell in cells])
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file cannot be read near line %(line)s: %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from None
    return lines


def read_xlsx_sheets(content: bytes, *, first_only: bool = False) -> list[tuple[str, Lines]]:
    """The worksheets of the workbook (every one, or the first), in order, as (title, lines);
    at least one entry."""
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ImportFileError(_("This is not a readable XLSX file.")) from None
    try:
        sheets = []
        for worksheet in workbook.worksheets:
            lines = []
            for values in worksheet.iter_rows(values_only=True):
                if len(lines) > MAX_ROWS:
                    raise _too_many_rows()
                lines.append([cell_text(value) for value in values])
            sheets.append((worksheet.title, lines))
            if first_only:
                break
        return sheets or [("", [])]
    finally:
        workbook.close()


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(limit)s rows: split it into smaller files.")
        % {"limit": MAX_ROWS}
    )


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


# Templates ----------------------------------------------------------------------------------


def template_csv(columns: Sequence[str]) -> bytes:
    """The header row a one-sheet CSV import starts with."""
    return csv_bytes([columns])


def template_xlsx(sheets: Mapping[str, Sequence[str]]) -> bytes:
    """An empty workbook with every sheet and its header row."""
    return xlsx_workbook_bytes({sheet: [columns] for sheet, columns in sheets.items()})

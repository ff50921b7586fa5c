"""Reading spreadsheets people upload, and writing the empty templates they start from.

CSV (UTF-8, comma, semicolon or tab) and XLSX: the file's type and size are checked before it
is read, rows are capped, and cells come back as the text a CSV would hold. An XLSX file is
read for its cells' values only (``data_only``): a formula is never evaluated nor kept, only
the value the spreadsheet last computed for it.

A hostile file must not tie up a worker: an XLSX file is a zip of XML, so its central
directory (sizes, compression ratio, entries, sheets) is checked before openpyxl opens it,
then rows and columns are capped while its sheets are streamed (``read_only``), within a time
budget. The caps are settings (``IMPORT_*``, see README "Configuration"), read at call time.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import time
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from clusters.imports import xlsx
from clusters.spreadsheets import csv_bytes, xlsx_workbook_bytes

Lines = list[list[str]]
# What openpyxl raises on a damaged workbook: malformed XML is a SyntaxError (ElementTree's
# ParseError), a DTD or an entity defusedxml's DefusedXmlException, a ValueError.
UNREADABLE = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    OSError,
    ValueError,
    EOFError,
    SyntaxError,
)
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
    """Refuse a file larger than ``IMPORT_MAX_FILE_BYTES``."""
    if size > settings.IMPORT_MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is larger than %(limit)s: split it into smaller files.")
            % {"limit": filesizeformat(settings.IMPORT_MAX_FILE_BYTES)}
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
    text = csv_text(content)
    first_line = text.split("\n", 1)[0]
    # Spreadsheets in Swedish and Russian locales write semicolons.
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines = []
    try:
        for cells in reader:
            if len(lines) > settings.IMPORT_MAX_ROWS:
                raise _too_many_rows()
            if len(cells) > settings.IMPORT_MAX_COLUMNS:
                raise _too_many_columns(reader.line_num)
            lines.append([cell.strip() for cell in cells])
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file cannot be read near line %(line)s: %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from None
    return lines


def _save_as_utf8() -> str:
    return _("Save it as “CSV UTF-8” and upload it again.")


def csv_text(content: bytes) -> str:
    """The CSV file's text; a file in another encoding is refused, naming it where it can,
    since decoding it as UTF-8 anyway would import garbled names silently."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(content):
        raise ImportFileError(
            _("The CSV file is UTF-16 (“Unicode text”), not UTF-8.") + " " + _save_as_utf8()
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise ImportFileError(
            _(
                "The CSV file is not UTF-8 text: line %(line)s holds a byte UTF-8 does not "
                "have, as files saved as Latin-1 or Windows-1252 (“CSV”, not “CSV UTF-8”) do."
            )
            % {"line": line}
            + " "
            + _save_as_utf8()
        ) from None
    if "\x00" in text:
        raise ImportFileError(_("This is not a CSV text file: it holds NUL bytes."))
    if _double_encoded(text):
        raise ImportFileError(
            _(
                "The CSV file's accented letters are garbled (“Ã¤” for “ä”): it was read in "
                "another encoding and saved as UTF-8 again. Export it once more from the "
                "original spreadsheet."
            )
        )
    return text


def _looks_utf16(content: bytes) -> bool:
    """UTF-16 without a byte order mark: text with a NUL byte beside nearly every letter."""
    sample = content[:1000]
    return len(sample) >= 4 and sample.count(0) * 3 >= len(sample)


def _double_encoded(text: str) -> bool:
    """Whether the text is UTF-8 that was read as Windows-1252 and saved as UTF-8 again: each
    accented letter then stands as two or three characters that, encoded back, are UTF-8."""
    if text.isascii():
        return False
    try:
        return text.encode("cp1252").decode("utf-8") != text
    except UnicodeError:
        return False


def read_xlsx_sheets(content: bytes, *, first_only: bool = False) -> list[tuple[str, Lines]]:
    """The worksheets of the workbook (every one, or the first), in order, as (title, lines);
    at least one entry."""
    deadline = time.monotonic() + settings.IMPORT_PARSE_SECONDS
    check_xlsx_archive(content, deadline=deadline)
    try:
        workbook = xlsx.Workbook(content)
    except UNREADABLE:
        raise ImportFileError(_("This is not a readable XLSX file.")) from None
    try:
        if len(workbook.sheets) > settings.IMPORT_MAX_SHEETS:
            raise _too_many_sheets(len(workbook.sheets))
        sheets = []
        for title, part in workbook.sheets:
            sheets.append((title, _sheet_lines(workbook.rows(part), title, deadline)))
            if first_only:
                break
        return sheets or [("", [])]
    except UNREADABLE:
        # A sheet is read only now: a corrupt one shows here.
        raise ImportFileError(_("This is not a readable XLSX file.")) from None
    finally:
        workbook.close()


def _sheet_lines(rows: Iterable[list], title: str, deadline: float) -> Lines:
    """A worksheet's lines, refused as soon as one passes the row or column cap or the
    parse takes longer than the time budget. A row is as wide as its last cell: the
    <dimension> element is the file's claim, not a fact (a sheet claiming A1:XFD1048576
    would pad every row to 16,384 cells), so it is not read."""
    lines = []
    max_rows, max_columns = settings.IMPORT_MAX_ROWS + 1, settings.IMPORT_MAX_COLUMNS
    text = cell_text
    for number, values in enumerate(rows):
        if number >= max_rows:
            raise _too_many_rows()
        if len(values) > max_columns:
            raise _too_many_columns(number + 1, title)
        if time.monotonic() > deadline:
            raise _too_slow()
        lines.append([text(value) for value in values])
    return lines


def check_xlsx_archive(content: bytes, *, deadline: float | None = None) -> None:
    """Refuse an XLSX file that is no zip, that would expand beyond the caps (a zip bomb) or
    whose sheets have more rows or cells in a row than the caps.

    The central directory is checked first: its sizes can be trusted, since Python's zipfile
    never inflates a part past its declared size (a lying part fails its CRC check). Then every
    part is inflated as a stream and its rows and cells counted by their tags, in bounded
    memory: openpyxl builds a whole row before it hands it over, so a row of a million cells
    would cost gigabytes before the column cap could refuse it.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise ImportFileError(
            _(
                "This is not a readable XLSX file: its content is not a zip archive, as every "
                "XLSX workbook is. Save it from the spreadsheet as “Excel Workbook (.xlsx)”."
            )
        ) from None
    if len(entries) > settings.IMPORT_MAX_ZIP_ENTRIES:
        raise ImportFileError(
            _("The workbook holds %(count)s parts; at most %(limit)s are accepted.")
            % {"count": len(entries), "limit": settings.IMPORT_MAX_ZIP_ENTRIES}
        )
    sheets = [e for e in entries if e.filename.startswith("xl/worksheets/sheet")]
    if len(sheets) > settings.IMPORT_MAX_SHEETS:
        raise _too_many_sheets(len(sheets))
    expanded = sum(entry.file_size for entry in entries)
    if expanded > settings.IMPORT_MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError(
            _(
                "The workbook expands to %(size)s when opened; at most %(limit)s are "
                "accepted: split it into smaller files."
            )
            % {
                "size": filesizeformat(expanded),
                "limit": filesizeformat(settings.IMPORT_MAX_UNCOMPRESSED_BYTES),
            }
        )
    for entry in entries:
        # Small parts compress as they like; a ratio matters once a part is large.
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > 1024 * 1024 and ratio > settings.IMPORT_MAX_COMPRESSION_RATIO:
            raise ImportFileError(
                _(
                    "The workbook's part “%(part)s” expands %(ratio)s times when opened; "
                    "at most %(limit)s times is accepted. Is it a zip bomb?"
                )
                % {
                    "part": entry.filename,
                    "ratio": int(ratio),
                    "limit": settings.IMPORT_MAX_COMPRESSION_RATIO,
                }
            )
    deadline = deadline or time.monotonic() + settings.IMPORT_PARSE_SECONDS
    try:
        for entry in entries:
            _count_rows_and_cells(archive, entry, deadline)
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error, NotImplementedError):
        raise ImportFileError(_("This is not a readable XLSX file.")) from None


# A row's or a cell's start tag, with or without a namespace prefix (<row r="2">, <x:c>).
ROW_OR_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])")
SCAN_CHUNK = 1024 * 1024


def _count_rows_and_cells(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, deadline) -> None:
    """Refuse a part with more rows, or more cells in a row, than the caps allow. Every part
    is counted, not only those named like sheets: a workbook's relations may name any part
    as a sheet."""
    rows = cells = 0
    carry = b""
    with archive.open(entry) as stream:
        while chunk := stream.read(SCAN_CHUNK):
            data = carry + chunk
            # A tag cut at the chunk's end is counted with the next chunk.
            cut = data.rfind(b"<")
            data, carry = (data[:cut], data[cut:]) if cut >= 0 else (data, b"")
            for tag in ROW_OR_CELL.finditer(data):
                if tag.group(1) == b"row":
                    rows, cells = rows + 1, 0
                    if rows > settings.IMPORT_MAX_ROWS + 1:
                        raise _too_many_rows()
                else:
                    cells += 1
                    if cells > settings.IMPORT_MAX_COLUMNS:
                        raise _too_many_columns(part=entry.filename)
            if time.monotonic() > deadline:
                raise _too_slow()


def _too_many_sheets(count: int) -> ImportFileError:
    return ImportFileError(
        _("The workbook has %(count)s sheets; at most %(limit)s are accepted.")
        % {"count": count, "limit": settings.IMPORT_MAX_SHEETS}
    )


def _too_slow() -> ImportFileError:
    return ImportFileError(
        _(
            "Reading the workbook took longer than %(seconds)s seconds, so it was stopped: "
            "split it into smaller files."
        )
        % {"seconds": settings.IMPORT_PARSE_SECONDS}
    )


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(limit)s rows: split it into smaller files.")
        % {"limit": settings.IMPORT_MAX_ROWS}
    )


def _too_many_columns(line: int = 0, sheet: str = "", part: str = "") -> ImportFileError:
    if part:
        where = _("in “%(part)s”") % {"part": part}
    elif sheet:
        where = _("sheet “%(sheet)s”, line %(line)s") % {"sheet": sheet, "line": line}
    else:
        where = _("line %(line)s") % {"line": line}
    return ImportFileError(
        _(
            "The file has more than %(limit)s columns (%(where)s): remove the columns it does "
            "not need."
        )
        % {"limit": settings.IMPORT_MAX_COLUMNS, "where": where}
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

"""Writing CSV and XLSX files, the one way every download and template does it (members
directory, participant lists, report runs, import templates).

Every cell goes through ``neutralise`` when the file is written, so no caller can forget it:

1. cleaned first: control characters (C0 but tab, newline and carriage return; DEL; C1) are
   dropped. XLSX cannot hold them, and a spreadsheet may ignore them when reading a CSV.
2. then neutralised: text that a spreadsheet would run as a formula gets a leading apostrophe
   (OWASP "CSV injection"). That is text starting with ``=``, ``+``, ``-``, ``@`` (or their
   full-width forms) once leading whitespace and invisible format characters are skipped,
   and text starting with a tab, carriage return or newline.

The order matters: cleaning after neutralising let ``"\\x01=HYPERLINK(…)"`` pass as harmless
text and become ``=HYPERLINK(…)`` in the file. XLSX text cells are moreover written as strings
whatever they hold, never as formulas. Numbers and dates stay what they are: a negative number
is a number, never text.

A large download (the member directory of a national agency) streams: ``csv_stream`` and
``xlsx_stream`` yield the file while they write it, in the memory of one batch of rows. The
XLSX stream zips its parts with the standard library onto an unseekable sink (each part's
sizes follow its data), the sheet first, its text as inline strings; openpyxl's write-only
mode cannot stream, since it assembles the zip only when the whole sheet is written.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape as xml_escape

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

# What a spreadsheet runs as a formula when a cell starts with it (full-width forms too: some
# spreadsheets fold them to their ASCII twins).
FORMULA_TRIGGERS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
# Whitespace that starts a cell and makes a spreadsheet read it oddly on its own.
LEADING_BREAKS = ("\t", "\r", "\n")
# C0 controls but tab, newline and carriage return; DEL; C1 controls.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What a sheet's name may not hold, and how long it may be (Excel's rules).
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
SHEET_TITLE_LENGTH = 31

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _is_invisible(char: str) -> bool:
    """Whitespace or a format character (zero-width space, BOM…): nothing a reader sees."""
    return char.isspace() or unicodedata.category(char) == "Cf"


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet could take this (already cleaned) text for a formula."""
    if text.startswith(LEADING_BREAKS):
        return True
    first = next((char for char in text if not _is_invisible(char)), "")
    return first in FORMULA_TRIGGERS


def neutralise(value):
    """A cell as it may be written: text cleaned of control characters, then prefixed with an
    apostrophe when a spreadsheet would run it; numbers, dates and None unchanged.
    Neutralising twice changes nothing more."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return value
    text = CONTROL_CHARACTERS.sub("", value)
    return f"'{text}" if runs_as_formula(text) else text


def sheet_title(title: str) -> str:
    """A sheet name Excel accepts, whatever the (translated) title holds."""
    cleaned = CONTROL_CHARACTERS.sub("", SHEET_TITLE_FORBIDDEN.sub("", str(title)))
    return cleaned[:SHEET_TITLE_LENGTH] or "Sheet"


def csv_bytes(rows: Iterable[Sequence]) -> bytes:
    """Rows as UTF-8 CSV, every cell neutralised; None is an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow("" if cell is None else neutralise(cell) for cell in row)
    # The byte-order mark makes Excel read the file as UTF-8 (Gävle, Калуга).
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell(sheet, value):
    value = neutralise(value)
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    # Text is a string cell, never a formula, whatever it starts with.
    cell.data_type = "s"
    return cell


def xlsx_workbook_bytes(sheets: Mapping[str, Iterable[Sequence]]) -> bytes:
    """Sheets (title: rows) as an XLSX workbook written in streaming mode, every cell
    neutralised and every text cell a string."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title=sheet_title(title))
        for row in rows:
            sheet.append([_xlsx_cell(sheet, cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(title: str, rows: Iterable[Sequence]) -> bytes:
    """Rows as a one-sheet XLSX workbook (see xlsx_workbook_bytes)."""
    return xlsx_workbook_bytes({title: rows})


# Streaming: files written as they are sent, in bounded memory -------------------------------

#: Rows written between two chunks of a streamed file.
STREAM_ROWS = 500


def csv_stream(rows: Iterable[Sequence], *, batch: int = STREAM_ROWS) -> Iterator[bytes]:
    """Rows as UTF-8 CSV like ``csv_bytes``, yielded every ``batch`` rows: the first chunk
    (byte-order mark and header) leaves before the rest is read."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    for number, row in enumerate(rows, start=1):
        writer.writerow("" if cell is None else neutralise(cell) for cell in row)
        if number == 1 or number % batch == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if tail := buffer.getvalue():
        yield tail.encode("utf-8")


class _Drain(io.RawIOBase):
    """An unseekable sink that keeps what is written until it is taken: zipfile then writes
    each part's sizes after its data, so a zip can be sent while it is written."""

    def __init__(self):
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        taken, self.chunks = b"".join(self.chunks), []
        return taken


# An XLSX workbook of one sheet holds these parts besides the sheet itself; style 1 shows a
# date (built-in format 14), so that dates stay dates.
_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats'
        '.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        '<Relationship Id="rId2" Target="styles.xml" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/styles"/></Relationships>'
    ),
    "xl/styles.xml": (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
        "</borders>"
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" '
        'applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_START = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = "</sheetData></worksheet>"
_EXCEL_EPOCH = date(1899, 12, 30)


def _workbook_xml(title: str) -> str:
    return (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{xml_escape(sheet_title(title), {chr(34): "&quot;"})}" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _xml_cell(value) -> str:
    """One ``<c>`` of a streamed sheet: text as an inline string (never a formula), numbers
    as numbers, dates as serial days in the date style."""
    value = neutralise(value)
    if value is None:
        return "<c/>"
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f"<c><v>{value}</v></c>"
    if isinstance(value, datetime):
        day = value.replace(tzinfo=None) - datetime(1899, 12, 30)
        return f'<c s="1"><v>{day.total_seconds() / 86400}</v></c>'
    if isinstance(value, date):
        return f'<c s="1"><v>{(value - _EXCEL_EPOCH).days}</v></c>'
    text = xml_escape(str(value))
    return f'<c t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def xlsx_stream(
    title: str, rows: Iterable[Sequence], *, batch: int = STREAM_ROWS
) -> Iterator[bytes]:
    """Rows as a one-sheet XLSX workbook, yielded as it is zipped: the sheet first, every
    ``batch`` rows, then the small parts. Memory stays that of one batch whatever the rows;
    cells are neutralised as in ``xlsx_bytes`` and text is never a formula."""
    sink = _Drain()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", mode="w", force_zip64=True) as sheet:
            sheet.write((_XML_DECLARATION + _SHEET_START).encode())
            for number, row in enumerate(rows, start=1):
                cells = "".join(_xml_cell(cell) for cell in row)
                sheet.write(f"<row>{cells}</row>".encode())
                if (number == 1 or number % batch == 0) and (chunk := sink.take()):
                    yield chunk
            sheet.write(_SHEET_END.encode())
        parts = {**_XLSX_PARTS, "xl/workbook.xml": _workbook_xml(title)}
        for name, xml in parts.items():
            archive.writestr(name, _XML_DECLARATION + xml)
    yield sink.take()

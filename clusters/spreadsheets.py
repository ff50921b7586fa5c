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
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

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

"""Writing CSV and XLSX downloads, the one way every export does it (members directory,
report runs).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, so every
such text cell is prefixed with a quote (OWASP "CSV injection"). Numbers and dates stay what
they are: a negative number is a number, never text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# What a sheet's name may not hold, and how long it may be (Excel's rules).
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
SHEET_TITLE_LENGTH = 31

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading quote; nothing else."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return f"'{value}"
    return value


def _xlsx_safe(value):
    """XLSX cannot hold control characters; drop them from text."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def sheet_title(title: str) -> str:
    """A sheet name Excel accepts, whatever the (translated) title holds."""
    return SHEET_TITLE_FORBIDDEN.sub("", str(title))[:SHEET_TITLE_LENGTH] or "Sheet"


def csv_bytes(rows: Iterable[Sequence]) -> bytes:
    """Rows (already neutralised) as UTF-8 CSV; None is an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow("" if cell is None else cell for cell in row)
    # The byte-order mark makes Excel read the file as UTF-8 (Gävle, Калуга).
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(title: str, rows: Iterable[Sequence]) -> bytes:
    """Rows (already neutralised) as a one-sheet XLSX workbook, written in streaming mode."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))
    for row in rows:
        sheet.append([_xlsx_safe(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""The values of an XLSX workbook's worksheets, read in one streaming pass per sheet.

openpyxl's read-only worksheets parse each sheet twice (once for its claimed dimensions,
once for its rows) and build a cell object, a dict and a coordinate per cell before handing
a value over: a 100,000-row workbook took half a minute to read (issue 12). Here openpyxl
still reads the workbook's structure (its sheets, their parts, the shared strings, which
cell styles are dates), and each sheet's rows are read as values straight from the XML,
as openpyxl's ``iter_rows(values_only=True)`` reads them in ``data_only`` mode after
``reset_dimensions()``: a formula counts for the value last computed for it, a missing row
is an empty line, a row is as wide as its last cell.

openpyxl parses the workbook's structure through defusedxml; the sheets go through expat
with the same refusals (no DTD, no entity), handled by events, without an element per tag.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from xml.parsers import expat

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS

# expat names a tag "namespace}name"; ElementTree's "{namespace}name" less the brace.
NS = SHEET_MAIN_NS + "}"
ROW = f"{NS}row"
CELL = f"{NS}c"
VALUE = f"{NS}v"
INLINE = f"{NS}is"
TEXT = f"{NS}t"
PHONETIC = f"{NS}rPh"
CHUNK = 256 * 1024
Values = list[object]


class Workbook:
    """A workbook's worksheets, in order, by title, and how to read each one's rows."""

    def __init__(self, content: bytes):
        self.reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
        reader = self.reader
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        self.book = reader.wb
        self.sheets = [
            (sheet.name, rel.target)
            for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        ]

    @property
    def titles(self) -> list[str]:
        return [title for title, _part in self.sheets]

    def rows(self, part: str) -> Iterator[Values]:
        """The part's rows as lists of values (None for an empty cell), one per line from the
        first; a line the sheet leaves out is an empty list."""
        reader = _SheetReader(self.reader.shared_strings, self.book)
        line = 0
        with self.reader.archive.open(part) as source:
            while True:
                chunk = source.read(CHUNK)
                reader.feed(chunk, final=not chunk)
                for number, values in reader.done:
                    while line < number - 1:
                        line += 1
                        yield []
                    if line < number:
                        line += 1
                        yield values
                reader.done.clear()
                if not chunk:
                    return

    def close(self) -> None:
        self.reader.archive.close()


class _SheetReader:
    """A sheet's rows as values, from expat's events (as openpyxl's ``WorkSheetParser``
    reads them, without building an element per tag): ``feed`` it the part's bytes, take
    the rows it has finished from ``done``."""

    def __init__(self, shared_strings, book):
        self.shared_strings = shared_strings
        self.epoch = book.epoch
        self.date_formats = book._date_formats
        self.timedelta_formats = book._timedelta_formats
        self.columns: dict[str, int] = {}
        self.done: list[tuple[int, Values]] = []
        self.row_number = 0
        self.values: Values | None = None  # the row being read
        self.column = 0
        self.cell: dict | None = None  # the cell being read: its attributes
        self.value: str | None = None
        self.inline: list[str] | None = None  # an inline string's texts
        self.phonetic = False
        self.buffer: list[str] | None = None
        self.parser = _safe_parser()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.data

    def feed(self, data: bytes, final: bool = False) -> None:
        try:
            self.parser.Parse(data, final)
        except expat.ExpatError as error:
            raise ValueError(f"The sheet is not well-formed XML: {error}") from None

    def start(self, name: str, attrs: dict) -> None:
        if name == ROW:
            self.start_row(attrs.get("r"))
        elif self.values is None:
            return
        elif name == CELL:
            self.cell, self.value, self.inline = attrs, None, None
        elif self.cell is None:
            return
        elif name == VALUE and self.value is None:
            self.buffer = []
        elif name == INLINE:
            self.inline = []
        elif name == PHONETIC:
            self.phonetic = True
        elif name == TEXT and self.inline is not None and not self.phonetic:
            self.buffer = []

    def data(self, text: str) -> None:
        if self.buffer is not None:
            self.buffer.append(text)

    def end(self, name: str) -> None:
        if self.buffer is not None and name in (VALUE, TEXT):
            text, self.buffer = "".join(self.buffer), None
            if name == VALUE:
                self.value = text
            else:
                self.inline.append(text)
        elif name == PHONETIC:
            self.phonetic = False
        elif name == CELL and self.cell is not None:
            self.end_cell()
        elif name == ROW and self.values is not None:
            self.done.append((self.row_number, self.values))
            self.values = None

    def start_row(self, number: str | None) -> None:
        if number is None:
            self.row_number += 1
        else:
            value = float(number)
            if not value.is_integer():
                raise ValueError(f"{number} is not a valid row number")
            self.row_number = int(value)
        self.values, self.column = [], 0

    def end_cell(self) -> None:
        cell, values = self.cell, self.values
        coordinate = cell.get("r")
        self.column = self.column_of(coordinate) if coordinate else self.column + 1
        if self.column > len(values):
            values.extend([None] * (self.column - len(values)))
        values[self.column - 1] = self.cell_value(cell.get("t", "n"), cell.get("s"))
        self.cell = None

    def column_of(self, coordinate: str) -> int:
        letters = coordinate.rstrip("0123456789")
        index = self.columns.get(letters)
        if index is None:
            index = self.columns[letters] = column_index_from_string(letters)
        return index

    def cell_value(self, kind: str, style: str | None) -> object:
        if kind == "inlineStr":
            # Its plain text, then the text of its runs (rich text), as openpyxl's Text.
            return None if self.inline is None else "".join(self.inline)
        value = self.value or None
        if value is None:
            return None
        if kind == "n":
            number = float(value) if ("." in value or "e" in value or "E" in value) else int(value)
            if style and int(style) in self.date_formats:
                try:
                    return from_excel(
                        number, self.epoch, timedelta=int(style) in self.timedelta_formats
                    )
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return self.shared_strings[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return from_ISO8601(value)
        return value  # "str" (a formula's text), "e" (an error such as #N/A)


def _refuse(*_args) -> None:
    raise ValueError("A worksheet may hold no DTD and no entity.")


def _safe_parser():
    """An expat parser that refuses what defusedxml refuses, and any DTD: no worksheet
    has one, and entities are how XML bombs and external reads come in."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    return parser

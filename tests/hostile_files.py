"""Hostile files for the upload and import tests, built in memory, small and quick to build.

Each is what an attacker or an unlucky user would send: a zip bomb dressed as a workbook,
a workbook of many sheets or of 20,000 columns, a sheet that claims to be huge, a receipt
that is HTML behind a PDF header.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache

from openpyxl import Workbook

MB = 1024 * 1024
SHEET_START = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
ROW = b'<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></is></c></row>'


def workbook_bytes(*sheets: list[list[object]], titles: list[str] | None = None) -> bytes:
    """A real workbook with one worksheet per list of rows."""
    workbook = Workbook(write_only=True)
    for index, rows in enumerate(sheets):
        worksheet = workbook.create_sheet(titles[index] if titles else f"sheet{index + 1}")
        for row in rows:
            worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_part(workbook: bytes, name: str, write, *, zip64: bool = True) -> bytes:
    """The workbook with its part ``name`` replaced by what ``write(stream)`` writes."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    buffer = io.BytesIO()
    # Level 1: a bomb of repeated rows deflates fast and still ~120 times smaller.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
        with target.open(name, "w", force_zip64=zip64) as stream:
            write(stream)
    return buffer.getvalue()


@cache
def zip_bomb(megabytes: int = 60) -> bytes:
    """A valid workbook whose first sheet expands to ``megabytes`` MB of sheet XML (60 MB:
    a file of about 0.5 MB, past the default cap of 50 MB)."""
    chunk = ROW * (MB // len(ROW))

    def huge_sheet(stream) -> None:
        stream.write(SHEET_START + b"<sheetData>")
        for _ in range(megabytes):
            stream.write(chunk)
        stream.write(b"</sheetData></worksheet>")

    return with_part(workbook_bytes([["name"]]), "xl/worksheets/sheet1.xml", huge_sheet)


@cache
def compressed_part(megabytes: int = 2) -> bytes:
    """A workbook, well under the size cap, whose first sheet compresses about 1,000 times."""

    def blank_sheet(stream) -> None:
        stream.write(SHEET_START + b"<sheetData/>")
        stream.write(b" " * megabytes * MB)
        stream.write(b"</worksheet>")

    return with_part(workbook_bytes([["name"]]), "xl/worksheets/sheet1.xml", blank_sheet)


def claims_to_be_huge() -> bytes:
    """A workbook of two small rows whose sheet claims the dimension A1:XFD1048576, which
    would pad every row it has to 16,384 cells."""

    def claiming_sheet(stream) -> None:
        stream.write(
            SHEET_START + b'<dimension ref="A1:XFD1048576"/><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c>'
            b'<c r="B1" t="inlineStr"><is><t>city</t></is></c></row>'
            b'<row r="2"><c r="A2" t="inlineStr"><is><t>Siljan</t></is></c>'
            b'<c r="B2" t="inlineStr"><is><t>Mora</t></is></c></row>'
            b"</sheetData></worksheet>"
        )

    return with_part(workbook_bytes([["x"]]), "xl/worksheets/sheet1.xml", claiming_sheet)


def many_sheets(count: int) -> bytes:
    return workbook_bytes(*([["name"]] for _ in range(count)))


def wide_sheet(columns: int = 20_000) -> bytes:
    """A workbook whose header has ``columns`` cells (past Excel's 16,384: cells without a
    reference, which a reader numbers one after the other)."""
    cells = b"".join(b'<c t="inlineStr"><is><t>c</t></is></c>' for _ in range(columns))

    def wide(stream) -> None:
        stream.write(SHEET_START + b"<sheetData><row>" + cells + b"</row></sheetData></worksheet>")

    return with_part(workbook_bytes([["x"]]), "xl/worksheets/sheet1.xml", wide)


def many_entries(count: int) -> bytes:
    """A workbook carrying ``count`` extra (empty) parts."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes([["name"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        for n in range(count):
            target.writestr(f"customXml/item{n}.xml", b"")
    return buffer.getvalue()


def far_cell(reference: bytes = b"ZZ1") -> bytes:
    """A workbook with one cell, far to the right: few cells, a wide row."""

    def far(stream) -> None:
        stream.write(
            SHEET_START + b'<sheetData><row r="1"><c r="' + reference + b'" t="inlineStr">'
            b"<is><t>far</t></is></c></row></sheetData></worksheet>"
        )

    return with_part(workbook_bytes([["x"]]), "xl/worksheets/sheet1.xml", far)


def lying_bomb(megabytes: int = 60, claimed: int = 1000) -> bytes:
    """A zip bomb whose directory and local header claim its sheet expands to ``claimed``
    bytes only."""
    chunk = ROW * (MB // len(ROW))

    def huge_sheet(stream) -> None:
        stream.write(SHEET_START + b"<sheetData>")
        for _ in range(megabytes):
            stream.write(chunk)
        stream.write(b"</sheetData></worksheet>")

    name = b"xl/worksheets/sheet1.xml"
    content = bytearray(
        with_part(workbook_bytes([["name"]]), name.decode(), huge_sheet, zip64=False)
    )
    info = zipfile.ZipFile(io.BytesIO(bytes(content))).getinfo(name.decode())
    real = info.file_size.to_bytes(4, "little")
    lie = claimed.to_bytes(4, "little")
    local = info.header_offset
    assert content[local + 22 : local + 26] == real
    content[local + 22 : local + 26] = lie
    central = content.index(b"PK\x01\x02")
    while content[central + 46 : central + 46 + len(name)] != name:
        central = content.index(b"PK\x01\x02", central + 4)
    assert content[central + 24 : central + 28] == real
    content[central + 24 : central + 28] = lie
    return bytes(content)


def sheet_xml(body: bytes) -> bytes:
    """A workbook whose first sheet is ``body``, as it is."""
    return with_part(workbook_bytes([["x"]]), "xl/worksheets/sheet1.xml", lambda s: s.write(body))


TRUNCATED_SHEET = SHEET_START + b'<sheetData><row><c t="inlineStr"><is><t>Siljan'
# Entities expanding each other ("billion laughs"), ten times per level.
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE worksheet ['
    + b'<!ENTITY l0 "ha">'
    + b"".join(b'<!ENTITY l%d "%s">' % (n, b"&l%d;" % (n - 1) * 10) for n in range(1, 10))
    + b"]>"
    + SHEET_START
    + b'<sheetData><row><c t="inlineStr"><is><t>&l9;</t></is></c></row></sheetData></worksheet>'
)

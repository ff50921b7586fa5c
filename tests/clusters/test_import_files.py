"""The import core refuses hostile and mis-encoded files with a clear message, before openpyxl
inflates them or while it streams them, never with a crash or garbled text imported."""

from __future__ import annotations

import codecs

import pytest

from clusters.imports.files import ImportFileError, read_csv_lines, read_xlsx_sheets
from tests.hostile_files import (
    LAUGHS,
    TRUNCATED_SHEET,
    claims_to_be_huge,
    compressed_part,
    far_cell,
    lying_bomb,
    many_entries,
    many_sheets,
    sheet_xml,
    wide_sheet,
    workbook_bytes,
    zip_bomb,
)


def refusal(read, *args, **kwargs) -> str:
    with pytest.raises(ImportFileError) as refused:
        read(*args, **kwargs)
    return " ".join(refused.value.messages)


# XLSX: the central directory, before anything is inflated -----------------------------------


def test_a_workbook_expanding_past_the_size_cap_is_refused_before_it_is_opened():
    message = refusal(read_xlsx_sheets, zip_bomb())
    assert "expands to 60.0\xa0MB when opened; at most 50.0\xa0MB are accepted" in message


def test_a_part_compressed_past_the_ratio_cap_is_refused():
    message = refusal(read_xlsx_sheets, compressed_part())
    assert "“xl/worksheets/sheet1.xml” expands" in message
    assert "at most 100 times is accepted" in message


def test_a_workbook_with_too_many_sheets_is_refused(settings):
    assert read_xlsx_sheets(many_sheets(settings.IMPORT_MAX_SHEETS))
    message = refusal(read_xlsx_sheets, many_sheets(settings.IMPORT_MAX_SHEETS + 1))
    assert "The workbook has 31 sheets; at most 30 are accepted." in message


def test_a_workbook_with_too_many_parts_is_refused(settings):
    message = refusal(read_xlsx_sheets, many_entries(settings.IMPORT_MAX_ZIP_ENTRIES))
    assert "at most 500 are accepted" in message


def test_a_directory_that_understates_a_parts_size_does_not_get_it_inflated():
    """The caps trust the zip directory's sizes: zipfile inflates no more than it declares,
    and the part then fails its checksum."""
    message = refusal(read_xlsx_sheets, lying_bomb())
    assert message == "This is not a readable XLSX file."


@pytest.mark.parametrize(
    "sheet", [TRUNCATED_SHEET, LAUGHS], ids=["malformed xml", "entities (billion laughs)"]
)
def test_a_sheet_of_malformed_xml_or_with_entities_is_unreadable_not_a_crash(sheet):
    assert refusal(read_xlsx_sheets, sheet_xml(sheet)) == "This is not a readable XLSX file."


def test_a_file_that_is_not_a_zip_is_refused_saying_so():
    message = refusal(read_xlsx_sheets, b"name,city\nSiljan,Mora\n")
    assert message.startswith("This is not a readable XLSX file: its content is not a zip")


# XLSX: while the sheets are streamed --------------------------------------------------------


def test_a_sheet_of_20000_columns_is_refused():
    message = refusal(read_xlsx_sheets, wide_sheet(20_000))
    assert "more than 200 columns (in “xl/worksheets/sheet1.xml”)" in message


def test_a_row_with_few_cells_but_one_past_the_column_cap_is_refused():
    message = refusal(read_xlsx_sheets, far_cell(b"ZZ1"))
    assert "more than 200 columns (sheet “sheet1”, line 1)" in message


def test_a_sheet_is_as_wide_as_its_cells_not_as_its_claimed_dimension():
    [(_title, lines)] = read_xlsx_sheets(claims_to_be_huge())
    assert lines == [["name", "city"], ["Siljan", "Mora"]]


def test_rows_past_the_cap_are_refused(settings):
    settings.IMPORT_MAX_ROWS = 3
    assert read_xlsx_sheets(workbook_bytes([["name"], [1], [2], [3]]))
    message = refusal(read_xlsx_sheets, workbook_bytes([["name"], [1], [2], [3], [4]]))
    assert "more than 3 rows" in message


def test_parsing_stops_at_the_time_budget(settings):
    settings.IMPORT_PARSE_SECONDS = 0
    message = refusal(read_xlsx_sheets, workbook_bytes([["name"], ["Siljan"]]))
    assert "took longer than 0 seconds" in message


# CSV: the encoding --------------------------------------------------------------------------

TEXT = "name;city\nSiljan Trä;Gävle\n"


def test_utf8_csv_with_or_without_bom_is_read():
    expected = [["name", "city"], ["Siljan Trä", "Gävle"]]
    assert read_csv_lines(TEXT.encode("utf-8")) == expected
    assert read_csv_lines(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == expected


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_csv_is_refused_naming_its_encoding(encoding):
    message = refusal(read_csv_lines, TEXT.encode(encoding))
    assert "The CSV file is UTF-16" in message and "CSV UTF-8" in message


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_a_latin1_csv_is_refused_naming_the_line(encoding):
    message = refusal(read_csv_lines, TEXT.encode(encoding))
    assert "not UTF-8 text: line 2" in message and "Latin-1" in message


def test_a_csv_garbled_by_a_double_encoding_is_refused_not_imported():
    garbled = TEXT.encode("utf-8").decode("cp1252").encode("utf-8")
    message = refusal(read_csv_lines, garbled)
    assert "accented letters are garbled" in message


def test_a_csv_in_russian_or_with_typographic_quotes_is_read():
    text = "name;note\nСибирь;“quoted” – 5 €\n"
    assert read_csv_lines(text.encode("utf-8"))[1] == ["Сибирь", "“quoted” – 5 €"]


def test_a_csv_of_too_many_columns_is_refused(settings):
    message = refusal(read_csv_lines, (";".join("c" * 201) + "\n").encode())
    assert "more than 200 columns (line 1)" in message

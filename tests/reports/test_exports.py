"""Downloads of a run: JSON is the canonical text, CSV and XLSX hold the same figures as rows
``section, key, value, suppressed``, and text a spreadsheet would run is neutralised."""

from __future__ import annotations

import csv
import hashlib
import io

from openpyxl import load_workbook

from projects.models import Project
from reports import exports
from reports.models import ReportRun
from reports.services import canonical_json, checksum_of
from reports.suppression import RunView, suppress

BODY = {
    "kind": "participation",
    "scope": {"type": "project", "project": "triip"},
    "as_of": "2018-12-31",
    "projects": ["triip"],
    "figures": {
        "firms_applied": 8,
        "coaching_hours_used": 36.5,
        "timbank_decision_days_median": None,
        "by_region": [
            {"region": '=HYPERLINK("http://x")', "firms_supported": 2, "firms_completed": 0},
            {"region": "Gävleborg", "firms_supported": 4, "firms_completed": 3},
        ],
        "dropouts_by_phase": {"after_workshops": 2, "trip": 1},
        "export_lab_stage_counts": {},
    },
}


def a_run() -> ReportRun:
    return ReportRun(pk=7, kind="participation", project=Project(pk=3, slug="triip"))


def whole_view() -> RunView:
    text = canonical_json(BODY)
    return RunView(body=BODY, canonical=text, checksum=checksum_of(text), suppressed=False)


def funder_view() -> RunView:
    body = suppress(BODY)
    text = canonical_json(body)
    return RunView(body=body, canonical=text, checksum=checksum_of(text), suppressed=True)


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_json_is_the_canonical_text_so_it_hashes_to_the_checksum():
    view = whole_view()
    content = exports.render(a_run(), view, "json")
    assert content == view.canonical.encode()
    assert hashlib.sha256(content).hexdigest() == view.checksum


def test_csv_flattens_the_report_to_section_key_value_rows():
    rows = csv_rows(exports.render(a_run(), whole_view(), "csv"))
    assert rows[0] == ["section", "key", "value", "suppressed"]
    assert ["report", "run", "7", ""] in rows
    assert ["report", "project", "triip", ""] in rows
    assert ["report", "checksum", whole_view().checksum, ""] in rows
    assert ["figures", "firms_applied", "8", ""] in rows
    assert ["figures", "coaching_hours_used", "36.5", ""] in rows
    assert ["figures", "timbank_decision_days_median", "", ""] in rows
    assert ["dropouts_by_phase", "trip", "1", ""] in rows
    assert ["by_region.firms_supported", "Gävleborg", "4", ""] in rows
    assert ["by_region.firms_completed", "Gävleborg", "3", ""] in rows
    assert not any(row[0] == "suppression" for row in rows)


def test_a_region_name_that_a_spreadsheet_would_run_is_quoted():
    rows = csv_rows(exports.render(a_run(), whole_view(), "csv"))
    assert ["by_region.firms_supported", '\'=HYPERLINK("http://x")', "2", ""] in rows


def test_suppressed_cells_are_empty_and_marked_in_the_funders_csv():
    rows = csv_rows(exports.render(a_run(), funder_view(), "csv"))
    assert ["dropouts_by_phase", "after_workshops", "", "yes"] in rows
    assert ["dropouts_by_phase", "trip", "", "yes"] in rows
    # 2 firms in the first region, then 4 behind it so that the total gives nothing away.
    assert ["by_region.firms_supported", '\'=HYPERLINK("http://x")', "", "yes"] in rows
    assert ["by_region.firms_supported", "Gävleborg", "", "yes"] in rows
    assert ["by_region.firms_completed", "Gävleborg", "3", ""] in rows
    assert ["suppression", "min_firms", "3", ""] in rows
    assert ["suppression", "suppressed_cells", "4", ""] in rows
    assert ["report", "checksum", funder_view().checksum, ""] in rows


def test_xlsx_holds_the_same_rows_with_numbers_as_numbers():
    content = exports.render(a_run(), funder_view(), "xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["section", "key", "value", "suppressed"]
    assert ["figures", "firms_applied", 8, None] in rows
    assert ["by_region.firms_completed", "Gävleborg", 3, None] in rows
    assert ["dropouts_by_phase", "trip", None, "yes"] in rows
    assert ["by_region.firms_supported", '\'=HYPERLINK("http://x")', None, "yes"] in rows


def test_file_names_carry_run_kind_and_scope():
    assert exports.export_filename(a_run(), "csv") == "report-7-participation-triip.csv"

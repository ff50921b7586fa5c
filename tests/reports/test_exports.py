"""Downloads of a run: JSON is the canonical text, CSV and XLSX hold the same figures as rows
``section, section_label, key, label, value, suppressed`` (each code beside its label in the
reader's language), and text a spreadsheet would run is neutralised."""

from __future__ import annotations

import csv
import hashlib
import io

from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from clusters.spreadsheets import xlsx_bytes
from projects.models import Project
from reports import exports, labels
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


def codes(rows: list[list]) -> list[list]:
    """The rows without their label columns: section, key, value, suppressed."""
    return [[row[0], row[2], row[4], row[5]] for row in rows]


def test_json_is_the_canonical_text_so_it_hashes_to_the_checksum():
    view = whole_view()
    content = exports.render(a_run(), view, "json")
    assert content == view.canonical.encode()
    assert hashlib.sha256(content).hexdigest() == view.checksum


def test_csv_flattens_the_report_to_section_key_value_rows():
    rows = csv_rows(exports.render(a_run(), whole_view(), "csv", language="en"))
    assert rows[0] == ["section", "section_label", "key", "label", "value", "suppressed"]
    assert ["report", "Report", "run", "Run", "7", ""] in rows
    assert ["report", "Report", "kind", "Report kind", "participation", ""] in rows
    assert ["report", "Report", "project", "Project", "triip", ""] in rows
    assert ["figures", "Figures", "firms_applied", "Firms applied", "8", ""] in rows
    assert [
        "dropouts_by_phase",
        "Dropouts by phase",
        "trip",
        "Around the trip",
        "1",
        "",
    ] in rows
    assert [
        "by_region.firms_supported",
        "By region: Firms supported",
        "Gävleborg",
        "Gävleborg",
        "4",
        "",
    ] in rows
    flat = codes(rows)
    assert ["report", "checksum", whole_view().checksum, ""] in flat
    assert ["figures", "coaching_hours_used", "36.5", ""] in flat
    assert ["figures", "timbank_decision_days_median", "", ""] in flat
    assert ["by_region.firms_completed", "Gävleborg", "3", ""] in flat
    assert not any(row[0] == "suppression" for row in rows)


def test_a_region_name_that_a_spreadsheet_would_run_is_quoted_in_key_and_label():
    rows = csv_rows(exports.render(a_run(), whole_view(), "csv"))
    region = '\'=HYPERLINK("http://x")'
    assert ["by_region.firms_supported", region, "2", ""] in codes(rows)
    assert [row[3] for row in rows if row[2] == region] == [region, region]


def test_a_label_that_a_spreadsheet_would_run_is_quoted(monkeypatch):
    monkeypatch.setitem(labels.FIGURE_LABELS, "firms_applied", "=1+1")
    rows = csv_rows(exports.render(a_run(), whole_view(), "csv"))
    assert ["figures", "Figures", "firms_applied", "'=1+1", "8", ""] in rows


def test_suppressed_cells_are_empty_and_marked_in_the_funders_csv():
    rows = codes(csv_rows(exports.render(a_run(), funder_view(), "csv")))
    # Both phases are small: folded into one unnamed "other" cell.
    assert ["dropouts_by_phase", "other", "", "yes"] in rows
    assert not any(row[1] in ("after_workshops", "trip") for row in rows)
    # 2 firms in the first region, then 4 behind it so that the total gives nothing away:
    # both rows fold into one "other" row, naming neither region.
    assert ["by_region.firms_supported", "other", "", "yes"] in rows
    assert ["by_region.firms_completed", "other", "", "yes"] in rows
    assert not any("Gävleborg" in row[1] or "HYPERLINK" in row[1] for row in rows)
    assert ["suppression", "min_firms", "3", ""] in rows
    assert ["suppression", "suppressed_cells", "3", ""] in rows
    assert ["report", "checksum", funder_view().checksum, ""] in rows


def test_xlsx_holds_the_same_rows_with_numbers_as_numbers():
    content = exports.render(a_run(), funder_view(), "xlsx", language="en")
    sheet = load_workbook(io.BytesIO(content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert sheet.title == "Participation"
    assert rows[0] == ["section", "section_label", "key", "label", "value", "suppressed"]
    assert ["figures", "Figures", "firms_applied", "Firms applied", 8, None] in rows
    flat = codes(rows)
    assert ["by_region.firms_completed", "other", None, "yes"] in flat
    assert ["dropouts_by_phase", "other", None, "yes"] in flat
    assert not any("HYPERLINK" in str(cell) for row in flat for cell in row)


def test_file_names_carry_run_kind_and_scope():
    assert exports.export_filename(a_run(), "csv") == "report-7-participation-triip.csv"


# Labels in the reader's language -------------------------------------------------------------


def test_csv_labels_are_in_the_language_asked_and_the_codes_stay_beside_them():
    rows = csv_rows(exports.render(a_run(), whole_view(), "csv", language="sv"))
    with translation.override("sv"):
        applied, figures = gettext("Firms applied"), gettext("Figures")
        trip, phases = gettext("Around the trip"), gettext("Dropouts by phase")
    assert applied != "Firms applied" and trip != "Around the trip"
    assert rows[0] == ["section", "section_label", "key", "label", "value", "suppressed"]
    assert ["figures", figures, "firms_applied", applied, "8", ""] in rows
    assert ["dropouts_by_phase", phases, "trip", trip, "1", ""] in rows
    # The language asked for holds for this download only.
    assert translation.get_language() == "en"


def test_json_is_the_same_bytes_in_every_language():
    view = funder_view()
    assert exports.render(a_run(), view, "json", language="sv") == view.canonical.encode()


# Country lists -------------------------------------------------------------------------------

OUTCOMES = {
    "kind": "outcomes",
    "scope": {"type": "project", "project": "triip"},
    "as_of": "2018-12-31",
    "projects": ["triip"],
    "figures": {
        "firms_supported": 9,
        "markets_entered": {"DE": 3, "NO": 1, "US": 2},
    },
}


def outcome_view(*, suppressed: bool) -> RunView:
    body = suppress(OUTCOMES) if suppressed else OUTCOMES
    text = canonical_json(body)
    return RunView(body=body, canonical=text, checksum=checksum_of(text), suppressed=suppressed)


def outcome_run() -> ReportRun:
    return ReportRun(pk=8, kind="outcomes", project=Project(pk=3, slug="triip"))


def test_staff_csv_names_every_market_with_its_firms():
    rows = csv_rows(exports.render(outcome_run(), outcome_view(suppressed=False), "csv"))
    section = ["markets_entered", "Markets entered"]
    assert [*section, "DE", "Germany", "3", ""] in rows
    assert [*section, "NO", "Norway", "1", ""] in rows
    assert [*section, "US", "United States of America", "2", ""] in rows


def test_funder_csv_names_no_market_of_fewer_than_three_firms():
    rows = csv_rows(exports.render(outcome_run(), outcome_view(suppressed=True), "csv"))
    markets = [row[2:] for row in rows if row[0] == "markets_entered"]
    assert markets == [
        ["DE", "Germany", "3", ""],
        ["other", "Other countries", "", "yes"],
    ]
    assert not any("NO" in row or "Norway" in row or "US" in row for row in rows)
    assert ["suppression", "suppressed_cells", "1", ""] in codes(rows)


def test_funder_xlsx_names_no_market_of_fewer_than_three_firms_in_swedish_either():
    content = exports.render(outcome_run(), outcome_view(suppressed=True), "xlsx", language="sv")
    sheet = load_workbook(io.BytesIO(content)).active
    markets = [
        list(row)[2:] for row in sheet.iter_rows(values_only=True) if row[0] == "markets_entered"
    ]
    with translation.override("sv"):
        other = gettext("Other countries")
        assert sheet.title == gettext("Outcomes")
    assert markets == [["DE", "Tyskland", 3, None], ["other", other, None, "yes"]]


def test_a_translated_sheet_name_excel_would_refuse_is_made_acceptable():
    title = "Rapport: [utfall] / *kvartal?* " + "x" * 40
    sheet = load_workbook(io.BytesIO(xlsx_bytes(title, [("a", 1)]))).active
    assert sheet.title == "Rapport utfall  kvartal xxxxxxx"
    assert len(sheet.title) == 31

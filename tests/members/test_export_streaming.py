"""The member export streams (a national agency's directory is 100,000 firms): the response is
a StreamingHttpResponse whose chunks make the whole file, its coded columns are translated
into the reader's language (labels resolved once per export, not per cell), and it runs the
same number of queries for few firms as for many."""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings
from django.http import StreamingHttpResponse
from django.urls import reverse
from openpyxl import load_workbook

from clusters.spreadsheets import csv_stream, xlsx_stream
from members.choices import Helix, OrganizationType
from members.services import organization_create
from tests.factories.members import OrganizationFactory

pytestmark = pytest.mark.django_db


def export_url(file_format: str) -> str:
    return reverse("members:directory-export", args=[file_format])


def firm(cluster, number: int, **data):
    return organization_create(
        cluster=cluster,
        data={"legal_name": f"Firm {number:03d} AB", "registry_id": f"5560{number:06d}", **data},
        membership_status="applied",
    )


def rows_of(file_format: str, content: bytes) -> list[list]:
    if file_format == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_streams_and_its_chunks_make_the_whole_file(
    client_for, manager_a, cluster_a, file_format
):
    for number in range(7):
        firm(cluster_a, number)
    response = client_for(manager_a).get(export_url(file_format))
    assert isinstance(response, StreamingHttpResponse)
    content = b"".join(response.streaming_content)
    rows = rows_of(file_format, content)
    assert [row[0] for row in rows[1:]] == [f"Firm {n:03d} AB" for n in range(7)]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_coded_columns_are_in_the_readers_language(client_for, manager_a, cluster_a, file_format):
    firm(cluster_a, 1, helix=Helix.ACADEMIA, org_type=OrganizationType.UNIVERSITY)
    client = client_for(manager_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    response = client.get(export_url(file_format))
    header, row = rows_of(file_format, b"".join(response.streaming_content))
    assert header[0] == "Officiellt namn"
    assert (row[3], row[10]) == ("Akademi", "Ansökt")
    english = client_for(manager_a).get(export_url(file_format))
    header, row = rows_of(file_format, b"".join(english.streaming_content))
    assert (header[0], row[3], row[10]) == ("Legal name", "Academia", "Applied")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_runs_the_same_queries_for_few_firms_as_for_many(
    client_for, manager_a, cluster_a, file_format, django_assert_max_num_queries
):
    def export_queries(count: int) -> int:
        OrganizationFactory.create_batch(count, cluster=cluster_a)
        client = client_for(manager_a)
        with django_assert_max_num_queries(12) as captured:
            response = client.get(export_url(file_format))
            b"".join(response.streaming_content)
        return len(captured)

    assert export_queries(2) == export_queries(40)


def test_the_streamed_csv_is_the_csv_that_is_written_whole():
    rows = [["Name", "Employees"], ["=1+1", -5], ["Gävle", None]]
    chunks = list(csv_stream(iter(rows), batch=1))
    assert len(chunks) > 1
    assert b"".join(chunks).decode("utf-8-sig").splitlines() == [
        "Name,Employees",
        "'=1+1,-5",
        "Gävle,",
    ]


def test_the_streamed_xlsx_starts_before_its_rows_are_all_read():
    read = []

    def rows():
        for number in range(3000):
            read.append(number)
            yield [f"=cmd{number}", number]

    chunks = xlsx_stream("Members", rows(), batch=500)
    first = next(chunks)
    assert len(read) < 3000, "the first chunk leaves before the last row is read"
    content = first + b"".join(chunks)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet.title == "Members"
    assert sheet["A1"].value == "'=cmd0" and sheet["A1"].data_type == "s"
    assert sheet["B3000"].value == 2999

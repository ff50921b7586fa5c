"""Every import asks who is calling before it reads a byte of the file: a caller who may not
import gets 403 or 404 whatever the file holds, and a manager's hostile file is refused
quickly with a clear 400 or a message at the file field.

A file that the import core would refuse as unreadable (400 "not a readable XLSX file" to a
manager) or as a zip bomb proves it: a refused caller never sees those messages, so the
file was never opened for them.
"""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from accounts.services import api_token_create
from tests.factories.clusters import ClusterRoleFactory
from tests.hostile_files import zip_bomb

pytestmark = pytest.mark.django_db

NOT_A_ZIP = b"this is not a zip archive"
UNREADABLE = "not a readable XLSX file"
API = reverse("api:project-import")
PAGES = (reverse("internationalization:project-import"), reverse("members:import"))


def file_named(content: bytes, name: str) -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


def token_client(user) -> Client:
    _token, key = api_token_create(user=user, name="import")
    return Client(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT="application/json")


@pytest.fixture
def cannot_import(cluster_a, firm_rep_a, funder_user, viewer_a):
    coach = ClusterRoleFactory(cluster=cluster_a, role="coach").user
    return {"firm rep": firm_rep_a, "funder": funder_user, "viewer": viewer_a, "coach": coach}


@pytest.mark.parametrize("content", [NOT_A_ZIP, zip_bomb()], ids=["unreadable", "zip bomb"])
def test_api_refuses_a_caller_who_manages_no_cluster_before_reading_the_file(
    cannot_import, content
):
    for who, user in cannot_import.items():
        response = token_client(user).post(API, {"file": file_named(content, "p.xlsx")})
        assert response.status_code == 403, who
        body = response.content.decode()
        assert "administrators and managers of a cluster may import" in body, who
        assert UNREADABLE not in body and "expands" not in body, who


def test_api_refuses_a_firm_reps_token_even_without_a_file(firm_rep_a):
    assert token_client(firm_rep_a).post(API, {}).status_code == 403


def test_api_tells_a_manager_why_the_file_is_refused(manager_a):
    client = token_client(manager_a)
    unreadable = client.post(API, {"file": file_named(NOT_A_ZIP, "p.xlsx")})
    assert unreadable.status_code == 400
    assert UNREADABLE in unreadable.json()["errors"][0]["reason"]
    bomb = client.post(API, {"file": file_named(zip_bomb(), "p.xlsx")})
    assert bomb.status_code == 400
    assert bomb.json() == {
        "errors": [
            {
                "sheet": "",
                "line": None,
                "reason": "The workbook expands to 60.0\xa0MB when opened; at most 50.0\xa0MB "
                "are accepted: split it into smaller files.",
            }
        ]
    }


@pytest.mark.parametrize("page", PAGES)
def test_the_import_pages_refuse_a_caller_who_may_not_import_before_reading_the_file(
    client_for, cannot_import, page
):
    for who, user in cannot_import.items():
        response = client_for(user).post(page, {"file": file_named(NOT_A_ZIP, "p.xlsx")})
        assert response.status_code in (403, 404), who
        assert UNREADABLE not in response.content.decode(), who


@pytest.mark.parametrize("page", PAGES)
def test_the_import_pages_show_a_zip_bomb_refusal_at_the_file_field(client_for, manager_a, page):
    response = client_for(manager_a).post(page, {"file": file_named(zip_bomb(), "p.xlsx")})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "The workbook expands to 60.0\xa0MB when opened; at most 50.0\xa0MB are accepted: "
        "split it into smaller files."
    ]

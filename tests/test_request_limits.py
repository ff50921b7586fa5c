"""Request bodies have a size limit that holds before anything parses them: JSON and form
posts to the API (whose parsers read the stream directly and used to parse 30 MB), form posts
to pages, and uploads, each file kind with its own cap and message (config/request_limits.py).

A body just past the limit is malformed JSON: were it parsed, the answer would be 400 "JSON
parse error"; the 413 shows it was refused unread. The receipt's own cap: test_receipts.py.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CLAIMS_API = reverse("api:expense-claim-list")
IMPORT_API = reverse("api:project-import")
MB = 1024 * 1024


def file_named(content: bytes, name: str) -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


def test_an_oversized_json_body_is_refused_with_413_before_it_is_parsed(
    client_for, firm_rep_a, settings
):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    client = client_for(firm_rep_a)
    response = client.post(CLAIMS_API, b"x" * (limit + 1), content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {
        "detail": "The request body is 2.5\xa0MB; at most 2.5\xa0MB is accepted."
    }
    # The same malformed body under the limit is parsed, and refused for what it is.
    under = client.post(CLAIMS_API, b"x" * limit, content_type="application/json")
    assert under.status_code == 400 and "JSON parse error" in under.json()["detail"]


def test_a_30_mb_json_body_is_refused_with_413(client_for, firm_rep_a):
    body = b'{"description": "' + b"x" * (30 * MB) + b'"}'
    response = client_for(firm_rep_a).post(CLAIMS_API, body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["detail"].startswith("The request body is 30.0\xa0MB")


def test_an_oversized_form_post_to_the_api_is_refused_with_413(client_for, firm_rep_a, settings):
    body = "description=" + "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = client_for(firm_rep_a).post(
        CLAIMS_API, body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413


def test_an_oversized_form_post_to_a_page_gets_a_413_page(client, settings):
    body = "username=" + "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = client.post(reverse("login"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "at most 2.5\xa0MB is accepted" in response.content.decode()


def test_an_upload_larger_than_any_file_kind_is_refused_with_413(client_for, manager_a):
    response = client_for(manager_a).post(
        IMPORT_API, {"file": file_named(b"0" * (7 * MB), "big.xlsx")}
    )
    assert response.status_code == 413
    assert response.json()["detail"] == (
        "The upload is 7.0\xa0MB; at most 6.0\xa0MB can be sent at once. Receipts may be at "
        "most 5.0\xa0MB, import files at most 5.0\xa0MB."
    )


def test_an_import_file_over_its_cap_gets_its_own_message(client_for, manager_a):
    response = client_for(manager_a).post(
        IMPORT_API, {"file": file_named(b"0" * (5 * MB + 1), "big.xlsx")}
    )
    assert response.status_code == 400
    assert response.json()["file"] == [
        "The file is larger than 5.0\xa0MB: split it into smaller files."
    ]


def test_json_nested_too_deeply_is_a_parse_error_not_a_crash(client_for, firm_rep_a):
    body = b"[" * 100_000
    response = client_for(firm_rep_a).post(CLAIMS_API, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "JSON parse error - the body is nested too deeply."}


def test_a_normal_json_body_is_untouched(client_for, firm_rep_a):
    response = client_for(firm_rep_a).post(CLAIMS_API, {}, content_type="application/json")
    assert response.status_code == 400
    assert "receipt" in response.json()

"""Issue 10, point 7: a refusal (403) is one line in the server log, not a traceback."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def records_of_refusal(caplog):
    return [record for record in caplog.records if getattr(record, "status_code", None) == 403]


def test_a_refused_page_logs_one_warning_without_a_traceback(caplog, client_for, coach_a):
    caplog.set_level(logging.INFO)
    response = client_for(coach_a).get(reverse("members:alliance-list"))
    assert response.status_code == 403
    refusals = records_of_refusal(caplog)
    assert len(refusals) == 1
    assert refusals[0].levelno in (logging.WARNING, logging.INFO)
    assert refusals[0].name == "django.request"
    assert "administrators, managers and viewers" in refusals[0].getMessage()
    assert not any(record.exc_info for record in caplog.records)
    assert not any(record.exc_text for record in caplog.records)


def test_a_refused_api_call_logs_without_a_traceback(caplog, client_for, coach_a, cluster_a):
    caplog.set_level(logging.INFO)
    response = client_for(coach_a).post(
        reverse("api:organization-list"),
        {"legal_name": "X AB", "registry_id": "5560000001", "cluster": cluster_a.slug},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert len(records_of_refusal(caplog)) == 1
    assert not any(record.exc_info for record in caplog.records)

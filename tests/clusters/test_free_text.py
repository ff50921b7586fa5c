"""Free text as it comes in through forms, the API and imports (issue 11, input limits): a
control character is refused with a field error; every text field has a maximum length and
an over-long value is a field error, never a 500 or a silently stored essay."""

from __future__ import annotations

import csv
import importlib
import io
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import get_resolver, reverse
from rest_framework import serializers

from clusters.api.base import TextGuardMixin as SerializerTextGuard
from clusters.forms import TextGuardMixin as FormTextGuard
from clusters.forms import guard_text_field
from clusters.imports.rows import Row
from members.imports.organizations import COLUMNS
from members.imports.plan import plan_import
from members.models import Organization
from projects.forms import CommaSeparatedField
from tests.clusters.test_cluster_pages import edit_data

pytestmark = pytest.mark.django_db

APPS = ("clusters", "members", "projects", "internationalization", "reports")
# One of each kind: NUL, another C0 control, escape, DEL, two C1 controls.
CONTROL_CHARACTERS = ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9f"]
TOO_LONG = "x" * 10_001
ORGANIZATION_FORM = {
    "legal_name": "Gävle Sealing Technology AB",
    "registry_id": "556677-1234",
    "helix": "industry",
    "org_type": "micro_firm",
    "currency": "SEK",
    "country": "SE",
    "membership_status": "active",
    "status_on": "2024-01-01",
}


# Forms ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("character", [*CONTROL_CHARACTERS, "\t", "\n"])
def test_a_form_refuses_a_control_character_in_a_name_at_the_field(
    client_for, manager_a, character
):
    # Inside the text: a form strips whitespace (tab, newline, U+0085) at its ends.
    data = {**ORGANIZATION_FORM, "legal_name": f"Gävle{character}=HYPERLINK(1) AB"}
    response = client_for(manager_a).post(reverse("members:organization-create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "control character" in " ".join(errors["legal_name"])
    assert not Organization.objects.exists()


def test_a_form_takes_line_breaks_in_multi_line_text_but_no_control_character(
    client_for, manager_a, cluster_a
):
    client = client_for(manager_a)
    url = reverse("clusters:edit", args=[cluster_a.slug])
    refused = client.post(url, edit_data(cluster_a, description="One\x0bline"))
    assert refused.status_code == 200
    assert "description" in refused.context["form"].errors
    taken = client.post(url, edit_data(cluster_a, description="One\r\n\tTwo"))
    assert taken.status_code == 302
    cluster_a.refresh_from_db()
    assert cluster_a.description == "One\r\n\tTwo"


def test_a_form_refuses_an_over_long_description_at_the_field(client_for, manager_a, cluster_a):
    url = reverse("clusters:edit", args=[cluster_a.slug])
    response = client_for(manager_a).post(url, edit_data(cluster_a, description=TOO_LONG))
    assert response.status_code == 200
    assert "at most 10000 characters" in " ".join(response.context["form"].errors["description"])
    cluster_a.refresh_from_db()
    assert cluster_a.description != TOO_LONG


# The API -------------------------------------------------------------------------------------


@pytest.mark.parametrize("character", [*CONTROL_CHARACTERS, "\t"])
def test_an_api_write_refuses_a_control_character_with_a_field_error(
    client_for, manager_a, cluster_a, character
):
    response = client_for(manager_a).post(
        reverse("api:organization-list"),
        {"cluster": "alpha", "legal_name": f"Tiny{character}=1 AB", "registry_id": "9"},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["legal_name"]
    assert not Organization.objects.exists()


def test_an_api_write_refuses_a_control_character_in_multi_line_text(
    client_for, manager_a, cluster_a
):
    url = reverse("api:cluster-detail", args=[cluster_a.slug])
    client = client_for(manager_a)
    refused = client.patch(url, {"description": "a\x01b"}, content_type="application/json")
    assert refused.status_code == 400
    assert list(refused.json()) == ["description"]
    taken = client.patch(url, {"description": "a\n\tb"}, content_type="application/json")
    assert taken.status_code == 200, taken.content


def test_an_over_long_text_answers_400_with_the_field_error(client_for, manager_a, cluster_a):
    response = client_for(manager_a).patch(
        reverse("api:cluster-detail", args=[cluster_a.slug]),
        {"description": TOO_LONG},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["description"]
    assert "10000" in response.json()["description"][0]
    cluster_a.refresh_from_db()
    assert cluster_a.description != TOO_LONG


def test_an_over_long_name_answers_400_with_the_field_error(client_for, manager_a, cluster_a):
    response = client_for(manager_a).post(
        reverse("api:organization-list"),
        {"cluster": "alpha", "legal_name": "x" * 1000, "registry_id": "9"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["legal_name"]


# Imports -------------------------------------------------------------------------------------


def members_csv(**cells) -> bytes:
    good = {"registry_id": "559318-2045", "legal_name": "Bergslagens Geodata AB"}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerow({**good, **cells}.get(column, "") for column in COLUMNS)
    return buffer.getvalue().encode("utf-8")


@pytest.mark.parametrize("column", ["legal_name", "region", "city"])
def test_an_import_row_with_a_control_character_is_refused_naming_the_column(cluster_a, column):
    plan = plan_import(
        cluster=cluster_a, content=members_csv(**{column: "\x01=HYPERLINK(1)"}), filename="m.csv"
    )
    assert [error.line for error in plan.errors] == [2]
    assert any(
        message.startswith(f"{column}:") and "control character" in message
        for message in plan.errors[0].messages
    )
    assert not Organization.objects.exists()


def test_an_import_row_with_an_over_long_cell_is_refused_naming_the_column(cluster_a):
    row = Row("coaching", 2, {"registry_id": "1", "notes": TOO_LONG})
    assert [problem.split(":")[0] for problem in row.problems] == ["notes"]
    assert "10000" in row.problems[0]


def test_a_list_of_texts_is_checked_item_by_item():

    field = CommaSeparatedField()
    guard_text_field(field)
    assert field.clean("Dalarna, Gävleborg") == ["Dalarna", "Gävleborg"]
    with pytest.raises(ValidationError, match="control character"):
        field.clean("Dalarna, Gäv\x01leborg")


# Every text field has a limit, every form and serializer the guard ---------------------------


def test_every_user_editable_text_field_of_every_model_has_a_maximum_length():
    # Written by the system only, never through a form or the API: a failed run's error, the
    # broker's refusal of an outbox message.
    system_written = {
        ("reports", "ReportRun", "error"),
        ("accounts", "OutboxMessage", "last_error"),
    }
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in {"accounts", *APPS}
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and field.max_length is None
        and (model._meta.app_label, model.__name__, field.name) not in system_written
    ]
    assert unbounded == []


def app_classes(base: type) -> list[type]:
    """Every subclass of ``base`` defined in the apps, once every module of theirs is loaded."""
    get_resolver().url_patterns  # noqa: B018 - loads every view, so every form and serializer
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)
    found, todo = [], [base]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.split(".")[0] in APPS:
                found.append(subclass)
    return found


def test_every_form_of_the_apps_guards_its_text():
    unguarded = [
        f"{form.__module__}.{form.__qualname__}"
        for form in app_classes(forms.BaseForm)
        if not issubclass(form, FormTextGuard)
    ]
    assert unguarded == []


def test_every_serializer_of_the_apps_guards_its_text():
    unguarded = [
        f"{serializer.__module__}.{serializer.__qualname__}"
        for serializer in app_classes(serializers.BaseSerializer)
        if not issubclass(serializer, SerializerTextGuard)
    ]
    assert unguarded == []

"""Date inputs always carry ISO values (issue 10, point 7): a browser's date picker rejects
`30.11.2026`, so a form shown in Russian or Swedish must still say `2026-11-30`."""

import importlib
import inspect
import re
from datetime import date, datetime
from decimal import Decimal

import django_filters
import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone, translation

from members.models import FeePayment
from members.services import fee_schedule_save, fees_issue_for_year, organization_create

FORM_MODULES = [
    "accounts.forms",
    "clusters.forms",
    "clusters.filters",
    "members.forms.organizations",
    "members.forms.governance",
    "members.forms.aid",
    "members.forms.people",
    "members.forms.alliances",
    "members.filters",
    "members.imports.organizations",
    "projects.forms",
    "projects.filters",
    "internationalization.forms.timbank",
    "internationalization.forms.trips",
    "internationalization.forms.activities",
    "internationalization.filters",
    "internationalization.views.aid",
    "internationalization.views.timbank",
    "internationalization.views.trips",
    "internationalization.views.project_import",
    "reports.filters",
    "reports.views.runs",
]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME_LOCAL = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")
A_DAY = date(2026, 11, 30)
AN_INSTANT = datetime(2026, 11, 30, 14, 5, tzinfo=timezone.get_current_timezone())


def project_classes(base: type) -> list[type]:
    found = {}
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, base) and value.__module__.split(".")[0] in {
                "accounts",
                "clusters",
                "members",
                "projects",
                "internationalization",
                "reports",
            }:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


def form_date_fields() -> list[tuple[str, forms.Field]]:
    fields = []
    for form_class in project_classes(forms.BaseForm):
        for name, field in form_class.base_fields.items():
            if isinstance(field, (forms.DateField, forms.DateTimeField)):
                fields.append((f"{form_class.__qualname__}.{name}", field))
    for filterset in project_classes(django_filters.FilterSet):
        for name, filter_ in filterset.base_filters.items():
            field = filter_.field
            if isinstance(field, (forms.DateField, forms.DateTimeField)):
                fields.append((f"{filterset.__qualname__}.{name}", field))
            elif isinstance(field, django_filters.fields.DateRangeField):
                for index, sub in enumerate(field.fields):
                    widget = field.widget.widgets[index]
                    fields.append((f"{filterset.__qualname__}.{name}_{index}", (sub, widget)))
    return fields


def rendered_values(html: str) -> list[str]:
    return re.findall(r'value="([^"]*)"', html)


@pytest.mark.parametrize("language", ["ru", "sv", "en"])
def test_every_date_field_of_every_form_renders_an_iso_value(language):
    fields = form_date_fields()
    assert len(fields) > 20  # the sweep found the project's forms
    wrong = []
    with translation.override(language):
        for label, field in fields:
            field, widget = field if isinstance(field, tuple) else (field, field.widget)
            is_datetime = isinstance(field, forms.DateTimeField)
            value = AN_INSTANT if is_datetime else A_DAY
            html = widget.render("x", field.prepare_value(value))
            values = rendered_values(html)
            pattern = ISO_DATE
            if is_datetime and 'type="datetime-local"' in html:
                pattern = ISO_DATETIME_LOCAL
            elif is_datetime:
                pattern = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$")
            if not values or not all(pattern.match(v) for v in values):
                wrong.append((label, html))
    assert wrong == [], "\n".join(f"{label}: {html}" for label, html in wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "sv"])
def test_fee_payment_form_is_prefilled_with_an_iso_date_in_every_language(
    client_for, manager_a, cluster_a, language
):
    fee_schedule_save(
        cluster=cluster_a,
        data={
            "year": 2026,
            "size_class": "",
            "amount": Decimal("5000"),
            "currency": "SEK",
            "due_on": date(2026, 3, 31),
        },
    )
    organization = organization_create(
        cluster=cluster_a,
        data={"legal_name": "Gävle Energi AB", "registry_id": "556000-1", "employees": 5},
        membership_status="active",
    )
    fees_issue_for_year(cluster=cluster_a, year=2026)
    assert FeePayment.objects.filter(paid_on__isnull=True).exists()
    client = client_for(manager_a)
    pages = [
        reverse("members:fees"),
        reverse("members:organization-detail", args=[organization.pk]),
    ]
    for url in pages:
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        inputs = re.findall(r'<input[^>]*type="date"[^>]*>', html)
        assert inputs, url
        for tag in inputs:
            value = re.search(r'value="([^"]*)"', tag)
            assert value is None or ISO_DATE.match(value.group(1)), (url, tag)
        assert any('name="paid_on"' in tag and 'value="' in tag for tag in inputs), url

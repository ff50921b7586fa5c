"""The Django admin cannot bypass the ledgers: approved hours, allotments, budgets and statuses
are read-only there, and records that reports count cannot be deleted there."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.forms import MultiWidget
from django.urls import reverse

from internationalization.models import TimbankPool, TimbankRequest
from internationalization.services.timbank import timbank_request_approve
from projects.models import Enrolment
from tests.factories.activities import timbank_request_for
from tests.factories.clusters import UserFactory

pytestmark = pytest.mark.django_db

H = Decimal


@pytest.fixture
def installation_admin(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def post_data_of(page) -> dict:
    """What the browser would send back from an admin change page, unchanged."""
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(
            {
                f"{formset.prefix}-{key}": value
                for key, value in formset.management_form.initial.items()
            }
        )
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None:
                continue
            if isinstance(field.widget, MultiWidget):  # date and time in two inputs
                for index, part in enumerate(field.widget.decompress(value)):
                    data[f"{form.add_prefix(name)}_{index}"] = part
            else:
                data[form.add_prefix(name)] = value
    return data


@pytest.fixture
def approved(enrolment, pool, firm_rep_a, manager_a):
    request = timbank_request_for(enrolment, firm_rep_a)
    return timbank_request_approve(request=request, hours=H(6), actor=manager_a)


def test_admin_cannot_change_approved_hours_behind_the_pool(installation_admin, approved, pool):
    url = reverse("admin:internationalization_timbankrequest_change", args=[approved.pk])
    page = installation_admin.get(url)
    assert page.status_code == 200
    assert 'name="hours_approved"' not in page.content.decode()

    data = post_data_of(page)
    data.update(hours_approved="9", status="approved")
    response = installation_admin.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    approved.refresh_from_db()
    assert approved.hours_approved == H(6)
    assert TimbankPool.objects.get(pk=pool.pk).hours_reserved == H(6)


def test_admin_cannot_change_a_coaching_allotment_or_an_enrolment_status(
    installation_admin, enrolment
):
    url = reverse("admin:projects_enrolment_change", args=[enrolment.pk])
    page = installation_admin.get(url)
    before = (enrolment.coaching_hours_allotted, enrolment.status)
    data = post_data_of(page)
    data.update(coaching_hours_allotted="500", status="completed")
    response = installation_admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    assert (enrolment.coaching_hours_allotted, enrolment.status) == before


def test_admin_cannot_delete_an_approved_request(installation_admin, approved):
    url = reverse("admin:internationalization_timbankrequest_delete", args=[approved.pk])
    assert installation_admin.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:internationalization_timbankrequest_changelist")
    response = installation_admin.post(
        changelist, {"action": "delete_selected", "_selected_action": [approved.pk], "post": "yes"}
    )
    assert TimbankRequest.objects.filter(pk=approved.pk).exists()
    assert response.status_code in (200, 302)


def test_admin_cannot_add_a_request_around_the_services(installation_admin):
    url = reverse("admin:internationalization_timbankrequest_add")
    assert installation_admin.get(url).status_code == 403


def test_admin_cannot_change_an_approved_trip_budget(
    installation_admin, enrolment, firm_rep_a, manager_a
):
    from internationalization.models import Trip
    from internationalization.services.trips import trip_approve
    from tests.factories.activities import trip_applied_for

    trip = trip_approve(
        trip=trip_applied_for(enrolment, firm_rep_a), budget=H(800), actor=manager_a
    )
    url = reverse("admin:internationalization_trip_change", args=[trip.pk])
    page = installation_admin.get(url)
    assert 'name="budget_approved"' not in page.content.decode()
    data = post_data_of(page)
    data.update(budget_approved="50000", status="applied")
    response = installation_admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    trip = Trip.objects.get(pk=trip.pk)
    assert (trip.budget_approved, trip.status) == (H(800), "approved")

"""Aid a firm declares from other sources: the service's rules, who may record and withdraw it,
and the form page that shows a refusal at its field."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from internationalization.aid import aid_ledger
from members.models import DeclaredAid
from members.services import declared_aid_create, declared_aid_withdraw
from tests.factories.members import OrganizationFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

VALID = {
    "granted_by": "Gävle municipality",
    "granted_on": "2025-04-01",
    "amount": "12000",
    "currency": "SEK",
    "description": "Export voucher",
}


def data(**changes) -> dict:
    values = {**VALID, "granted_on": date(2025, 4, 1), "amount": Decimal("12000"), **changes}
    return values


def create_url(organization) -> str:
    return reverse("internationalization:declared-aid-create", args=[organization.pk])


def ledger_url(organization) -> str:
    return reverse("internationalization:organization-aid", args=[organization.pk])


@pytest.fixture
def rival_rep(cluster_a):
    return RepresentativeFactory(organization=OrganizationFactory(cluster=cluster_a)).user


@pytest.fixture
def declared(firm_a, firm_rep_a):
    return declared_aid_create(organization=firm_a, data=data(), actor=firm_rep_a)


# The service --------------------------------------------------------------------------------


def test_the_firm_records_aid_it_received(firm_a, firm_rep_a):
    aid = declared_aid_create(organization=firm_a, data=data(), actor=firm_rep_a)
    assert (aid.organization, aid.recorded_by, aid.amount, aid.currency) == (
        firm_a,
        firm_rep_a,
        Decimal("12000"),
        "SEK",
    )
    assert aid.recorded_at is not None


@pytest.mark.parametrize("amount", ["0", "-5"])
def test_the_amount_must_be_more_than_zero(firm_a, firm_rep_a, amount):
    with pytest.raises(ValidationError) as refused:
        declared_aid_create(
            organization=firm_a, data=data(amount=Decimal(amount)), actor=firm_rep_a
        )
    assert "amount" in refused.value.message_dict
    assert not DeclaredAid.objects.exists()


def test_aid_cannot_be_granted_in_the_future(firm_a, firm_rep_a):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        declared_aid_create(organization=firm_a, data=data(granted_on=tomorrow), actor=firm_rep_a)
    assert list(refused.value.message_dict) == ["granted_on"]
    today = declared_aid_create(
        organization=firm_a, data=data(granted_on=timezone.localdate()), actor=firm_rep_a
    )
    assert today.pk


def test_the_managers_record_for_a_firm_and_viewers_may_not(firm_a, manager_a, viewer_a):
    assert declared_aid_create(organization=firm_a, data=data(), actor=manager_a).pk
    with pytest.raises(PermissionDenied):
        declared_aid_create(organization=firm_a, data=data(), actor=viewer_a)


def test_a_firm_may_not_record_or_withdraw_for_another(firm_a, rival_rep, declared):
    with pytest.raises(PermissionDenied):
        declared_aid_create(organization=firm_a, data=data(), actor=rival_rep)
    with pytest.raises(PermissionDenied):
        declared_aid_withdraw(aid=declared, actor=rival_rep)
    assert DeclaredAid.objects.get().withdrawn_on is None


def _declared_lines(firm, day):
    return [line for line in aid_ledger(firm, day).lines if line.declared]


def test_withdrawal_keeps_the_row_and_the_ledger_of_earlier_days(firm_a, declared, firm_rep_a):
    day_before = timezone.localdate() - timedelta(days=1)
    before = [(line.source, line.amount_eur) for line in _declared_lines(firm_a, day_before)]
    assert before

    declared_aid_withdraw(aid=declared, actor=firm_rep_a)

    assert DeclaredAid.objects.get(pk=declared.pk).withdrawn_on == timezone.localdate()
    after = [(line.source, line.amount_eur) for line in _declared_lines(firm_a, day_before)]
    assert after == before
    assert _declared_lines(firm_a, timezone.localdate()) == []
    assert declared.history.first().withdrawn_on == timezone.localdate()


# The pages ----------------------------------------------------------------------------------


def test_the_form_page_records_the_aid_and_returns_to_the_ledger(client_for, firm_a, firm_rep_a):
    client = client_for(firm_rep_a)
    assert client.get(create_url(firm_a)).status_code == 200
    response = client.post(create_url(firm_a), VALID)
    assert response.status_code == 302
    assert response["Location"] == ledger_url(firm_a)
    aid = DeclaredAid.objects.get()
    assert (aid.organization, aid.granted_by, aid.recorded_by) == (
        firm_a,
        "Gävle municipality",
        firm_rep_a,
    )
    ledger = client.get(ledger_url(firm_a)).content.decode()
    assert "Gävle municipality" in ledger
    assert "12,000.00 SEK at 0.087 EUR per SEK" in ledger


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "0", "The amount must be more than zero."),
        ("amount", "-1", "The amount must be more than zero."),
        ("granted_on", "2999-01-01", "Aid cannot have been granted in the future"),
        ("granted_on", "yesterday", "Enter a valid date."),
        ("granted_by", "", "This field is required."),
        ("currency", "XXX", "Select a valid choice."),
    ],
)
def test_the_form_shows_a_refusal_at_its_field(
    client_for, firm_a, firm_rep_a, field, value, message
):
    response = client_for(firm_rep_a).post(create_url(firm_a), {**VALID, field: value})
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert any(message in error for error in form.errors[field])
    page = response.content.decode()
    # The field's own error list, which its input names in aria-describedby.
    assert re.search(rf'name="{field}"[^>]*aria-describedby="[^"]*id_{field}_error"', page)
    at_field = page.split(f'<ul class="errorlist" id="id_{field}_error">', 1)[1].split("</ul>")[0]
    assert message in at_field.replace("&#x27;", "'")
    assert not DeclaredAid.objects.exists()


def test_a_firm_cannot_declare_aid_for_another_firm(client_for, firm_a, rival_rep):
    client = client_for(rival_rep)
    assert client.get(create_url(firm_a)).status_code == 404
    assert client.post(create_url(firm_a), VALID).status_code == 404
    assert not DeclaredAid.objects.exists()


def test_a_viewer_is_told_why_it_may_not_declare(client_for, firm_a, viewer_a):
    response = client_for(viewer_a).post(create_url(firm_a), VALID)
    assert response.status_code == 403
    assert not DeclaredAid.objects.exists()


def test_withdraw_asks_first_then_withdraws_without_deleting(
    client_for, declared, firm_a, firm_rep_a
):
    client = client_for(firm_rep_a)
    url = reverse("internationalization:declared-aid-withdraw", args=[declared.pk])
    ledger = client.get(ledger_url(firm_a)).content.decode()
    assert url in ledger
    question = client.get(url)
    assert question.status_code == 200
    assert "Withdraw the aid of 12000.00 SEK that Gävle municipality granted" in (
        question.content.decode()
    )
    assert DeclaredAid.objects.filter(pk=declared.pk).exists()
    response = client.post(url)
    assert response["Location"] == ledger_url(firm_a)
    assert DeclaredAid.objects.get(pk=declared.pk).withdrawn_on == timezone.localdate()
    assert url not in client.get(ledger_url(firm_a)).content.decode()


def test_another_firm_cannot_withdraw_the_declaration(client_for, declared, rival_rep):
    url = reverse("internationalization:declared-aid-withdraw", args=[declared.pk])
    assert client_for(rival_rep).post(url).status_code == 404
    assert DeclaredAid.objects.filter(pk=declared.pk).exists()

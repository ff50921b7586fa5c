"""Receipts: checked for type by extension and by content, and for size; nothing is written
when refused; served only through a download that checks who asks, as an attachment the
browser must not sniff, and never under a public media URL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from internationalization.models import ExpenseClaim
from internationalization.services.trips import expense_claim_submit, trip_apply, trip_approve
from internationalization.uploads import MAX_RECEIPT_BYTES, check_receipt
from tests.factories.clusters import ClusterRoleFactory
from tests.factories.members import rival_firm_rep
from tests.factories.projects import EnrolmentFactory, ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def trip(cluster_a, firm_a, firm_rep_a, manager_a):
    enrolment = EnrolmentFactory(project=ProjectFactory(cluster=cluster_a), organization=firm_a)
    trip = trip_apply(
        enrolment=enrolment,
        country="CN",
        city="Shanghai",
        event="SIAL China",
        start=date(2026, 5, 18),
        end=date(2026, 5, 21),
        purpose="fair",
        budget_requested=Decimal("3000"),
        actor=firm_rep_a,
    )
    return trip_approve(trip=trip, budget=Decimal("3000"), actor=manager_a)


@pytest.fixture
def claim(trip, firm_rep_a):
    return expense_claim_submit(
        trip=trip,
        description="Stand rent",
        amount=Decimal("900"),
        currency="EUR",
        receipt=upload("stand.png", PNG),
        actor=firm_rep_a,
    )


def files_in(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


# The checks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("r.pdf", PDF, "PDF"),
        ("r.jpg", JPEG, "JPEG"),
        ("R.JPEG", JPEG, "JPEG"),
        ("r.png", PNG, "PNG"),
    ],
)
def test_pdf_jpeg_and_png_receipts_pass(name, content, kind):
    assert check_receipt(upload(name, content)).label == kind


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", EXE, "“.exe” files are not accepted"),
        ("receipt", PDF, "without extension"),
        # An executable renamed: the extension says PDF, the first bytes say otherwise.
        ("receipt.pdf", EXE, "its content is not a PDF"),
        ("receipt.png", PDF, "its content is not a PNG"),
        ("receipt.jpg", b"GIF89a" + b"\x00" * 20, "its content is not a JPEG"),
        ("receipt.pdf", b"", "The file is empty."),
    ],
)
def test_a_receipt_of_the_wrong_type_is_refused_clearly(name, content, message):
    with pytest.raises(ValidationError) as refused:
        check_receipt(upload(name, content))
    assert message in refused.value.message_dict["receipt"][0]


def test_a_receipt_over_5_mb_is_refused_clearly():
    too_big = upload("scan.pdf", PDF + b"0" * (MAX_RECEIPT_BYTES - len(PDF) + 1))
    with pytest.raises(ValidationError) as refused:
        check_receipt(too_big)
    assert "at most 5.0\xa0MB" in refused.value.message_dict["receipt"][0]
    just_right = upload("scan.pdf", PDF + b"0" * (MAX_RECEIPT_BYTES - len(PDF)))
    assert check_receipt(just_right).label == "PDF"


def test_a_refused_receipt_writes_nothing(trip, firm_rep_a, media_root):
    with pytest.raises(ValidationError):
        expense_claim_submit(
            trip=trip,
            description="Taxi",
            amount=Decimal("40"),
            currency="EUR",
            receipt=upload("taxi.pdf", EXE),
            actor=firm_rep_a,
        )
    assert not ExpenseClaim.objects.exists()
    assert files_in(media_root) == []


def test_the_stored_name_is_not_the_users(claim):
    assert "stand" not in claim.receipt.name
    assert claim.receipt.name.startswith("receipts/") and claim.receipt.name.endswith(".png")


# The claim form ------------------------------------------------------------------------------


def test_the_claim_form_shows_the_type_error_at_the_receipt(
    client_for, trip, firm_rep_a, media_root
):
    url = reverse("internationalization:expense-claim-create", args=[trip.pk])
    client = client_for(firm_rep_a)
    page = client.get(url)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    refused = client.post(
        url, {"description": "Taxi", "amount": "40", "receipt": upload("taxi.pdf", EXE)}
    )
    assert "its content is not a PDF" in str(refused.context["form"].errors["receipt"])
    assert not ExpenseClaim.objects.exists() and files_in(media_root) == []
    over = client.post(
        url, {"description": "Taxi", "amount": "4000", "receipt": upload("taxi.pdf", PDF)}
    )
    assert "Only 3000.00 EUR" in str(over.context["form"].errors["amount"])
    response = client.post(
        url, {"description": "Taxi", "amount": "40", "receipt": upload("taxi.pdf", PDF)}
    )
    assert response.status_code == 302
    assert ExpenseClaim.objects.get().receipt.read() == PDF


def test_no_claim_form_for_another_firms_trip(client_for, trip, cluster_a):
    rival, _organization = rival_firm_rep(cluster_a)
    url = reverse("internationalization:expense-claim-create", args=[trip.pk])
    assert client_for(rival).get(url).status_code == 404


# The download --------------------------------------------------------------------------------


def test_the_firm_and_the_managers_download_the_receipt(client_for, claim, firm_rep_a, manager_a):
    url = reverse("internationalization:receipt", args=[claim.pk])
    for user in (firm_rep_a, manager_a):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"] == f'attachment; filename="receipt-{claim.pk}.png"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PNG


def test_the_firms_coach_downloads_the_receipt(client_for, claim, cluster_a):
    coach = ClusterRoleFactory(cluster=cluster_a, role="coach").user
    enrolment = claim.trip.enrolment
    enrolment.coach = coach
    enrolment.save(update_fields=["coach"])
    url = reverse("internationalization:receipt", args=[claim.pk])
    assert client_for(coach).get(url).status_code == 200


def test_nobody_else_gets_the_receipt(client_for, claim, cluster_a, manager_b, anonymous_client):
    url = reverse("internationalization:receipt", args=[claim.pk])
    rival, _organization = rival_firm_rep(cluster_a)
    assert client_for(rival).get(url).status_code == 404
    assert client_for(manager_b).get(url).status_code == 404
    response = anonymous_client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_receipts_are_not_under_a_public_url(client_for, claim, manager_a, settings):
    public = f"/{settings.MEDIA_URL.strip('/')}/{claim.receipt.name}"
    assert client_for(manager_a).get(public).status_code == 404


def test_a_missing_file_is_a_404(client_for, claim, manager_a, media_root):
    (media_root / claim.receipt.name).unlink()
    url = reverse("internationalization:receipt", args=[claim.pk])
    assert client_for(manager_a).get(url).status_code == 404


# The API -------------------------------------------------------------------------------------


def test_api_claim_upload_and_the_protected_url(client_for, trip, firm_rep_a, manager_a):
    firm = client_for(firm_rep_a)
    url = reverse("api:expense-claim-list")
    refused = firm.post(
        url,
        {"trip": trip.pk, "description": "Taxi", "amount": "40", "receipt": upload("t.pdf", EXE)},
    )
    assert refused.status_code == 400
    assert "its content is not a PDF" in refused.json()["receipt"][0]
    assert not ExpenseClaim.objects.exists()
    created = firm.post(
        url,
        {"trip": trip.pk, "description": "Taxi", "amount": "40", "receipt": upload("t.png", PNG)},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["currency"] == "EUR" and body["status"] == "submitted"
    receipt_path = reverse("internationalization:receipt", args=[body["id"]])
    assert body["receipt_url"].endswith(receipt_path)
    assert "/media/" not in created.content.decode()
    assert "receipt" not in body
    listed = client_for(manager_a).get(url).json()["results"]
    assert [claim["receipt_url"] for claim in listed] == [body["receipt_url"]]
    assert (
        client_for(manager_a)
        .delete(reverse("api:expense-claim-detail", args=[body["id"]]))
        .status_code
        == 405
    )


def test_api_claim_decisions(client_for, claim, manager_a, firm_rep_a):
    manager = client_for(manager_a)
    refused = manager.post(
        reverse("api:expense-claim-reject", args=[claim.pk]),
        {"reason": ""},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "reason" in refused.json()
    assert (
        client_for(firm_rep_a)
        .post(reverse("api:expense-claim-approve", args=[claim.pk]))
        .status_code
        == 403
    )
    approved = manager.post(reverse("api:expense-claim-approve", args=[claim.pk]))
    assert approved.json()["status"] == "approved"

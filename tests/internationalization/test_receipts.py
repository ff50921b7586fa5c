"""Receipts: checked for type by extension and by content (the first bytes, then the structure
of the type, and no web page in the first kilobytes), and for size; nothing is written when
refused; served only through a download that checks who asks, as an attachment the browser
must not sniff, and never under a public media URL, in any mode."""

from __future__ import annotations

import importlib
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.staticfiles.views import serve as serve_static
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, clear_url_caches, get_resolver, reverse
from django.views.static import serve as serve_file

from internationalization.models import ExpenseClaim
from internationalization.services.trips import expense_claim_submit, trip_apply, trip_approve
from internationalization.uploads import check_receipt
from tests.factories.clusters import ClusterRoleFactory, UserFactory
from tests.factories.members import rival_firm_rep
from tests.factories.projects import EnrolmentFactory, ProjectFactory
from tests.receipt_files import (
    EXE,
    HTML_AFTER_PDF_HEADER,
    HTML_IN_WHOLE_PDF,
    JPEG,
    JPEG_HEADER_ONLY,
    JPEG_HEADER_THEN_HTML,
    PDF,
    PDF_WITHOUT_END,
    PNG,
    PNG_THEN_HTML,
    PNG_TRUNCATED,
    pdf,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


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


def padded_pdf(size: int) -> bytes:
    """A whole PDF of ``size`` bytes: its content stream padded (the lengths and offsets it
    writes grow by a few digits, so the padding is found in two steps)."""
    padding = size - len(pdf())
    padding -= len(pdf(page=b"0" * padding)) - size
    content = pdf(page=b"0" * padding)
    assert len(content) == size
    return content


def test_a_receipt_over_5_mb_is_refused_clearly(settings):
    limit = settings.RECEIPT_MAX_BYTES
    with pytest.raises(ValidationError) as refused:
        check_receipt(upload("scan.pdf", padded_pdf(limit + 1)))
    assert "at most 5.0\xa0MB" in refused.value.message_dict["receipt"][0]
    assert check_receipt(upload("scan.pdf", padded_pdf(limit))).label == "PDF"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("receipt.pdf", HTML_AFTER_PDF_HEADER),
        ("receipt.pdf", HTML_IN_WHOLE_PDF),
        ("receipt.png", PNG_THEN_HTML),
        ("receipt.jpg", JPEG_HEADER_THEN_HTML),
    ],
    ids=["html after the pdf header", "html in a whole pdf", "html in a png", "html in a jpeg"],
)
def test_a_web_page_behind_a_receipts_header_is_refused(name, content):
    with pytest.raises(ValidationError) as refused:
        check_receipt(upload(name, content))
    assert "holds a web page (HTML)" in refused.value.message_dict["receipt"][0]


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("receipt.pdf", PDF_WITHOUT_END, "PDF"),
        ("receipt.pdf", b"%PDF-1.7\n" + b"\x00" * 200, "PDF"),
        ("receipt.png", PNG_TRUNCATED, "PNG"),
        ("receipt.png", PNG[:-1] + b"\x00", "PNG"),  # the last chunk's CRC is wrong
        ("receipt.jpg", JPEG_HEADER_ONLY, "JPEG"),
        ("receipt.jpg", JPEG[: JPEG.index(b"\xff\xda")] + b"\xff\xd9", "JPEG"),
    ],
    ids=[
        "pdf without its end",
        "pdf header then nothing",
        "png cut short",
        "png with a wrong crc",
        "jpeg header only",
        "jpeg without its scan",
    ],
)
def test_a_receipt_that_only_starts_like_its_type_is_refused(name, content, kind):
    with pytest.raises(ValidationError) as refused:
        check_receipt(upload(name, content))
    assert f"is not a whole {kind}" in refused.value.message_dict["receipt"][0]


def test_a_phone_photo_with_data_after_its_end_passes():
    assert check_receipt(upload("photo.jpg", JPEG + b"SEFT trailer of a phone")).label == "JPEG"


def test_a_receipt_over_its_cap_passes_the_body_limit_and_gets_its_own_message(
    client_for, trip, firm_rep_a, settings
):
    """The multipart body limit leaves room for the largest file kind and the form's other
    fields, so a receipt just over 5 MB is told the receipts' cap, not a bare 413."""
    response = client_for(firm_rep_a).post(
        reverse("api:expense-claim-list"),
        {
            "trip": trip.pk,
            "description": "Scan",
            "amount": "40",
            "receipt": upload("scan.pdf", padded_pdf(settings.RECEIPT_MAX_BYTES + 1)),
        },
    )
    assert response.status_code == 400
    assert "a receipt may be at most 5.0\xa0MB" in response.json()["receipt"][0]


def test_a_receipt_with_html_behind_a_pdf_header_is_refused_by_the_api(
    client_for, trip, firm_rep_a, media_root
):
    response = client_for(firm_rep_a).post(
        reverse("api:expense-claim-list"),
        {
            "trip": trip.pk,
            "description": "Taxi",
            "amount": "40",
            "receipt": upload("t.pdf", HTML_AFTER_PDF_HEADER),
        },
    )
    assert response.status_code == 400
    assert "holds a web page" in response.json()["receipt"][0]
    assert not ExpenseClaim.objects.exists() and files_in(media_root) == []


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


@pytest.mark.parametrize("debug", [False, True], ids=["production mode", "debug mode"])
def test_receipts_are_not_under_a_public_url_for_anyone_in_any_mode(
    client_for, claim, manager_a, firm_rep_a, anonymous_client, settings, debug
):
    settings.DEBUG = debug
    superuser = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    public = f"/{settings.MEDIA_URL.strip('/')}/{claim.receipt.name}"
    assert claim.receipt.storage.exists(claim.receipt.name)
    for client in (client_for(manager_a), client_for(firm_rep_a), client_for(superuser)):
        assert client.get(public).status_code == 404
    assert anonymous_client.get(public).status_code == 404


def test_no_url_pattern_serves_media_even_when_built_in_debug_mode(settings, claim):
    """config/urls.py, imported afresh with DEBUG on, resolves nothing under MEDIA_URL (as
    ``static(settings.MEDIA_URL, ...)`` would) and names no view that serves files."""
    settings.DEBUG = True
    module = importlib.reload(importlib.import_module(settings.ROOT_URLCONF))
    try:
        with pytest.raises(Resolver404):
            get_resolver(module).resolve(f"/{settings.MEDIA_URL.strip('/')}/{claim.receipt.name}")
        views = {pattern.callback for pattern in module.urlpatterns if hasattr(pattern, "callback")}
        assert serve_file not in views and serve_static not in views
    finally:
        settings.DEBUG = False
        importlib.reload(module)
        clear_url_caches()


def test_a_stored_receipt_is_served_as_an_attachment_never_sniffed_whatever_it_holds(
    client_for, claim, manager_a, media_root
):
    """A file stored before the content checks (or past them) may be HTML: it still downloads
    as an attachment of its declared type that the browser must not sniff nor cache."""
    stored = media_root / claim.receipt.name
    stored.write_bytes(HTML_AFTER_PDF_HEADER)
    claim.receipt.name = claim.receipt.name.replace(".png", ".pdf")
    stored.rename(media_root / claim.receipt.name)
    claim.save(update_fields=["receipt"])
    response = client_for(manager_a).get(reverse("internationalization:receipt", args=[claim.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="receipt-{claim.pk}.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


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

"""Checks of uploaded receipts: the type by extension and by content, and the size.

A file's name and its declared content type come from the browser and are not trusted: the
first bytes must carry the magic number of the type its extension names, so an ``.exe``
renamed ``.pdf`` is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Receipts are photos or scans: 5 MB holds a phone photo or a several-page PDF scan.
MAX_RECEIPT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    magic_numbers: tuple[bytes, ...]


PDF = FileKind("PDF", "application/pdf", (b"%PDF-",))
JPEG = FileKind("JPEG", "image/jpeg", (b"\xff\xd8\xff",))
PNG = FileKind("PNG", "image/png", (b"\x89PNG\r\n\x1a\n",))

RECEIPT_KINDS: dict[str, FileKind] = {".pdf": PDF, ".jpg": JPEG, ".jpeg": JPEG, ".png": PNG}
RECEIPT_ACCEPT = ",".join(RECEIPT_KINDS)
LONGEST_MAGIC = max(len(magic) for kind in RECEIPT_KINDS.values() for magic in kind.magic_numbers)


def receipt_kind(name: str) -> FileKind | None:
    return RECEIPT_KINDS.get(Path(name).suffix.lower())


def receipt_content_type(name: str) -> str:
    """The content type a stored receipt is served with; anything unknown as bytes."""
    kind = receipt_kind(name)
    return kind.content_type if kind else "application/octet-stream"


def _first_bytes(upload: UploadedFile) -> bytes:
    upload.seek(0)
    head = upload.read(LONGEST_MAGIC)
    upload.seek(0)
    return head


def check_receipt(upload: UploadedFile | None) -> FileKind:
    """Refuse a receipt that is missing, empty, too big, or not a PDF, JPEG or PNG by both
    its extension and its content. Raises ValidationError on the ``receipt`` field."""
    if upload is None:
        raise ValidationError({"receipt": _("Attach the receipt.")})
    kind = receipt_kind(upload.name or "")
    if kind is None:
        extension = Path(upload.name or "").suffix or _("without extension")
        raise ValidationError(
            {
                "receipt": _(
                    "A receipt must be a PDF, JPEG or PNG file; “%(extension)s” files are "
                    "not accepted."
                )
                % {"extension": extension}
            }
        )
    if not upload.size:
        raise ValidationError({"receipt": _("The file is empty.")})
    if upload.size > MAX_RECEIPT_BYTES:
        raise ValidationError(
            {
                "receipt": _("The file is %(size)s; a receipt may be at most %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(MAX_RECEIPT_BYTES),
                }
            }
        )
    head = _first_bytes(upload)
    if not any(head.startswith(magic) for magic in kind.magic_numbers):
        raise ValidationError(
            {
                "receipt": _(
                    "The file is named like a %(kind)s but its content is not a %(kind)s. "
                    "Upload the scan or photo of the receipt itself."
                )
                % {"kind": kind.label}
            }
        )
    return kind

"""Checks of uploaded receipts: the type by extension and by content, and the size.

A file's name and its declared content type come from the browser and are not trusted: the
first bytes must carry the magic number of the type its extension names, so an ``.exe``
renamed ``.pdf`` is refused; then the file must have the structure of its type (a PDF its
cross-reference trailer and end marker, a PNG its checksummed chunks, a JPEG its frame and
scan), and nothing a browser could take for a web page may stand in its first kilobytes, so
that HTML behind a ``%PDF-`` header is refused. Receipts are served as attachments with
``nosniff`` all the same (internationalization/views/trips.py).

The size cap is the setting RECEIPT_MAX_BYTES (5 MB by default: a phone photo or a
several-page PDF scan).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


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


def receipt_kind(name: str) -> FileKind | None:
    return RECEIPT_KINDS.get(Path(name).suffix.lower())


def receipt_content_type(name: str) -> str:
    """The content type a stored receipt is served with; anything unknown as bytes."""
    kind = receipt_kind(name)
    return kind.content_type if kind else "application/octet-stream"


# Browsers that sniff a type read at most the first 1,445 bytes (WHATWG MIME Sniffing, the
# "resource header"); older ones 256 or 512. Four kilobytes cover them all with room.
SNIFF_WINDOW = 4096
WEB_PAGE_MARKERS = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed|meta)[\s/>]",
    re.IGNORECASE,
)


def _content(upload: UploadedFile) -> bytes:
    """The whole file (at most RECEIPT_MAX_BYTES, checked before), rewound for storage."""
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    return content


def pdf_is_whole(content: bytes) -> bool:
    """A PDF's skeleton: its header, then, at its end, ``startxref`` and ``%%EOF`` (readers
    look for them in the last kilobyte), and a trailer or a cross-reference stream."""
    tail = content[-1024:]
    return (
        content.startswith(b"%PDF-")
        and b"%%EOF" in tail
        and b"startxref" in tail
        and (b"trailer" in content or b"/XRef" in content)
    )


def png_is_whole(content: bytes) -> bool:
    """A PNG's chunks, each with its length and CRC, from the IHDR header to IEND."""
    if not content.startswith(PNG.magic_numbers[0]):
        return False
    position, kinds = 8, []
    while position + 12 <= len(content):
        length = int.from_bytes(content[position : position + 4], "big")
        kind = content[position + 4 : position + 8]
        end = position + 12 + length
        if end > len(content):
            return False
        crc = int.from_bytes(content[end - 4 : end], "big")
        if zlib.crc32(content[position + 4 : end - 4]) != crc:
            return False
        kinds.append(kind)
        if kind == b"IEND":
            return kinds[0] == b"IHDR" and b"IDAT" in kinds
        position = end
    return False


# Start-of-frame markers (baseline, progressive, lossless...), not DHT, JPG nor DAC.
JPEG_FRAMES = {marker for marker in range(0xC0, 0xD0) if marker not in (0xC4, 0xC8, 0xCC)}


def jpeg_is_whole(content: bytes) -> bool:
    """A JPEG's segments from its start marker to a frame header and a scan, and an end
    marker after the scan (phones may append data after it)."""
    if not content.startswith(b"\xff\xd8"):
        return False
    position, framed = 2, False
    while position + 4 <= len(content):
        if content[position] != 0xFF:
            return False
        marker = content[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            position += 2
            continue
        if marker == 0xD9:
            return False  # the image ends before its scan
        length = int.from_bytes(content[position + 2 : position + 4], "big")
        if length < 2 or position + 2 + length > len(content):
            return False
        framed = framed or marker in JPEG_FRAMES
        if marker == 0xDA:
            return framed and b"\xff\xd9" in content[position + 2 + length :]
        position += 2 + length
    return False


STRUCTURE_CHECKS = {"PDF": pdf_is_whole, "PNG": png_is_whole, "JPEG": jpeg_is_whole}


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
    if upload.size > settings.RECEIPT_MAX_BYTES:
        raise ValidationError(
            {
                "receipt": _("The file is %(size)s; a receipt may be at most %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.RECEIPT_MAX_BYTES),
                }
            }
        )
    content = _content(upload)
    if not any(content.startswith(magic) for magic in kind.magic_numbers):
        raise ValidationError(
            {
                "receipt": _(
                    "The file is named like a %(kind)s but its content is not a %(kind)s. "
                    "Upload the scan or photo of the receipt itself."
                )
                % {"kind": kind.label}
            }
        )
    if WEB_PAGE_MARKERS.search(content[:SNIFF_WINDOW]):
        raise ValidationError(
            {
                "receipt": _(
                    "The file starts like a %(kind)s but holds a web page (HTML). Upload the "
                    "scan or photo of the receipt itself."
                )
                % {"kind": kind.label}
            }
        )
    if not STRUCTURE_CHECKS[kind.label](content):
        raise ValidationError(
            {
                "receipt": _(
                    "The file is not a whole %(kind)s: it is damaged or only starts like one. "
                    "Save or scan the receipt again and upload that file."
                )
                % {"kind": kind.label}
            }
        )
    return kind

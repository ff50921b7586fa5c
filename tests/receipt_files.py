"""Receipt files for the upload tests: small but whole files of each accepted type, and the
hostile ones a content check must refuse."""

from __future__ import annotations


def pdf(*, page: bytes = b"") -> bytes:
    """A whole one-page PDF: header, objects, cross-reference table, trailer, end marker;
    ``page`` is written as the page's content stream."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(page) + page + b"\nendstream",
    ]
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    return out + b"startxref\n%d\n%%%%EOF\n" % xref


PDF = pdf(page=b"BT /F1 12 Tf 20 100 Td (Stand rent 900 EUR) Tj ET")
# A 1x1 PNG: signature, IHDR, IDAT, IEND, each chunk with its CRC.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082"
)
# A small baseline JPEG (the python logo of CPython's imghdr tests).
JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010101000100010000ffdb00430003020202020203020202030303030406040404"
    "0404080606050609080a0a090809090a0c0f0c0a0b0e0b09090d110d0e0f101011100a0c12131210130f1010"
    "10ffdb00430103030304030408040408100b090b101010101010101010101010101010101010101010101010"
    "1010101010101010101010101010101010101010101010101010ffc000110800100010030122000211010311"
    "01ffc400160001010100000000000000000000000000070405ffc40024100001040104020203000000000000"
    "00000102030406050708121311220014093132ffc4001501010100000000000000000000000000000006ffc4"
    "00231100010205030500000000000000000000010211030405062100123115166181e1ffda000c0301000211"
    "0311003f0014a6d26a1b73c1e61312d4951cf31163e42565beba5aec694540b1e520b254a51fd2cab8faf220"
    "ab963d976c9335e69b77d7e66da71781a5571c7f1cea71e24b39d7e32253f21a69ded4714a38b482e84b892a"
    "71691ecd2d213bf1efb91a74aceea15a758ed548ac655b858b81857b21299867a96b94b949654fb9c8852911"
    "4b812af07ad9f23c807e55be0df662a140cce8e69a3d5cb743b3d77a6558b1d9512188bf64b8d3f1c3680429"
    "c0d0febb3c02e03c5407b4bdd97b54e627fb6edf9460148262138db8529828370589727960e432896fc3828e"
    "a7528cea208dbe78191f07ad7fffd9"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48

# What the content check refuses though the first bytes pass.
HTML_AFTER_PDF_HEADER = (
    b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>"
)
HTML_IN_WHOLE_PDF = pdf().replace(
    b"%\xe2\xe3\xcf\xd3\n", b"%\xe2\xe3\xcf\xd3\n<!DOCTYPE html><script>alert(1)</script>\n"
)
PDF_WITHOUT_END = PDF[: PDF.rindex(b"startxref")]
PNG_TRUNCATED = PNG[:-12]
PNG_THEN_HTML = PNG[:33] + b"<html><script>alert(1)</script></html>"
JPEG_HEADER_ONLY = JPEG[:20]
JPEG_HEADER_THEN_HTML = b"\xff\xd8\xff\xe0<html><script>alert(1)</script></html>"

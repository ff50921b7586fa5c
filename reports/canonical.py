"""The canonical text of a report body and its checksum: one text for one content, so the same
inputs give the same bytes and the same SHA-256 (the stored run and a funder's derived view)."""

from __future__ import annotations

import hashlib
import json


def canonical_json(body: dict) -> str:
    """Sorted keys, no spaces, UTF-8 as is: one text for one content."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def checksum_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()

"""Free text as people may enter it, the same for every face: forms (clusters.forms.Form and
ModelForm), the API (clusters.api.base.Serializer and ModelSerializer) and imports
(clusters.imports.rows.Row).

- No control characters: C0 (NUL included), DEL and C1 are refused with a field error; only
  multi-line text (notes, descriptions, minutes) may hold tab, newline and carriage return.
  They are invisible on a page, break exports and spreadsheets, and hide formulas.
- A bounded length: a text field that declares no maximum gets ``TEXT_MAX_LENGTH``.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# The longest free text (notes, descriptions, minutes, reasons) a field takes.
TEXT_MAX_LENGTH = 10_000
# A text field this long or longer, or without a limit, is multi-line text.
MULTI_LINE_FROM_LENGTH = 300

SINGLE_LINE_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f]")
MULTI_LINE_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character(value: str, *, multiline: bool) -> str | None:
    """The first control character the text may not hold, or None."""
    pattern = MULTI_LINE_FORBIDDEN if multiline else SINGLE_LINE_FORBIDDEN
    match = pattern.search(value)
    return match.group() if match else None


def control_character_message(character: str) -> str:
    return _(
        "This text holds an invisible control character (U+%(code)s), which is not allowed: "
        "remove it, e.g. by typing the text again instead of pasting it."
    ) % {"code": f"{ord(character):04X}"}


@deconstructible
class NoControlCharactersValidator:
    """Refuses text holding a control character; ``multiline`` text may hold tab, newline and
    carriage return. A list of texts (a comma-separated field) is checked item by item;
    values that are not text (a parsed UUID, a number) pass."""

    code = "control_character"

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        for text in value if isinstance(value, list | tuple) else [value]:
            if not isinstance(text, str):
                continue
            character = control_character(text, multiline=self.multiline)
            if character is not None:
                raise ValidationError(control_character_message(character), code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, NoControlCharactersValidator) and self.multiline == other.multiline


def is_multiline(*, max_length: int | None, textarea: bool) -> bool:
    """Whether a text field takes several lines: shown as a text area, or long."""
    return textarea or max_length is None or max_length >= MULTI_LINE_FROM_LENGTH

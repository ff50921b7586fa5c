"""One step taken on many rows at once (the enrolments of a project's pipeline): all or nothing.

Every row goes through the same service as the single step, so every rule is checked per row.
If any row is refused, nothing is written for any of them and each refusal is reported at its
row (``RowsRefused.reasons``), so the user can leave those rows out and try again. The same run
serves as the preview of the confirmation page (``dry_run``): the services run for real inside
a transaction that is then rolled back, so the preview cannot disagree with the write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

Row = TypeVar("Row")


class RowsRefused(ValidationError):
    """Some rows cannot take the step: ``reasons`` maps each one's pk to why."""

    def __init__(self, reasons: dict[int, str]):
        self.reasons = reasons
        super().__init__(
            _("%(count)d of the chosen rows cannot take this step; nothing was changed.")
            % {"count": len(reasons)}
        )


class _DryRun(Exception):
    """Raised to roll a preview back."""


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def each_or_none(
    rows: Iterable[Row], step: Callable[[Row], str], *, dry_run: bool = False
) -> dict[int, str]:
    """Run ``step(row)`` for every row in one transaction and return what it said of each
    row (by pk). A row refused (ValidationError, PermissionDenied) rolls every row back and
    raises ``RowsRefused`` naming all of them; ``dry_run`` rolls back in any case."""
    results: dict[int, str] = {}
    reasons: dict[int, str] = {}
    try:
        with transaction.atomic():
            for row in rows:
                try:
                    with transaction.atomic():
                        results[row.pk] = step(row)
                except (ValidationError, PermissionDenied) as error:
                    reasons[row.pk] = _reason(error)
            if reasons:
                raise RowsRefused(reasons)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return results

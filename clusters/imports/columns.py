"""The columns a sheet importer declares: their names and, for a coded column, the values it
accepts, so that the page, the documentation and the error message list the same values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import models


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    ``values`` are the accepted values of a coded column (empty: any text); ``labels`` maps
    each value to its label, which a cell may hold instead ("Market analysis" for
    market_analysis). ``shown`` columns name the row in a preview. An ``optional`` column may
    be left out of the sheet's first line: then its cells read as empty, so that files made
    before the column existed still import.
    """

    name: str
    values: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict, compare=False)
    shown: bool = False
    optional: bool = False


def coded(
    name: str,
    choices: type[models.TextChoices],
    *,
    only: Iterable[str] | None = None,
    shown: bool = False,
) -> Column:
    """A column that takes the values of ``choices`` (or ``only`` those of them), or their
    labels; the labels stay lazy, so that they are read in the language of the import."""
    values = tuple(str(value) for value in (only if only is not None else choices.values))
    labels = {value: label for value, label in choices.choices if value in values}
    return Column(name, values=values, labels=labels, shown=shown)

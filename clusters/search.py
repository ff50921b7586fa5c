"""Search that ignores case and accents on both databases: `GÄVLE`, `gavle` and `Gävle` find
"Gävle Energi AB", `КАЛУЖСКАЯ` finds "Калужская фармацевтика".

Why a database function rather than a normalized column: the lists search in a dozen models
and across relations (a trip is found by its firm's name), so a folded copy of every searched
field would be a column and a migration in five apps, kept in step on every save and every
bulk update. One function applied to both sides of the comparison needs neither:

- SQLite's LOWER and LIKE fold ASCII only, so on SQLite ``fold`` is a Python function
  registered on each connection (``register_sqlite_fold``): casefold, then strip accents.
- On PostgreSQL it is ``lower(unaccent(...))`` (the ``unaccent`` extension, created by
  clusters' migration 0004); ``lower`` there folds every script, Cyrillic too.

Both the column and the searched text go through the same function in the same query, so a
database never compares a value folded one way with a text folded another.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Cast

SQLITE_FOLD = "clusterdesk_fold"


def fold(text: str | None) -> str | None:
    """The text without case and accents: 'GÄVLE' → 'gavle'."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    """Give each new SQLite connection the ``fold`` function (connection_created signal)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FOLD, 1, fold, deterministic=True)


class Fold(models.Func):
    """``fold`` in SQL: the expression without case and accents."""

    function = SQLITE_FOLD
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="lower(unaccent((%(expressions)s)::text))"
        )


class FoldedTransform(models.Transform):
    """``field__folded__contains=...``: the field folded, for the lookups below."""

    lookup_name = "folded"
    output_field = models.TextField()

    def as_sql(self, compiler, connection):
        return compiler.compile(Fold(self.lhs))


models.CharField.register_lookup(FoldedTransform)
models.TextField.register_lookup(FoldedTransform)
models.EmailField.register_lookup(FoldedTransform)


def folded_text(text: str) -> Fold:
    return Fold(Cast(Value(text), output_field=models.TextField()))


def folded_contains(fields: Sequence[str], term: str) -> Q:
    """Rows where one of ``fields`` contains ``term``, ignoring case and accents."""
    return reduce(or_, (Q(**{f"{field}__folded__contains": folded_text(term)}) for field in fields))


def folded_equals(field: str, text: str) -> Q:
    """Rows whose ``field`` is ``text``, ignoring case and accents (a region typed by hand)."""
    return Q(**{f"{field}__folded": folded_text(text)})


def search(queryset, *, fields: Sequence[str], terms: Iterable[str]):
    """Rows where each term is found in one of ``fields``."""
    for term in terms:
        queryset = queryset.filter(folded_contains(fields, term))
    return queryset

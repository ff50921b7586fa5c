"""Guards that turn input the database cannot take into a clear refusal instead of a 500.

- ``NulByteGuardMiddleware``: PostgreSQL refuses a NUL byte in any text ("A string literal
  cannot contain NUL"), so a ``?q=%00``, a slug or a cookie carrying one would reach a lookup
  and fail there, in whichever list, calendar or API route happens to use it. No address,
  query or cookie of ours ever holds one, so the request is refused before any view runs:
  one place rather than a check in every filter, converter and lookup.
- ``DatabaseConflictMiddleware``: the pages' safety net for a constraint the forms and
  services did not foresee (two people saving the same thing at once): an ``IntegrityError``
  becomes a 409 page saying that nothing was saved, a ``DataError`` a 400 page. The API's
  twin is ``clusters.api.exceptions.api_exception_handler``; both take their words from
  ``constraint_message``. SQLite's driver refuses a number past 64 bits with an
  ``OverflowError`` where PostgreSQL raises a ``DataError``: both answer 400.
"""

from __future__ import annotations

import logging
from urllib.parse import unquote

from django.apps import apps
from django.db import DataError, IntegrityError, models
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

logger = logging.getLogger(__name__)

NUL = "\x00"


def carries_nul(request) -> bool:
    """Whether the path, the query string or a cookie holds a NUL byte, encoded or not."""
    if NUL in request.path or NUL in unquote(request.META.get("QUERY_STRING", "")):
        return True
    return any(NUL in name or NUL in value for name, value in request.COOKIES.items())


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def refusal(request, *, status: int, title: str, message: str):
    """The refusal as the caller reads it: JSON for the API, a page for a browser."""
    if is_api(request):
        return JsonResponse({"detail": message}, status=status)
    context = {"title": title, "message": message}
    return render(request, "refused.html", context, status=status)


class NulByteGuardMiddleware:
    """Refuses with 400 a request whose path, query or cookies hold a NUL byte."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_nul(request):
            return refusal(
                request,
                status=400,
                title=_("Bad request"),
                message=_("Null characters are not allowed in an address or a search."),
            )
        return self.get_response(request)


def _model_of_table(table: str | None):
    if not table:
        return None
    return next((m for m in apps.get_models() if m._meta.db_table == table), None)


def _unique_fields_message(model, field_names) -> str:
    labels = [capfirst(str(model._meta.get_field(name).verbose_name)) for name in field_names]
    return _("A %(model)s with this %(fields)s already exists.") % {
        "model": model._meta.verbose_name,
        "fields": _(" and ").join(labels),
    }


def constraint_message(error: Exception) -> str:
    """What a user reads about a violated constraint: the constraint's own message when the
    model gives one, the fields of a unique constraint, else that a rule of the record was
    broken. PostgreSQL names the constraint and its table (psycopg's ``diag``); SQLite does
    not, so there the general words are used."""
    diag = getattr(error.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None)
    model = _model_of_table(getattr(diag, "table_name", None))
    if model is not None and name:
        for constraint in model._meta.constraints:
            if constraint.name != name:
                continue
            if constraint.violation_error_message != constraint.default_violation_error_message:
                return str(constraint.violation_error_message)
            if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
                return _unique_fields_message(model, constraint.fields)
        for field in model._meta.concrete_fields:
            if field.unique and not field.primary_key and field.column in name:
                return _unique_fields_message(model, [field.name])
    if isinstance(error, DataError | OverflowError):
        return _("A value is too long, too large or not valid for the database.")
    return _(
        "This would conflict with a record that already exists or break one of its rules"
        " (perhaps someone saved the same thing a moment ago): nothing was saved."
    )


class DatabaseConflictMiddleware:
    """A page's ``IntegrityError`` answers 409 and its ``DataError`` 400, with a page saying
    what happened, instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, IntegrityError | DataError | OverflowError):
            return None
        logger.warning("refused by the database on %s: %s", request.path, exception)
        status = 409 if isinstance(exception, IntegrityError) else 400
        return refusal(
            request,
            status=status,
            title=_("Not saved"),
            message=constraint_message(exception),
        )


def not_found(request, exception=None):
    """``handler404``: an address under /api/ that no route takes (``/api/v1/trips/abc/``)
    answers JSON as every other API answer does; a page address Django's 404 page."""
    if is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return page_not_found(request, exception)

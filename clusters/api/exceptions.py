"""The API's exception handler: DRF's, keeping the reason of a refused access rule, and
answering a database refusal with a clear message instead of a 500."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import DataError, IntegrityError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

from clusters.guards import constraint_message

logger = logging.getLogger(__name__)


class Conflict(exceptions.APIException):
    """409: the write conflicts with a row the database already holds (a unique constraint)
    or breaks one of its check constraints; nothing was saved."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This conflicts with a record that already exists.")
    default_code = "conflict"


class ValueRefused(exceptions.APIException):
    """400: a value the database cannot store (too long, out of range)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("A value is not valid for the database: nothing was saved.")
    default_code = "invalid"


def api_exception_handler(exc, context):
    """``Verdict.require()`` raises Django's PermissionDenied with the rule's reason; DRF would
    answer it with a generic message, so the reason is carried into the 403's ``detail``.

    A constraint violation that no serializer or service foresaw (two requests saving the same
    thing at once) is a 409 with the constraint's message, a value the database refuses a 400;
    DRF's handler then rolls the request's transaction back as for any API error. SQLite's
    driver refuses a number past 64 bits (``?body=-49261179970692216478``) with an
    OverflowError where PostgreSQL raises a DataError: both are a 400."""
    if isinstance(exc, DjangoPermissionDenied) and exc.args:
        exc = exceptions.PermissionDenied(str(exc.args[0]))
    elif isinstance(exc, IntegrityError):
        logger.warning("API write refused by the database: %s", exc)
        exc = Conflict(constraint_message(exc))
    elif isinstance(exc, DataError | OverflowError):
        logger.warning("API value refused by the database: %s", exc)
        exc = ValueRefused(constraint_message(exc))
    return exception_handler(exc, context)

"""The API's exception handler: DRF's, keeping the reason of a refused access rule."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from rest_framework import exceptions
from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    """``Verdict.require()`` raises Django's PermissionDenied with the rule's reason; DRF would
    answer it with a generic message, so the reason is carried into the 403's ``detail``."""
    if isinstance(exc, DjangoPermissionDenied) and exc.args:
        exc = exceptions.PermissionDenied(str(exc.args[0]))
    return exception_handler(exc, context)

"""Request bodies are refused by their declared size before anything reads them.

Django caps a form's fields at DATA_UPLOAD_MAX_MEMORY_SIZE, but only when it parses the form
itself: the API's parsers read the stream directly, so a 30 MB JSON body used to be parsed in
full. This middleware answers 413 from the Content-Length header alone, before the session,
the CSRF check or a parser reads a byte: a body that is not a file upload may be as large as
DATA_UPLOAD_MAX_MEMORY_SIZE, a multipart upload as large as the largest file kind it may carry
(RECEIPT_MAX_BYTES, IMPORT_MAX_FILE_BYTES) plus UPLOAD_FORM_OVERHEAD_BYTES for its other
fields. Each kind's own, smaller cap is checked where the file is read, with its own message.
The WSGI server never hands Django more bytes than Content-Length says, and a body without one
reads as empty, so the header is the bound.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

TOO_LARGE = 413


def body_limit(request: HttpRequest) -> int | None:
    """The largest body the request may carry (None: no limit)."""
    if request.content_type == "multipart/form-data":
        largest_file = max(settings.RECEIPT_MAX_BYTES, settings.IMPORT_MAX_FILE_BYTES)
        return largest_file + settings.UPLOAD_FORM_OVERHEAD_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def declared_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0  # Django reads such a body as empty


class RequestBodyLimitMiddleware:
    """Answers 413 to a request whose body is larger than its kind may be."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request)
        size = declared_length(request)
        if limit is not None and size > limit:
            # Before LocaleMiddleware: the browser's language is taken here.
            with translation.override(translation.get_language_from_request(request)):
                return too_large(request, size, limit)
        return self.get_response(request)


def too_large(request: HttpRequest, size: int, limit: int) -> HttpResponse:
    if request.content_type == "multipart/form-data":
        message = _(
            "The upload is %(size)s; at most %(limit)s can be sent at once. Receipts may be at "
            "most %(receipt)s, import files at most %(import)s."
        ) % {
            "size": filesizeformat(size),
            "limit": filesizeformat(limit),
            "receipt": filesizeformat(settings.RECEIPT_MAX_BYTES),
            "import": filesizeformat(settings.IMPORT_MAX_FILE_BYTES),
        }
    else:
        message = _("The request body is %(size)s; at most %(limit)s is accepted.") % {
            "size": filesizeformat(size),
            "limit": filesizeformat(limit),
        }
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=TOO_LARGE)
    # Before the session and the user are known: a page of its own, not the site's frame.
    page = render_to_string("413.html", {"message": message}, request=None)
    return HttpResponse(page, status=TOO_LARGE)

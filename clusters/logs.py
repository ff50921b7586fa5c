"""Logging filters for the server log (config/settings.py LOGGING)."""

from __future__ import annotations

import logging


class RefusalWithoutTraceback(logging.Filter):
    """A refused request (a 4xx answer to PermissionDenied, Http404, ...) is the app working
    as designed: Django logs it with the exception's traceback, which buries real errors. The
    record keeps one line, with the refusal's reason, and drops the traceback; 5xx records
    keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.exc_info and status is not None and 400 <= status < 500:
            error = record.exc_info[1]
            reason = str(error) if error is not None else ""
            message = record.getMessage()
            record.msg = f"{message} ({reason})" if reason else message
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True

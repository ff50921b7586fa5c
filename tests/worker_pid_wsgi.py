"""The project's WSGI application with one more response header, ``X-Worker-Pid``: the process
that answered. Served by gunicorn in the tests that must prove two workers took part
(tests/clusters/test_throttling_across_workers.py); production never loads it."""

from __future__ import annotations

import os

from config.wsgi import application as django_application


def application(environ, start_response):
    def start_with_pid(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Worker-Pid", str(os.getpid()))], exc_info)

    return django_application(environ, start_with_pid)

"""Logging a test client in through the real log-in page.

``Client.login()`` calls ``authenticate()`` without a request, which django-axes refuses (it
needs the client's address), and it would skip the lockout and two-factor checks besides.
"""

from django.test import Client
from django.urls import reverse


def log_in(client: Client, email: str, password: str) -> bool:
    """Post the log-in form; True when the client is then logged in."""
    client.post(reverse("login"), {"username": email, "password": password})
    return "_auth_user_id" in client.session

"""Where an installation makes two-factor mandatory (``OTP_REQUIRED_FOR``), a user of that
kind who logged in without a code is sent to enrol an authenticator before anything else."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from accounts.two_factor import two_factor_required

# Cached in the session, so the check costs no query once it is known.
REQUIRED_SESSION_KEY = "two_factor_required"


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.OTP_REQUIRED_FOR and self._must_enrol(request):
            return redirect("accounts:two-factor")
        return self.get_response(request)

    def _must_enrol(self, request) -> bool:
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return False
        if request.path in _open_paths() or request.path.startswith(_static_prefix()):
            return False
        required = request.session.get(REQUIRED_SESSION_KEY)
        if required is None:
            required = two_factor_required(user)
            request.session[REQUIRED_SESSION_KEY] = required
        return required


def _static_prefix() -> str:
    return "/" + settings.STATIC_URL.lstrip("/")


def _open_paths() -> set[str]:
    """Pages a user who must enrol still reaches: enrolment itself and leaving."""
    return {
        reverse("accounts:two-factor"),
        reverse("accounts:two-factor-qr"),
        reverse("logout"),
        reverse("set_language"),
    }

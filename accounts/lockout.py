"""Log-in lockout (django-axes): who is counted, what a locked-out visitor is told, and how
an account is unlocked.

Failures are counted per username and client address (``AXES_LOCKOUT_PARAMETERS``). Unlock:
wait ``LOGIN_LOCKOUT_MINUTES``, reset the password (``login_unlock`` runs when a reset
completes), or an administrator deletes the access attempts in the admin ("Axes") or runs
``manage.py axes_reset_username EMAIL``.
"""

from __future__ import annotations

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or behind ``LOGIN_PROXY_COUNT`` trusted proxies the
    X-Forwarded-For entry the outermost of them added (entries further left can be forged)."""
    proxies = settings.LOGIN_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def username_of_credentials(request, credentials: dict | None) -> str | None:
    """The e-mail address tried, folded to lower case as log-in itself folds it."""
    raw = (credentials or {}).get("username") or request.POST.get("username")
    return raw.strip().lower() if isinstance(raw, str) else None


def lockout_response(request, original_response=None, credentials=None):
    """The log-in page again, saying the account is locked from this address and until when."""
    from accounts.forms import LoginForm

    username = username_of_credentials(request, credentials)
    cool_off = get_cool_off(request)
    last_failure = AccessAttempt.objects.filter(
        username=username, ip_address=getattr(request, "axes_ip_address", None)
    ).aggregate(last=Max("attempt_time"))["last"]
    retry_at = (last_failure or timezone.now()) + cool_off
    context = {
        "form": LoginForm(request, initial={"username": username}),
        "locked_until": retry_at,
        "locked_minutes": max(1, round((retry_at - timezone.now()).total_seconds() / 60)),
    }
    return render(request, "registration/login.html", context, status=429)


def login_unlock(*, email: str) -> int:
    """Forget the failed log-ins of this address from every client address; the number of
    records removed."""
    return reset(username=email.strip().lower())

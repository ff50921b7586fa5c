"""Two-factor log-in with a time-based code (TOTP, django-otp): who may and who must use it,
enrolling and disabling the authenticator app, and checking a code.

Which kinds of user someone is (``staff``, ``funder``) is known on the clusters floor; it is
asked through ``settings.TWO_FACTOR_USER_KINDS`` so that accounts imports nothing above it.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

DEVICE_NAME = "Authenticator app"


@cache
def _kinds_function():
    return import_string(settings.TWO_FACTOR_USER_KINDS)


def user_kinds(user) -> frozenset[str]:
    """``{"staff", "funder"}``, one of them or none: the kinds two-factor is offered to."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(_kinds_function()(user))


def two_factor_available(user) -> bool:
    return bool(user_kinds(user))


def two_factor_required(user) -> bool:
    """The installation demands two-factor of this kind of user (``OTP_REQUIRED_FOR``)."""
    return bool(user_kinds(user) & settings.OTP_REQUIRED_FOR)


def confirmed_device(user) -> TOTPDevice | None:
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def totp_code_matches(*, device: TOTPDevice, code: str) -> bool:
    """Check a code against the device. A code is accepted once (django-otp keeps the last time
    step used), and failures slow further tries down (its throttling)."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, _details = locked.verify_is_allowed()
        return allowed and locked.verify_token(code.strip().replace(" ", ""))


@transaction.atomic
def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed device, made if needed: its key is shown until a code confirms it."""
    device = pending_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_enrolment_confirm(*, request, code: str) -> bool:
    """Confirm the pending device with a code from the app; the session counts as verified."""
    user = request.user
    device = pending_device(user)
    if device is None or not totp_code_matches(device=device, code=code):
        return False
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return True


@transaction.atomic
def totp_disable(*, user: User, code: str) -> bool:
    """Remove the user's authenticator, proven by a current code; refused where mandatory."""
    device = confirmed_device(user)
    if device is None or two_factor_required(user):
        return False
    if not totp_code_matches(device=device, code=code):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    return True

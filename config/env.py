"""Small typed helpers that read settings from the environment.

Every helper raises ``ConfigurationError`` with one line that says what to fix, so a bad
deployment stops at start instead of failing on the first request.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import NoReturn

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class ConfigurationError(ImproperlyConfigured):
    """A setting is missing or malformed; the message says which and how to fix it."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigurationError(
        f"{name}={raw!r} is not a boolean: use 1/0, true/false, yes/no or on/off."
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_required(name: str, why: str) -> str:
    value = env_str(name)
    if not value:
        raise ConfigurationError(f"{name} is not set: {why}")
    return value


# Words that mark a placeholder or a generated development key (.env.example ships
# "change-me"; Django's startproject keys start with "django-insecure-").
PLACEHOLDER_KEY_WORDS = ("insecure", "change-me", "changeme")
MIN_SECRET_KEY_LENGTH = 50


def env_secret_key(name: str = "SECRET_KEY") -> str:
    """The production secret: required, at least 50 characters, no placeholder.

    Django's deploy check only warns about a weak key; production must not start with one,
    since the key signs sessions, password-reset links and CSRF tokens.
    """
    value = env_required(name, "production needs a long random secret (at least 50 characters).")
    lowered = value.lower()
    placeholder = next((word for word in PLACEHOLDER_KEY_WORDS if word in lowered), None)
    if placeholder:
        raise ConfigurationError(
            f"{name} contains {placeholder!r}: it is an example or development key; generate "
            'one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    if len(value) < MIN_SECRET_KEY_LENGTH or len(set(value)) < 5:
        raise ConfigurationError(
            f"{name} is too short or too plain ({len(value)} characters): production needs at "
            f"least {MIN_SECRET_KEY_LENGTH} random characters; generate one with: "
            'python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    return value


def exit_on_configuration_error(start: Callable[[], object]) -> object:
    """Run ``start``; turn a ConfigurationError into one clear line on stderr and exit code 2."""
    try:
        return start()
    except ConfigurationError as error:
        _fail(error)


def _fail(error: ConfigurationError) -> NoReturn:
    print(f"Clusterdesk configuration error: {error}", file=sys.stderr)
    raise SystemExit(2)

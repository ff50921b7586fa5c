"""Configuration from the environment: bad values stop the app with one clear line."""

import os
import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k" * 10 + "a-real-looking-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "clusterdesk.example.org",
}


# Variables the tests set themselves; DJANGO_ALLOW_ASYNC_UNSAFE leaks in from the browser tests.
CONTROLLED = {"DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEBUG"}
LEAKED = {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def manage_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in CONTROLLED | LEAKED}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env={**manage_env(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_one_clear_line(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Clusterdesk configuration error:")
    for fragment in fragments:
        assert fragment in lines[0]


def test_production_without_secret_key_refuses_to_start():
    env = {**PRODUCTION_ENV}
    del env["SECRET_KEY"]
    assert_one_clear_line(manage("check", **env), "SECRET_KEY")


def test_production_without_allowed_hosts_refuses_to_start():
    env = {**PRODUCTION_ENV}
    del env["ALLOWED_HOSTS"]
    assert_one_clear_line(manage("check", **env), "ALLOWED_HOSTS")


def test_malformed_database_url_refuses_to_start():
    assert_one_clear_line(manage("check", DATABASE_URL="mysql//nonsense"), "DATABASE_URL")


def test_database_url_without_a_name_refuses_to_start():
    result = manage("check", DATABASE_URL="postgres://user@localhost:5432")
    assert_one_clear_line(result, "DATABASE_URL")


def test_unknown_time_zone_refuses_to_start():
    assert_one_clear_line(manage("check", TIME_ZONE="Mars/Olympus"), "TIME_ZONE")


def test_malformed_boolean_refuses_to_start():
    assert_one_clear_line(manage("check", DEBUG="maybe"), "DEBUG")


def _assignment(path: Path, name: str) -> str:
    match = re.search(rf"^\s*{name}=(\S+)", path.read_text(), re.MULTILINE)
    assert match, f"{name} not found in {path.name}"
    return match.group(1)


def test_production_refuses_the_example_secret_key():
    example_key = _assignment(REPO_ROOT / ".env.example", "SECRET_KEY")
    result = manage("check", **{**PRODUCTION_ENV, "SECRET_KEY": example_key})
    assert_one_clear_line(result, "SECRET_KEY", "change-me")


def test_production_refuses_a_short_secret_key():
    result = manage(
        "check", **{**PRODUCTION_ENV, "SECRET_KEY": "a-random-but-short-key-0123456789"}
    )
    assert_one_clear_line(result, "SECRET_KEY", "at least 50")


def test_production_refuses_a_generated_development_key():
    key = "django-insecure-" + "x7#kq2!vmp9zr4t8w1bn6yc3hd5fg0ja" * 2
    assert_one_clear_line(manage("check", **{**PRODUCTION_ENV, "SECRET_KEY": key}), "insecure")


def test_production_refuses_debug():
    result = manage("check", **{**PRODUCTION_ENV, "DEBUG": "1"})
    assert_one_clear_line(result, "DEBUG")


def test_the_image_build_key_is_one_production_accepts():
    """The Dockerfile runs collectstatic in production mode with a build-only key."""
    build_key = _assignment(REPO_ROOT / "Dockerfile", "SECRET_KEY")
    result = manage("check", **{**PRODUCTION_ENV, "SECRET_KEY": build_key})
    assert result.returncode == 0, result.stderr


def test_production_passes_the_deploy_check_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_wsgi_application_loads_in_production():
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi; print(config.wsgi.application)"],
        cwd=REPO_ROOT,
        env={**manage_env(), **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "WSGIHandler" in result.stdout

"""Static checks of the production deployment files.

No Docker engine is needed: these tests only parse docker-compose.yml, the Dockerfile
and .env.example, so a broken deployment configuration is caught in CI.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
DOCKERFILE = REPO_ROOT / "Dockerfile"
ENV_EXAMPLE = REPO_ROOT / ".env.example"

EXPECTED_SERVICES = {"db", "redis", "web", "worker", "beat"}
APP_SERVICES = ("web", "worker", "beat")
# Celery beat has no cheap, reliable liveness probe, so it deliberately has no
# healthcheck; consequently no service may wait for it to become healthy.
SERVICES_WITHOUT_HEALTHCHECK = {"beat"}

_PLACEHOLDER = re.compile(r"\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*")


# --- helpers ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict:
    assert COMPOSE_FILE.is_file(), f"{COMPOSE_FILE} is missing"
    data = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "docker-compose.yml must be a mapping"
    return data


@pytest.fixture(scope="module")
def services(compose: dict) -> dict:
    services = compose.get("services")
    assert isinstance(services, dict), "docker-compose.yml has no services mapping"
    return services


def substitute(value: str) -> str:
    """Replace compose ${...}/$VAR placeholders with a dummy value ($$ is a literal $)."""
    escaped = value.replace("$$", "\0")
    return _PLACEHOLDER.sub("dummy", escaped).replace("\0", "$")


def environment_of(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        pairs = (item.split("=", 1) for item in env)
        return {pair[0]: pair[1] if len(pair) > 1 else "" for pair in pairs}
    return {key: "" if value is None else str(value) for key, value in env.items()}


def depends_on_of(service: dict) -> dict[str, str]:
    """Map each dependency to its condition (the list form means service_started)."""
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return {name: "service_started" for name in deps}
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def command_text(service: dict) -> str:
    command = service.get("command") or ""
    if isinstance(command, list):
        command = " ".join(str(part) for part in command)
    return " ".join(command.split())


def has_healthcheck(service: dict) -> bool:
    check = service.get("healthcheck")
    if not isinstance(check, dict) or check.get("disable"):
        return False
    test = check.get("test")
    if isinstance(test, str):
        return bool(test.strip())
    return isinstance(test, list) and len(test) > 1 and test[0] != "NONE"


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with line continuations joined and comments dropped."""
    assert DOCKERFILE.is_file(), f"{DOCKERFILE} is missing"
    instructions: list[tuple[str, str]] = []
    buffer = ""
    for raw_line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            buffer += line[:-1] + " "
            continue
        full = buffer + line
        buffer = ""
        keyword, _, arguments = full.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def read_env_example() -> dict[str, str]:
    assert ENV_EXAMPLE.is_file(), f"{ENV_EXAMPLE} is missing"
    values: dict[str, str] = {}
    for raw_line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().strip("'\"")
    return values


# --- docker-compose.yml ------------------------------------------------------------


def test_all_five_services_are_defined(services: dict) -> None:
    missing = EXPECTED_SERVICES - set(services)
    assert not missing, f"services missing from docker-compose.yml: {sorted(missing)}"


def test_every_service_except_beat_has_a_healthcheck(services: dict) -> None:
    without = sorted(
        name
        for name, service in services.items()
        if name not in SERVICES_WITHOUT_HEALTHCHECK and not has_healthcheck(service)
    )
    assert not without, f"services without a healthcheck: {without}"


def test_service_healthy_dependencies_have_healthchecks(services: dict) -> None:
    # Waiting for service_healthy on a service without a healthcheck never succeeds.
    broken = sorted(
        f"{name} -> {dependency}"
        for name, service in services.items()
        for dependency, condition in depends_on_of(service).items()
        if condition == "service_healthy" and not has_healthcheck(services.get(dependency, {}))
    )
    assert not broken, f"service_healthy dependencies without a healthcheck: {broken}"


def test_web_command_runs_migrate_before_gunicorn(services: dict) -> None:
    command = command_text(services["web"])
    migrate = re.search(r"manage\.py migrate\b", command)
    gunicorn = re.search(r"\bgunicorn\b.*config\.wsgi:application", command)
    assert migrate, f"web command does not run migrations: {command!r}"
    assert gunicorn, f"web command does not start gunicorn: {command!r}"
    assert migrate.start() < gunicorn.start(), "migrate must run before gunicorn starts"
    between = command[migrate.end() : gunicorn.start()]
    assert "&&" in between, "gunicorn must only start if migrate succeeded (use &&)"


def test_app_services_share_the_same_build(services: dict) -> None:
    builds = {name: services[name].get("build") for name in APP_SERVICES}
    images = {name: services[name].get("image") for name in APP_SERVICES}
    assert all(build is not None for build in builds.values()), f"not all built: {builds}"
    assert len({repr(build) for build in builds.values()}) == 1, f"different builds: {builds}"
    assert len(set(images.values())) == 1, f"different images: {images}"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_database_url_points_at_db(services: dict, name: str) -> None:
    env = environment_of(services[name])
    assert "DATABASE_URL" in env, f"{name} has no DATABASE_URL"
    url = urlparse(substitute(env["DATABASE_URL"]))
    assert url.scheme in {"postgres", "postgresql"}, f"{name}: unexpected scheme {url.scheme}"
    assert url.hostname == "db", f"{name}: DATABASE_URL host is {url.hostname!r}, not 'db'"
    assert url.port in (None, 5432), f"{name}: DATABASE_URL port is {url.port}"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_redis_url_points_at_redis(services: dict, name: str) -> None:
    env = environment_of(services[name])
    assert "REDIS_URL" in env, f"{name} has no REDIS_URL"
    url = urlparse(substitute(env["REDIS_URL"]))
    assert url.scheme == "redis", f"{name}: unexpected scheme {url.scheme}"
    assert url.hostname == "redis", f"{name}: REDIS_URL host is {url.hostname!r}, not 'redis'"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_runs_in_production_mode(services: dict, name: str) -> None:
    assert environment_of(services[name]).get("DJANGO_ENV") == "production"


def test_web_waits_for_healthy_db_and_redis(services: dict) -> None:
    deps = depends_on_of(services["web"])
    assert deps.get("db") == "service_healthy", f"web depends_on db: {deps.get('db')}"
    assert deps.get("redis") == "service_healthy", f"web depends_on redis: {deps.get('redis')}"


@pytest.mark.parametrize("name", ["worker", "beat"])
def test_celery_service_depends_on_redis(services: dict, name: str) -> None:
    assert "redis" in depends_on_of(services[name]), f"{name} does not depend on redis"


def test_db_data_is_on_a_declared_named_volume(compose: dict, services: dict) -> None:
    declared = set(compose.get("volumes") or {})
    sources = []
    for volume in services["db"].get("volumes") or []:
        if isinstance(volume, dict):
            source, target = volume.get("source", ""), volume.get("target", "")
        else:
            source, _, rest = volume.partition(":")
            target = rest.split(":", 1)[0]
        if target == "/var/lib/postgresql/data":
            sources.append(source)
    assert sources, "db does not mount anything at /var/lib/postgresql/data"
    assert sources[0] in declared, (
        f"db data source {sources[0]!r} is not a named volume declared at top level "
        f"(declared: {sorted(declared)})"
    )


@pytest.mark.parametrize("name", ["web", "worker"])
def test_uploaded_files_live_on_a_named_volume_the_web_and_the_worker_share(
    compose: dict, services: dict, name: str
) -> None:
    """Receipts uploaded through the web must survive a new container and be readable by the
    worker; the image's /app is read-only for its user, so MEDIA_ROOT needs a volume."""
    mounts = {}
    for volume in services[name].get("volumes") or []:
        source, _, rest = volume.partition(":")
        mounts[rest.split(":", 1)[0]] = source
    assert "/app/media" in mounts, f"{name} mounts nothing at /app/media (MEDIA_ROOT)"
    assert mounts["/app/media"] in set(compose.get("volumes") or {})
    instructions = " ".join(argument for _, argument in dockerfile_instructions())
    assert "chown clusterdesk:clusterdesk /app/media" in instructions


def test_the_image_has_the_postgresql_client_tools_for_backups() -> None:
    instructions = " ".join(argument for _, argument in dockerfile_instructions())
    assert "postgresql-client" in instructions


# --- .env.example -------------------------------------------------------------------


def test_env_example_configures_production() -> None:
    values = read_env_example()
    assert values.get("DJANGO_ENV") == "production"
    assert values.get("SECRET_KEY"), ".env.example must set SECRET_KEY"
    assert values.get("ALLOWED_HOSTS"), ".env.example must set ALLOWED_HOSTS"


def test_env_example_allows_the_healthcheck_host() -> None:
    hosts = [host.strip() for host in read_env_example().get("ALLOWED_HOSTS", "").split(",")]
    assert "127.0.0.1" in hosts, "the web healthcheck requests 127.0.0.1; allow it"


# --- Dockerfile ----------------------------------------------------------------------


def test_dockerfile_starts_gunicorn() -> None:
    commands = [
        args for keyword, args in dockerfile_instructions() if keyword in {"CMD", "ENTRYPOINT"}
    ]
    assert commands, "Dockerfile has no CMD or ENTRYPOINT"
    assert "gunicorn" in commands[-1], f"last CMD/ENTRYPOINT does not run gunicorn: {commands}"


def test_dockerfile_runs_collectstatic() -> None:
    runs = [args for keyword, args in dockerfile_instructions() if keyword == "RUN"]
    assert any(re.search(r"manage\.py collectstatic\b", args) for args in runs)


def test_dockerfile_runs_as_non_root_user() -> None:
    users = [args for keyword, args in dockerfile_instructions() if keyword == "USER"]
    assert users, "Dockerfile never switches away from root"
    assert users[-1].split(":", 1)[0] not in {"root", "0"}, f"final USER is {users[-1]!r}"

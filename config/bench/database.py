"""The bench's own databases: one per scale, beside the configured one, never the configured
one itself (the developer's data stays untouched).

With PostgreSQL configured as ``…/clusterdesk``, scale 10 lives in ``clusterdesk_bench_s10_g1``
on the same server (``g`` is the generator's version); with SQLite, in a file beside the
configured one. Each is created and migrated if missing, and kept for the next run.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections

from config.bench.world import GENERATOR_VERSION

_configured: dict = {}


def configured_settings() -> dict:
    """The configured database's settings, as they were before the bench switched away."""
    if not _configured:
        _configured.update(settings.DATABASES["default"])
    return _configured


def bench_database_name(scale: int) -> str:
    configured = configured_settings()
    suffix = f"bench_s{scale}_g{GENERATOR_VERSION}"
    if configured["ENGINE"].endswith("sqlite3"):
        path = Path(str(configured["NAME"]))
        return str(path.with_name(f"{path.stem}.{suffix}.sqlite3"))
    return f"{configured['NAME']}_{suffix}"


def _point_at(name: str) -> None:
    connections.close_all()
    settings.DATABASES["default"]["NAME"] = name
    connection.settings_dict["NAME"] = name


def _create_postgresql_database(name: str) -> bool:
    """Create ``name`` on the configured server if missing; True when it was created."""
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone():
            return False
        cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
        return True


def drop_bench_database(scale: int) -> None:
    """Remove a scale's database (``bench --fresh``)."""
    name = bench_database_name(scale)
    configured = configured_settings()
    _point_at(configured["NAME"])
    if configured["ENGINE"].endswith("sqlite3"):
        Path(name).unlink(missing_ok=True)
        return
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")


def use_bench_database(scale: int) -> str:
    """Point the default connection at the scale's database, creating and migrating it if
    needed; returns its name."""
    name = bench_database_name(scale)
    configured = configured_settings()
    if name == configured["NAME"]:  # cannot happen by construction; guards the promise
        raise RuntimeError("the bench never runs in the configured database")
    if not configured["ENGINE"].endswith("sqlite3"):
        _point_at(configured["NAME"])
        _create_postgresql_database(name)
    _point_at(name)
    call_command("migrate", verbosity=0, interactive=False)
    return name


def database_url(scale: int) -> str:
    """A DATABASE_URL for the scale's database, for a subprocess (gunicorn)."""
    configured = configured_settings()
    name = bench_database_name(scale)
    if configured["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(name).resolve()}"
    user = quote(configured.get("USER") or "")
    password = quote(configured.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = configured.get("HOST") or "localhost"
    port = f":{configured['PORT']}" if configured.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{name}"


def analyze() -> None:
    """Refresh the planner's statistics, as autovacuum would have on a live installation: a
    freshly bulk-loaded table otherwise gets plans made for an empty one."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

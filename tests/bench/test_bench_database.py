"""The bench works in databases of its own: never the configured one, one per scale, named so a
changed generator gets a new one."""

from __future__ import annotations

import pytest

from config.bench import database
from config.bench.world import GENERATOR_VERSION


@pytest.fixture
def configured(settings):
    """The configured database as the bench first sees it (the cache is per process)."""

    def configure(engine: str, name: str) -> None:
        database._configured.clear()
        settings.DATABASES = {
            "default": {**settings.DATABASES["default"], "ENGINE": engine, "NAME": name}
        }

    yield configure
    database._configured.clear()


def test_postgresql_bench_databases_sit_beside_the_configured_one(configured):
    configured("django.db.backends.postgresql", "clusterdesk")

    assert database.bench_database_name(1) == f"clusterdesk_bench_s1_g{GENERATOR_VERSION}"
    assert database.bench_database_name(10) == f"clusterdesk_bench_s10_g{GENERATOR_VERSION}"


def test_sqlite_bench_databases_are_files_beside_the_configured_one(configured, tmp_path):
    configured("django.db.backends.sqlite3", str(tmp_path / "clusterdesk.sqlite3"))

    name = database.bench_database_name(10)

    assert name == str(tmp_path / f"clusterdesk.bench_s10_g{GENERATOR_VERSION}.sqlite3")
    assert database.database_url(10) == f"sqlite:///{name}"


def test_the_url_handed_to_subprocesses_names_the_bench_database(configured, settings):
    configured("django.db.backends.postgresql", "clusterdesk")
    settings.DATABASES["default"].update(
        USER="postgres", PASSWORD="s3cr:t", HOST="db.example", PORT=5433
    )

    assert database.database_url(1) == (
        f"postgres://postgres:s3cr%3At@db.example:5433/clusterdesk_bench_s1_g{GENERATOR_VERSION}"
    )


def test_the_bench_refuses_to_run_in_the_configured_database(configured, monkeypatch):
    configured("django.db.backends.postgresql", "clusterdesk")
    monkeypatch.setattr(database, "bench_database_name", lambda scale: "clusterdesk")

    with pytest.raises(RuntimeError, match="never runs in the configured database"):
        database.use_bench_database(1)


def test_the_bench_says_it_needs_postgresql_when_sqlite_is_configured(settings):
    from django.core.management import CommandError, call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("the configured database is PostgreSQL: the bench would run")
    with pytest.raises(CommandError, match="DATABASE_URL=postgres://"):
        call_command("bench")

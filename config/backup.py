"""Back up and restore an installation: its PostgreSQL database and its uploaded files.

One archive holds both, so a restore never pairs a database with someone else's receipts:
a tar file with ``database.pgdump`` (``pg_dump --format=custom``) and ``media/`` (MEDIA_ROOT).
The PostgreSQL client tools (pg_dump, pg_restore) do the database part; they must be on PATH
and of the server's major version or newer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

DUMP_NAME = "database.pgdump"
MEDIA_NAME = "media"


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason in words."""


def _postgres_settings(alias: str) -> dict:
    database = connections[alias].settings_dict
    if connections[alias].vendor != "postgresql":
        raise BackupError(
            f"The database {alias!r} is {connections[alias].vendor}, not PostgreSQL: back up "
            "a SQLite demo by copying its file."
        )
    return database


def _client_command(tool: str, database: dict) -> tuple[list[str], dict]:
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed: install the PostgreSQL client tools.")
    arguments = [tool, "--dbname", database["NAME"], "--no-password"]
    if database.get("HOST"):
        arguments += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        arguments += ["--port", str(database["PORT"])]
    if database.get("USER"):
        arguments += ["--username", database["USER"]]
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    return arguments, environment


def _run(arguments: list[str], environment: dict) -> None:
    finished = subprocess.run(arguments, env=environment, capture_output=True, text=True)
    if finished.returncode != 0:
        raise BackupError(f"{arguments[0]} failed: {finished.stderr.strip()}")


def backup(*, target: Path, alias: str = "default") -> Path:
    """Write the database and the uploaded files into one tar archive at ``target``."""
    database = _postgres_settings(alias)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP_NAME
        arguments, environment = _client_command("pg_dump", database)
        _run([*arguments, "--format=custom", "--no-owner", "--file", str(dump)], environment)
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, arcname=DUMP_NAME)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, arcname=MEDIA_NAME)
        # Renamed only once complete: a backup interrupted half-way never looks like one.
        partial.replace(target)
    return target


def restore(*, source: Path, alias: str = "default") -> None:
    """Replace the database's content and the uploaded files with those of a backup."""
    database = _postgres_settings(alias)
    if not tarfile.is_tarfile(source):
        raise BackupError(f"{source} is not a Clusterdesk backup (not a tar archive).")
    with tempfile.TemporaryDirectory() as work, tarfile.open(source) as archive:
        names = archive.getnames()
        if DUMP_NAME not in names:
            raise BackupError(f"{source} holds no {DUMP_NAME}: it is not a Clusterdesk backup.")
        archive.extractall(work, filter="data")
        # pg_restore drops and recreates the tables; no connection of ours may hold a lock.
        connections.close_all()
        arguments, environment = _client_command("pg_restore", database)
        _run(
            [
                *arguments,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                str(Path(work) / DUMP_NAME),
            ],
            environment,
        )
        restored_media = Path(work) / MEDIA_NAME
        if restored_media.is_dir():
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                shutil.rmtree(media)
            shutil.copytree(restored_media, media)

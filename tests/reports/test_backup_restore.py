"""A backup restores the installation exactly: every report's checksum and every uploaded file.

It runs `manage.py backup` and `manage.py restore` as an operator would (README, "Backup and
restore"), on PostgreSQL: in CI always; on a SQLite run it is skipped with the reason.
"""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from reports.services import canonical_json, checksum_of, report_body

pytestmark = pytest.mark.django_db(transaction=True)

AS_OF = date(2026, 6, 30)
KINDS = ("participation", "outcomes", "indicators")


def every_report_checksum(dataset) -> dict[str, str]:
    checksums = {}
    for kind in KINDS:
        for scope, target in (("project", dataset.project), ("programme", dataset.programme)):
            body = report_body(
                kind=kind,
                project=target if scope == "project" else None,
                programme=target if scope == "programme" else None,
                as_of=AS_OF,
            )
            checksums[f"{kind}/{scope}"] = checksum_of(canonical_json(body))
    return checksums


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore use pg_dump and pg_restore: set DATABASE_URL")


def test_a_restored_backup_gives_every_report_the_same_checksum_and_keeps_the_files(
    postgresql, dataset, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    receipt = settings.MEDIA_ROOT / "receipts" / "2026" / "hotel.pdf"
    receipt.parent.mkdir(parents=True)
    receipt.write_bytes(b"%PDF-1.4 the hotel bill\n%%EOF\n")
    before = every_report_checksum(dataset)
    archive = tmp_path / "clusterdesk.tar"

    call_command("backup", str(archive))
    # The disaster: every row and every file gone.
    call_command("flush", interactive=False)
    receipt.unlink()
    assert every_report_checksum(dataset) != before

    call_command("restore", str(archive), "--yes")

    assert every_report_checksum(dataset) == before
    assert receipt.read_bytes() == b"%PDF-1.4 the hotel bill\n%%EOF\n"


def test_restore_asks_for_confirmation_and_refuses_a_file_that_is_no_backup(
    postgresql, tmp_path
):
    not_a_backup = tmp_path / "notes.tar"
    not_a_backup.write_text("just some text")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(not_a_backup))
    with pytest.raises(CommandError, match="not a Clusterdesk backup"):
        call_command("restore", str(not_a_backup), "--yes")

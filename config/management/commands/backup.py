"""``manage.py backup FILE``: the database and the uploaded files in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the PostgreSQL database and the uploaded files into one tar archive."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Where to write the archive (.tar).")

    def handle(self, *args, file: Path, **options):
        try:
            written = backup(target=file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up to {written} ({written.stat().st_size:,} bytes).")

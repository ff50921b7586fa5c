"""``manage.py restore FILE --yes``: replace everything with the content of a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: the database's content and the uploaded "
        "files are REPLACED by the archive's. Stop the web, worker and beat processes first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The archive written by `manage.py backup`.")
        parser.add_argument(
            "--yes", action="store_true", help="Confirm that the current data may be replaced."
        )

    def handle(self, *args, file: Path, yes: bool, **options):
        if not yes:
            raise CommandError(
                "Restoring replaces every row and uploaded file of this installation: "
                "add --yes to confirm."
            )
        if not file.is_file():
            raise CommandError(f"{file} does not exist.")
        try:
            restore(source=file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {file}. Run `manage.py migrate` if the code is newer.")

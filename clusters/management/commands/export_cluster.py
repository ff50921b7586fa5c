from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from clusters.transfer import cluster_export, dumps


class Command(BaseCommand):
    help = (
        "Write one cluster's complete data (its rows, their history, the shared records they "
        "use, users by e-mail) to a JSON file that import_cluster reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The cluster's slug.")
        parser.add_argument("file", type=Path, help="The JSON file to write ('-' for stdout).")

    def handle(self, *args, slug, file, **options):
        try:
            data = cluster_export(slug=slug)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        text = dumps(data)
        if str(file) == "-":
            self.stdout.write(text)
            return
        file.write_text(text, encoding="utf-8")
        self.stderr.write(
            f"{len(data['rows'])} rows of {slug}, {len(data['shared'])} shared records and "
            f"{len(data['users'])} users written to {file}."
        )

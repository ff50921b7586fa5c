import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from clusters.transfer import cluster_import


class Command(BaseCommand):
    help = (
        "Create a cluster from a file written by export_cluster: every row gets a new id, "
        "shared records are matched by their code or name, users by e-mail."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The JSON file export_cluster wrote.")

    def handle(self, *args, file, **options):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            cluster = cluster_import(data=data)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(f"Cluster {cluster.slug} imported ({len(data['rows'])} rows).")

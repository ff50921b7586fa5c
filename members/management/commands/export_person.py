from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from clusters.transfer import dumps
from members.personal_data import find_subject, person_export


class Command(BaseCommand):
    help = (
        "Write everything recorded about a person (their login, their person records in every "
        "cluster, every row referring to them, history included) to a JSON file."
    )

    def add_arguments(self, parser):
        parser.add_argument("who", help="An e-mail address, or the id of a person record.")
        parser.add_argument("file", type=Path, help="The JSON file to write ('-' for stdout).")

    def handle(self, *args, who, file, **options):
        try:
            data = person_export(subject=find_subject(who))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        text = dumps(data)
        if str(file) == "-":
            self.stdout.write(text)
        else:
            file.write_text(text, encoding="utf-8")

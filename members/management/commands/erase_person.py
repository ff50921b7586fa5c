from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from members.personal_data import find_subject, person_erase


class Command(BaseCommand):
    help = (
        "Erase a person on request: their name, e-mail and phone are overwritten everywhere, "
        "history included, and their login is closed; what they took part in stays counted."
    )

    def add_arguments(self, parser):
        parser.add_argument("who", help="An e-mail address, or the id of a person record.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, who, yes, **options):
        try:
            subject = find_subject(who)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if not yes:
            answer = input(
                f"Erase {len(subject.people)} person record(s) and {len(subject.users)} "
                "login(s)? This cannot be undone. [y/N] "
            )
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Nothing erased.")
        count = person_erase(subject=subject)
        self.stderr.write(f"{count} rows anonymised.")

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.choices import TokenScope
from accounts.models import User
from accounts.services import api_token_create


class Command(BaseCommand):
    help = (
        "Create a personal API token for the user with this e-mail and print its key "
        "(always the last line of the output)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="Command-line token")
        parser.add_argument(
            "--read-only", action="store_true", help="The token may only read (GET)."
        )
        parser.add_argument(
            "--days", type=int, default=None, help="Lifetime in days (API_TOKEN_DEFAULT_DAYS)."
        )

    def handle(self, *args, email: str, name: str, read_only: bool, days, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user has the e-mail address {email!r}.")
        if not user.is_active:
            raise CommandError(f"The user {email!r} is deactivated.")
        try:
            _token, key = api_token_create(
                user=user,
                name=name,
                scope=TokenScope.READ_ONLY if read_only else TokenScope.READ_WRITE,
                lifetime_days=days,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(key)

"""``manage.py seed_demo``: runs the steps of ``demo.steps`` in one transaction, then prints
the tally and the demo logins."""

from django.core.management.base import BaseCommand
from django.db import transaction

from demo.data.logins import DEMO_LOGINS, DEMO_PASSWORD
from demo.seeding import SeedTally
from demo.steps import seed_demo


class Command(BaseCommand):
    help = (
        "Create or restore the demo clusters, users and members of docs/domain.md §5. "
        "Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help=f"Set every demo login's password back to '{DEMO_PASSWORD}'.",
        )
        parser.add_argument("--quiet-logins", action="store_true", help="Do not list the logins.")

    def handle(self, *args, reset_passwords: bool, quiet_logins: bool, **options):
        tally = SeedTally()
        with transaction.atomic():
            seed_demo(tally, reset_passwords=reset_passwords)
        self.stdout.write(self.style.SUCCESS(f"Demo data: {tally}."))
        if not quiet_logins:
            self.stdout.write(f"\nDemo logins (password '{DEMO_PASSWORD}' for all):")
            for login in DEMO_LOGINS:
                self.stdout.write(f"  {login.email:<28} {login.what}")

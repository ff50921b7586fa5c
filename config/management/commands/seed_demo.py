from django.core.management.base import BaseCommand
from django.db import transaction

from clusters.demo import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    SeedTally,
    reset_demo_passwords,
    seed_clusters,
    seed_programmes,
    seed_users,
)
from internationalization.demo import seed_activity
from members.demo import seed_alliances_and_fees, seed_organizations, seed_people_and_governance
from projects.demo import seed_projects


class Command(BaseCommand):
    help = (
        "Create or restore the demo clusters, users and members of domain.md §5. "
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
            users = seed_users(tally)
            clusters = seed_clusters(tally, users)
            seed_programmes(tally, clusters)
            seed_organizations(tally, clusters, users)
            seed_people_and_governance(tally, clusters)
            # Projects add member firms of their own, which the fees then include.
            seed_projects(tally, clusters)
            seed_alliances_and_fees(tally, clusters)
            seed_activity(tally)
            if reset_passwords:
                reset_demo_passwords()
        self.stdout.write(self.style.SUCCESS(f"Demo data: {tally}."))
        if not quiet_logins:
            self.stdout.write(f"\nDemo logins (password '{DEMO_PASSWORD}' for all):")
            for login in DEMO_LOGINS:
                self.stdout.write(f"  {login.email:<28} {login.what}")

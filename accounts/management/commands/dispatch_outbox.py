from django.core.management.base import BaseCommand, CommandError

from accounts.outbox import outbox_dispatch


class Command(BaseCommand):
    help = (
        "Hand to the broker the background work (report runs, notification e-mails) written to "
        "the outbox while it was down. Run it once Redis is back; the beat does it every minute."
    )

    def handle(self, *args, **options):
        result = outbox_dispatch()
        self.stdout.write(f"Sent {result.sent}; {result.pending} still waiting.")
        if result.error:
            raise CommandError(f"The broker is still unreachable: {result.error}")

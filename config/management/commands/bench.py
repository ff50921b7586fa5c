"""Response-time figures of the main pages and API routes, on the seeded demo data.

Measured, never asserted: the figures are printed for a human (and CI logs) to compare.
"""

import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import override_settings

from accounts.models import User

ROUTES = [
    ("manager@example.com", "dashboard", "/"),
    ("manager@example.com", "cluster list", "/clusters/"),
    ("manager@example.com", "cluster page", "/clusters/fpx/"),
    ("manager@example.com", "overview", "/overview/"),
    ("manager@example.com", "member directory", "/members/"),
    ("manager@example.com", "project page", "/projects/triip/"),
    ("manager@example.com", "enrolment list", "/projects/triip/enrolments/"),
    ("manager@example.com", "timbank queue", "/activities/timbank/"),
    ("coach@example.com", "coach page", "/activities/coach/"),
    ("firm@example.com", "firm portal", "/activities/portal/"),
    ("manager@example.com", "reports page", "/overview/reports/projects/triip/"),
    ("manager@example.com", "API clusters", "/api/v1/clusters/"),
    ("manager@example.com", "API members", "/api/v1/organizations/"),
    ("funder@example.com", "API report runs", "/api/v1/report-runs/"),
    ("funder@example.com", "API me", "/api/v1/me/"),
    ("", "healthz", "/healthz"),
]


class Command(BaseCommand):
    help = "Time the main pages and API routes on the demo data (run seed_demo first)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=50)

    def handle(self, *args, repeat: int, **options):
        if not User.objects.filter(email="manager@example.com").exists():
            raise CommandError("No demo data: run `python manage.py seed_demo` first.")
        self.stdout.write(
            f"{'route':<18} {'median ms':>10} {'p95 ms':>8} {'queries':>8}  ({repeat} requests)"
        )
        with override_settings(DEBUG=True, ALLOWED_HOSTS=["testserver"]):
            for email, label, path in ROUTES:
                client = Client()
                if email:
                    client.force_login(User.objects.get(email=email))
                timings, queries = self.measure(client, path, repeat)
                p95 = statistics.quantiles(timings, n=20)[-1]
                self.stdout.write(
                    f"{label:<18} {statistics.median(timings):>10.2f} {p95:>8.2f} {queries:>8}"
                )

    def measure(self, client: Client, path: str, repeat: int) -> tuple[list[float], int]:
        client.get(path)  # warm-up: template and URL caches
        timings = []
        for _ in range(repeat):
            reset_queries()
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{path} answered {response.status_code}")
        return timings, len(connection.queries)

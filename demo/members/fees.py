"""Step 8b, the membership fees: fpx's fee schedule per year and size class, and every active
member's fee for the year (the 2025 fees paid, the 2026 ones open). It runs after the projects
step, because the firms TRIIP brought in pay fees too.

The schedule goes through ``fee_schedule_save``. The fees are written directly:
``fees_issue_for_year`` creates them in bulk, which keeps no audit history, and marking one paid
is a second save; the rule it applies (a member's own size class wins over the catch-all fee)
is the one below.
"""

from __future__ import annotations

from clusters.models import Cluster
from demo.data import CLUSTERS
from demo.seeding import SeedTally, saved_by, upsert
from members.choices import MembershipStatus
from members.models import FeePayment, FeeSchedule, Organization
from members.services import fee_schedule_save


def seed_fees(tally: SeedTally, clusters: dict[str, Cluster]) -> None:
    for story in CLUSTERS:
        cluster = clusters[story.CLUSTER["slug"]]
        schedules = {}
        for year, size_class, amount, currency, due_on in story.FEES:
            schedules[(year, size_class)] = upsert(
                tally,
                FeeSchedule,
                {"cluster": cluster, "year": year, "size_class": size_class},
                {"amount": amount, "currency": currency, "due_on": due_on},
                **saved_by(fee_schedule_save, "schedule", cluster=cluster),
            )
        years = sorted({year for year, _size_class in schedules})
        active = Organization.objects.filter(
            cluster=cluster, membership__status=MembershipStatus.ACTIVE
        )
        for organization in active:
            for year in years:
                own = schedules.get((year, organization.size_class))
                schedule = own or schedules.get((year, ""))
                if schedule is None:
                    continue
                values = {
                    "amount": schedule.amount,
                    "currency": schedule.currency,
                    "due_on": schedule.due_on,
                    "paid_on": story.FEES_PAID_ON.get(year),
                }
                upsert(tally, FeePayment, {"organization": organization, "year": year}, values)

"""The whole seed, its steps in order (``demo/__init__`` says what each one seeds)."""

from __future__ import annotations

from demo.accounts import reset_demo_passwords, seed_users
from demo.activities.coaching import seed_coaching
from demo.activities.export_lab import seed_export_lab
from demo.activities.outcomes import seed_outcomes
from demo.activities.timbank import seed_timbank
from demo.activities.trips import seed_trips
from demo.activities.workshops import seed_workshops
from demo.clusters import seed_clusters, seed_programmes
from demo.enrolments import seed_enrolments
from demo.members.alliances import seed_alliances
from demo.members.fees import seed_fees
from demo.members.governance import seed_people_and_governance
from demo.members.organizations import seed_organizations
from demo.notifications import seed_notifications
from demo.projects import seed_projects
from demo.reports import seed_report_runs
from demo.seeding import SeedTally

ACTIVITY_STEPS = (
    seed_coaching,
    seed_workshops,
    seed_timbank,
    seed_trips,
    seed_export_lab,
    seed_outcomes,
)


def seed_demo(tally: SeedTally, *, reset_passwords: bool = False) -> None:
    """Create the demo, or bring it back to the story; run it inside one transaction."""
    users = seed_users(tally)
    clusters = seed_clusters(tally, users)
    seed_programmes(tally, clusters)
    seed_organizations(tally, clusters, users)
    seed_people_and_governance(tally, clusters)
    seed_projects(tally, clusters)
    seed_enrolments(tally)
    # After the projects: the firms TRIIP brought in that joined fpx pay fees, too.
    seed_alliances(tally, clusters)
    seed_fees(tally, clusters)
    for step in ACTIVITY_STEPS:
        step(tally)
    seed_report_runs(tally)
    # Last: the reminders look at the activities seeded above.
    seed_notifications(tally)
    if reset_passwords:
        reset_demo_passwords()

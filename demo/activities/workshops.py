"""Step 9b, workshops: the three TRIIP workshops (export vision, product strategy, the pitch)
of each project, every accepted firm invited, and who attended.

The workshops go through ``workshop_save``. The invitations and attendance are written
directly: ``workshop_invite`` and ``workshop_record_attendance`` take only firms that still take
part, and the firms of the closed TRIIP completed or dropped out since.
"""

from __future__ import annotations

from demo.data import PROJECTS, triip
from demo.seeding import SeedTally, saved_by, upsert
from internationalization.models import Workshop, WorkshopParticipation
from internationalization.services.workshops import workshop_save
from projects.models import Cohort, Project


def _seed_invitations(tally: SeedTally, story, workshop: Workshop, number: int) -> None:
    """Every firm with a coach is invited; a firm attended the first ATTENDED[firm] workshops.
    Nobody has attended a workshop that has not taken place yet."""
    enrolments = workshop.project.enrolments.exclude(coach=None).select_related("organization")
    for enrolment in enrolments:
        attended_up_to = story.ATTENDED.get(enrolment.organization.registry_id, 0)
        attended = None
        if workshop.date <= triip.ATTENDANCE_KNOWN_UNTIL:
            attended = number <= attended_up_to
        upsert(
            tally,
            WorkshopParticipation,
            {"workshop": workshop, "enrolment": enrolment},
            {"attended": attended},
        )


def seed_workshops(tally: SeedTally) -> None:
    for story in PROJECTS:
        project = Project.objects.get(slug=story.PROJECT["slug"])
        for number, row in enumerate(story.WORKSHOPS, start=1):
            title, day, place, expert, expert_org, cohort = row
            values = {
                "date": day,
                "place": place,
                "expert_name": expert,
                "expert_organization": expert_org,
                "cohort": Cohort.objects.get(project=project, name=cohort) if cohort else None,
            }
            workshop = upsert(
                tally,
                Workshop,
                {"project": project, "title": title},
                values,
                **saved_by(workshop_save, "workshop", project=project),
            )
            _seed_invitations(tally, story, workshop, number)

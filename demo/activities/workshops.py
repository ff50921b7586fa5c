"""Step 9b, workshops: the three TRIIP workshops (export vision, product strategy, the pitch)
of each project, every firm invited that took part on the workshop's day (it had started, and
had not completed or dropped out yet), and who attended.

The workshops go through ``workshop_save``. The invitations and attendance are written
directly: ``workshop_invite`` and ``workshop_record_attendance`` take only firms that still take
part, and the firms of the closed TRIIP completed or dropped out since.
"""

from __future__ import annotations

from datetime import date

from demo.data import triip
from demo.seeding import SeedTally, saved_by, upsert
from demo.stories import PROJECTS
from internationalization.models import Workshop, WorkshopParticipation
from internationalization.services.workshops import workshop_save
from projects.models import Cohort, Enrolment, Project


def _workshops_while_taking_part(enrolment: Enrolment, days: list[date]) -> list[date]:
    """The days of the project's workshops held from the firm's start to its end."""
    last = enrolment.completed_on or enrolment.dropped_on or date.max
    return [day for day in days if enrolment.fee_paid_on <= day <= last]


def _seed_invitations(tally: SeedTally, story, workshop: Workshop, days: list[date]) -> None:
    """A firm attended the first ATTENDED[firm] of the workshops it was invited to. Nobody has
    attended a workshop that has not taken place yet."""
    enrolments = (
        workshop.project.enrolments.exclude(coach=None)
        .exclude(fee_paid_on=None)
        .select_related("organization")
    )
    invited = []
    for enrolment in enrolments:
        held = _workshops_while_taking_part(enrolment, days)
        if workshop.date not in held:
            continue
        invited.append(enrolment.pk)
        attended = None
        if workshop.date <= triip.ATTENDANCE_KNOWN_UNTIL:
            attended_up_to = story.ATTENDED.get(enrolment.organization.registry_id, 0)
            attended = held.index(workshop.date) < attended_up_to
        upsert(
            tally,
            WorkshopParticipation,
            {"workshop": workshop, "enrolment": enrolment},
            {"attended": attended},
        )
    stale = workshop.participations.exclude(enrolment__in=invited)
    if stale.exists():
        tally.counts["updated"] += 1
        stale.delete()


def seed_workshops(tally: SeedTally) -> None:
    for story in PROJECTS:
        project = Project.objects.get(slug=story.PROJECT["slug"])
        days = [row[1] for row in story.WORKSHOPS]
        for row in story.WORKSHOPS:
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
            _seed_invitations(tally, story, workshop, days)

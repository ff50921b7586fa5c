"""A project of cluster A with an active enrolment of the world's organization."""

from datetime import date
from decimal import Decimal

from clusters.models import StaffRole
from projects.choices import ProjectStatus
from projects.services import (
    enrolment_activate,
    enrolment_apply,
    enrolment_decide,
    enrolment_record_interview,
    partner_coach_add,
    project_partner_add,
    project_save,
)
from tests.factories.clusters import ClusterRoleFactory, UserFactory

ASSESSMENT = {"score_market": 3, "score_customers": 2, "score_situation": 2}
# The interview notes are the staff's: the access matrix checks no one else ever reads them.
INTERVIEW_NOTES = "Keen founder, short of time for the fairs"


def extend(world: dict) -> None:
    cluster, manager = world["cluster_a"], world["manager_a"]
    project = project_save(
        cluster=cluster,
        data={
            "name": "Alpha abroad",
            "slug": "alpha-abroad",
            "status": ProjectStatus.RUNNING,
            "start": date(2026, 1, 1),
            "end": date(2027, 12, 31),
            "enrolment_start": date(2026, 1, 1),
            "enrolment_end": date(2027, 6, 30),
            "participation_fee": Decimal("500"),
        },
    )
    coach = UserFactory(email="world.coach@example.org")
    ClusterRoleFactory(cluster=cluster, user=coach, role=StaffRole.COACH)
    partner = project_partner_add(
        project=project, organization=world["organization"], role="operational"
    )
    partner_coach_add(partner=partner, coach=coach, regions=[])
    enrolment = enrolment_apply(
        project=project,
        organization=world["organization"],
        assessment=ASSESSMENT,
        actor=manager,
        applied_on=date(2026, 2, 1),
    )
    enrolment_record_interview(
        enrolment=enrolment, held_on=date(2026, 2, 10), notes=INTERVIEW_NOTES, actor=manager
    )
    enrolment_decide(enrolment=enrolment, accept=True, reason="Strong case", actor=manager)
    enrolment = enrolment_activate(enrolment=enrolment, actor=manager)
    world.update(
        project=project,
        enrolment=enrolment,
        coach=coach,
        partner=partner,
        interview_notes=INTERVIEW_NOTES,
    )

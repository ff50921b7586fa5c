"""Step 7, the intake of both TRIIP projects: every firm's enrolment in its final status
(applied, interviewed, rejected, active, completed or dropped out with a phase and a reason),
with its self-assessment, eligibility, fee, coach and cohort, and the status changes that led
there, each on its own day.

Written directly: the intake services (``enrolment_apply``, ``enrolment_decide``, …) stamp each
step with the time of today, where the demo tells when it happened years ago.
"""

from __future__ import annotations

from accounts.models import User
from demo.data import PROJECTS, triip
from demo.data.logins import TRIIP_MANAGER
from demo.seeding import SeedTally, aware, upsert
from projects.eligibility import eligibility_reasons
from projects.models import Cohort, Enrolment, EnrolmentStatusChange, Project

# The statuses an enrolment passed through to reach its final one.
PATHS = {
    "applied": ["applied"],
    "interviewed": ["applied", "interviewed"],
    "rejected": ["applied", "interviewed", "rejected"],
    "active": ["applied", "interviewed", "accepted", "active"],
    "completed": ["applied", "interviewed", "accepted", "active", "completed"],
    "dropped": ["applied", "interviewed", "accepted", "active", "dropped"],
}
ACCEPTED = ("active", "completed", "dropped")


def enrolment_of(project_slug: str, registry_id: str) -> Enrolment:
    """The enrolment of the firm in the project; the activity steps build on it."""
    return Enrolment.objects.select_related("project", "coach").get(
        project__slug=project_slug, organization__registry_id=registry_id
    )


def _values(story, project: Project, row, coaches: dict[str, User]) -> dict:
    """The enrolment's fields: the interview and the decision fall on the 28th of the month
    the firm applied in, and an accepted firm paid its fee that day."""
    _registry_id, status, applied_on, coach_email, commitment, dropout, cohort_name = row
    accepted = status in ACCEPTED
    day_28 = applied_on.replace(day=28)
    values = {
        "status": status,
        "applied_on": applied_on,
        **triip.SELF_ASSESSMENT,
        "interviewed_on": None if status == "applied" else day_28,
        "decided_on": None if status in ("applied", "interviewed") else day_28,
        "decision_reason": triip.REJECTION_REASON if status == "rejected" else "",
        "fee_due": project.participation_fee if accepted else None,
        "fee_paid_on": day_28 if accepted else None,
        "coach": coaches.get(coach_email) if accepted else None,
        "cohort": Cohort.objects.get(project=project, name=cohort_name)
        if cohort_name and accepted
        else None,
        "commitment": commitment,
        "coaching_hours_allotted": project.coaching_hours_default,
        "completed_on": story.COMPLETED_ON if status == "completed" else None,
    }
    if dropout:
        phase, reason, note = dropout
        values.update(
            dropped_on=story.DROPPED_ON,
            dropout_phase=phase,
            dropout_reason=reason,
            dropout_note=note,
        )
    return values


def _seed_path(tally: SeedTally, enrolment: Enrolment, manager: User) -> None:
    """The status changes, an hour apart on the day the firm applied."""
    previous = ""
    for step, to_status in enumerate(PATHS[enrolment.status]):
        upsert(
            tally,
            EnrolmentStatusChange,
            {"enrolment": enrolment, "to_status": to_status},
            {
                "from_status": previous,
                "on": enrolment.applied_on,
                "at": aware(enrolment.applied_on, 9 + step),
                "actor": manager,
            },
        )
        previous = to_status


def seed_enrolments(tally: SeedTally) -> None:
    manager = User.objects.get(email=TRIIP_MANAGER)
    emails = [email for email, *_rest in triip.COACHES]
    coaches = {user.email: user for user in User.objects.filter(email__in=emails)}
    for story in PROJECTS:
        project = Project.objects.get(slug=story.PROJECT["slug"])
        orgs = {o.registry_id: o for o in project.cluster.organizations.all()}
        for row in story.ENROLMENTS:
            organization = orgs[row[0]]
            values = _values(story, project, row, coaches)
            reasons = eligibility_reasons(project, organization)
            values.update(eligible=not reasons, eligibility_reasons=reasons)
            enrolment = upsert(
                tally,
                Enrolment,
                {"project": project, "organization": organization},
                values,
            )
            _seed_path(tally, enrolment, manager)

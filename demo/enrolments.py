"""Step 7, the intake of both TRIIP projects: every firm's enrolment in its final status
(applied, interviewed, rejected, active, completed or dropped out with a phase and a reason),
with its self-assessment, eligibility, fee, coach and cohort, and the dated status changes
that led there: the interview, the decision and the start follow the application
(``demo.timeline``), the completion or dropout falls on the firm's own day. The reports count
each enrolment in the status it had on their day from these changes.

Written directly: the intake services (``enrolment_apply``, ``enrolment_decide``, …) stamp each
step with the time of today, where the demo tells when it happened years ago.
"""

from __future__ import annotations

from datetime import date

from accounts.models import User
from demo.data import triip
from demo.data.logins import TRIIP_MANAGER
from demo.seeding import SeedTally, aware, upsert
from demo.stories import PROJECTS
from demo.timeline import decided_on, interviewed_on, started_on
from projects.choices import DropoutPhase
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
# A firm that dropped out at the intake was never accepted.
INTAKE_DROPOUT_PATH = ["applied", "interviewed", "dropped"]


def enrolment_of(project_slug: str, registry_id: str) -> Enrolment:
    """The enrolment of the firm in the project; the activity steps build on it."""
    return Enrolment.objects.select_related("project", "coach").get(
        project__slug=project_slug, organization__registry_id=registry_id
    )


def _path(status: str, dropout) -> list[str]:
    if dropout and dropout[0] == DropoutPhase.INTAKE:
        return INTAKE_DROPOUT_PATH
    return PATHS[status]


def _days(path: list[str], applied_on: date, ended_on: date | None) -> dict[str, date]:
    """The day of each step of the path."""
    days = {
        "applied": applied_on,
        "interviewed": interviewed_on(applied_on),
        "accepted": decided_on(applied_on),
        "rejected": decided_on(applied_on),
        "active": started_on(applied_on),
    }
    days.update(dict.fromkeys(("completed", "dropped"), ended_on))
    steps = [days[status] for status in path]
    if None in steps or steps != sorted(steps):
        raise ValueError(f"The steps {path} cannot fall on {steps}.")
    return {status: days[status] for status in path}


def _values(project: Project, row, coaches: dict[str, User]) -> dict:
    """The enrolment's fields, on the days of its path; an accepted firm paid its fee the day
    it started."""
    _registry_id, status, applied_on, coach_email, commitment, ended_on, dropout, cohort = row
    days = _days(_path(status, dropout), applied_on, ended_on)
    accepted = "accepted" in days
    values = {
        "status": status,
        "applied_on": applied_on,
        **triip.SELF_ASSESSMENT,
        "interviewed_on": days.get("interviewed"),
        "decided_on": days.get("accepted") or days.get("rejected"),
        "decision_reason": triip.REJECTION_REASON if status == "rejected" else "",
        "fee_due": project.participation_fee if accepted else None,
        "fee_paid_on": days.get("active"),
        "coach": coaches.get(coach_email) if accepted else None,
        "cohort": Cohort.objects.get(project=project, name=cohort) if cohort and accepted else None,
        "commitment": commitment,
        "coaching_hours_allotted": project.coaching_hours_default,
        "completed_on": days.get("completed"),
        "dropped_on": days.get("dropped"),
    }
    phase, reason, note = dropout or ("", "", "")
    values.update(dropout_phase=phase, dropout_reason=reason, dropout_note=note)
    return values


def _seed_path(tally: SeedTally, enrolment: Enrolment, row, manager: User) -> None:
    """The status changes, each on its day, recorded at ten that morning; a change the path
    does not have (left from an earlier story) is removed."""
    _registry_id, status, applied_on, *_middle, ended_on, dropout, _cohort = row
    path = _path(status, dropout)
    days = _days(path, applied_on, ended_on)
    previous = ""
    for step, to_status in enumerate(path):
        upsert(
            tally,
            EnrolmentStatusChange,
            {"enrolment": enrolment, "to_status": to_status},
            {
                "from_status": previous,
                "on": days[to_status],
                "at": aware(days[to_status], 10 + step),
                "actor": manager,
            },
        )
        previous = to_status
    stale = enrolment.status_changes.exclude(to_status__in=path)
    if stale.exists():
        tally.counts["updated"] += 1
        stale.delete()


def seed_enrolments(tally: SeedTally) -> None:
    manager = User.objects.get(email=TRIIP_MANAGER)
    emails = [email for email, *_rest in triip.COACHES]
    coaches = {user.email: user for user in User.objects.filter(email__in=emails)}
    for story in PROJECTS:
        project = Project.objects.get(slug=story.PROJECT["slug"])
        orgs = {o.registry_id: o for o in project.cluster.organizations.all()}
        for row in story.ENROLMENTS:
            organization = orgs[row[0]]
            values = _values(project, row, coaches)
            scheduled = getattr(story, "INTERVIEWS_SCHEDULED", {}).get(row[0])
            values["interview_at"] = aware(*scheduled) if scheduled else None
            reasons = eligibility_reasons(project, organization)
            values.update(eligible=not reasons, eligibility_reasons=reasons)
            enrolment = upsert(
                tally,
                Enrolment,
                {"project": project, "organization": organization},
                values,
            )
            _seed_path(tally, enrolment, row, manager)

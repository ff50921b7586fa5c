"""Activities of the world's enrolment: a coaching session, a workshop the firm is invited to,
an export-lab track and an outcome."""

from datetime import date
from decimal import Decimal

from internationalization.choices import OutcomeKind, OutcomeSource
from internationalization.services.coaching import coaching_session_log
from internationalization.services.export_lab import export_lab_start
from internationalization.services.outcomes import outcome_record
from internationalization.services.workshops import workshop_invite, workshop_save


def extend(world: dict) -> None:
    enrolment, coach = world["enrolment"], world["coach"]
    session = coaching_session_log(
        enrolment=enrolment,
        date=date(2026, 3, 2),
        hours=Decimal("1.5"),
        topic="Market analysis",
        coach=coach,
    )
    workshop = workshop_save(
        project=world["project"],
        data={"title": "Export vision", "date": date(2026, 3, 10), "place": "Gävle"},
    )
    workshop_invite(workshop=workshop, enrolments=[enrolment])
    track = export_lab_start(enrolment=enrolment, target_market="DE", entered_on=date(2026, 3, 1))
    outcome = outcome_record(
        enrolment=enrolment,
        kind=OutcomeKind.INTERNATIONAL_CONTACT,
        date=date(2026, 4, 1),
        country="DE",
        source=OutcomeSource.COACH,
        recorded_by=coach,
    )
    world.update(coaching_session=session, workshop=workshop, track=track, outcome=outcome)

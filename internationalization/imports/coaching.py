"""The ``coaching`` sheet: sessions logged through ``coaching_session_log`` by the firm's
coach, in quarter hours and within the allotment; a session is found by firm, date and
topic.

A firm accepted without a coach (historical records that do not name one) still has its
sessions imported: they are logged under the importing account, a manager of the cluster,
as a manager logs for a coach, and the report warns about each one so that nobody takes the
importing account for the firm's coach."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from clusters.imports.columns import Column
from clusters.imports.report import CREATE, UNCHANGED
from clusters.imports.rows import Row
from internationalization.imports.context import ActivitySheetImporter, differs
from internationalization.models import CoachingSession
from internationalization.rules import quarter_hours_problem
from internationalization.services.coaching import coaching_session_log
from projects.models import Enrolment


@dataclass(frozen=True)
class Session:
    """A coaching session as the sheet says it."""

    row: Row
    registry_id: str
    enrolment: Enrolment
    day: date
    hours: Decimal
    topic: str


class CoachingImporter(ActivitySheetImporter[Session]):
    """Logs each session once; a logged session with other hours is a contradiction."""

    sheet = "coaching"
    columns = (
        Column("registry_id", shown=True),
        Column("date", shown=True),
        Column("hours", shown=True),
        Column("topic", shown=True),
    )
    fields = {"enrolment": "registry_id"}

    def read(self, row: Row) -> Session | None:
        enrolment = self.enrolment_of(row)
        day = row.day("date", required=True)
        hours = row.hours("hours", quarter_hours_problem, required=True)
        topic = row.text("topic", required=True)
        if enrolment is None:
            return None
        return Session(row, row.cells["registry_id"], enrolment, day, hours, topic)

    def write(self, session: Session) -> str:
        self.context.saw_activity(session.registry_id, session.day)
        enrolment = session.enrolment
        logged = CoachingSession.objects.filter(
            enrolment=enrolment, date=session.day, topic=session.topic
        ).first()
        if logged is not None:
            if logged.hours != session.hours:
                raise differs(_("%(hours)s hours") % {"hours": logged.hours})
            return UNCHANGED
        # The firm's coach logs it; for a firm without one, the manager importing logs it.
        coaching_session_log(
            enrolment=enrolment,
            date=session.day,
            hours=session.hours,
            topic=session.topic,
            coach=enrolment.coach or self.context.actor,
            imported=True,
        )
        if enrolment.coach is None:
            session.row.warn(
                "registry_id",
                _(
                    "The firm has no coach: the session is logged under %(email)s, who "
                    "imports the file."
                )
                % {"email": self.context.actor.email},
            )
        return CREATE

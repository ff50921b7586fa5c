"""The ``coaching`` sheet: sessions logged by the firm's coach, in quarter hours and within
the allotment, by ``coaching_sessions_import`` (the rules of ``coaching_session_log``, for a
whole sheet at once); a session is found by firm, date and topic.

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
from clusters.imports.run import Recorder, refusal_reasons
from clusters.imports.workbook import Records
from internationalization.imports.context import ActivitySheetImporter, differs
from internationalization.models import CoachingSession
from internationalization.rules import quarter_hours_problem
from internationalization.services.coaching import SessionOfHistory, coaching_sessions_import
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

    def run(self, records: Records, recorder: Recorder) -> None:
        """Every row read first, then the new sessions logged together
        (``coaching_sessions_import``): a sheet of 100,000 sessions costs a few queries, not
        a dozen per row. The sessions already logged are looked up once, for the project."""
        logged = self.logged_sessions()
        new: list[Session] = []
        for row in self.rows(records):
            session = self.read(row)
            if not recorder.checked(row) or session is None:
                continue
            self.context.saw_activity(session.registry_id, session.day)
            key = (session.enrolment.pk, session.day, session.topic)
            if key in logged:
                if logged[key] != session.hours:
                    refusal = differs(_("%(hours)s hours") % {"hours": logged[key]})
                    recorder.refuse(row, refusal_reasons(refusal, self.fields))
                else:
                    recorder.record(row, UNCHANGED)
                continue
            logged[key] = session.hours
            new.append(session)
        self.log(new, recorder)

    def logged_sessions(self) -> dict[tuple, Decimal]:
        """The project's sessions so far, by enrolment, day and topic: their hours."""
        project = self.context.project
        if project is None:
            return {}
        sessions = CoachingSession.objects.filter(enrolment__project=project)
        return {
            (enrolment, day, topic): hours
            for enrolment, day, topic, hours in sessions.values_list(
                "enrolment", "date", "topic", "hours"
            )
        }

    def log(self, sessions: list[Session], recorder: Recorder) -> None:
        """Log the new sessions: the firm's coach logs each; for a firm without one, the
        manager importing logs it, and the row says so."""
        actor = self.context.actor
        refusals = coaching_sessions_import(
            [
                SessionOfHistory(s.enrolment, s.day, s.hours, s.topic, s.enrolment.coach or actor)
                for s in sessions
            ]
        )
        for session, refusal in zip(sessions, refusals, strict=True):
            if refusal is not None:
                recorder.refuse(session.row, refusal_reasons(refusal, self.fields))
                continue
            if session.enrolment.coach is None:
                session.row.warn(
                    "registry_id",
                    _(
                        "The firm has no coach: the session is logged under %(email)s, who "
                        "imports the file."
                    )
                    % {"email": actor.email},
                )
            recorder.record(session.row, CREATE)

    def write(self, session: Session) -> str:
        """One row on its own (the protocol's way; ``run`` logs the sheet's rows together)."""
        coach = session.enrolment.coach or self.context.actor
        [refusal] = coaching_sessions_import(
            [SessionOfHistory(session.enrolment, session.day, session.hours, session.topic, coach)]
        )
        if refusal is not None:
            raise refusal
        return CREATE

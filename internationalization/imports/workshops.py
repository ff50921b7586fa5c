"""The ``workshops`` sheet: one row per firm and workshop. A workshop is found by its title in
the project and saved through ``workshop_save``; the firm is invited (``workshop_invite``) and
its attendance recorded (``workshop_record_attendance``). Every row of a workshop gives the
same date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from clusters.imports.columns import Column
from clusters.imports.report import CREATE, UNCHANGED, UPDATE
from clusters.imports.rows import Row
from internationalization.imports.context import ActivitySheetImporter, ProjectImport
from internationalization.models import Workshop, WorkshopParticipation
from internationalization.services.workshops import (
    workshop_invite,
    workshop_record_attendance,
    workshop_save,
)
from projects.models import Enrolment


@dataclass(frozen=True)
class Attendance:
    """A firm at a workshop, as the sheet says it."""

    registry_id: str
    enrolment: Enrolment
    title: str
    day: date
    attended: bool


class WorkshopsImporter(ActivitySheetImporter[Attendance]):
    """Saves each workshop once, invites each firm and records who came."""

    sheet = "workshops"
    columns = (
        Column("registry_id", shown=True),
        Column("workshop", shown=True),
        Column("date"),
        Column("attended", shown=True),
    )
    fields = {"enrolments": "registry_id", "title": "workshop"}

    def __init__(self, context: ProjectImport):
        super().__init__(context)
        # A workshop's date and the line that first gave it, by lowercased title.
        self.first_dates: dict[str, tuple[date, int]] = {}

    def read(self, row: Row) -> Attendance | None:
        enrolment = self.enrolment_of(row)
        title = row.text("workshop", required=True)
        day = row.day("date", required=True)
        attended = row.yes_no("attended")
        if title and day:
            first = self.first_dates.setdefault(title.lower(), (day, row.line))
            if first[0] != day:
                row.problem(
                    "date",
                    _("The workshop “%(title)s” is dated %(day)s on line %(line)s.")
                    % {"title": title, "day": first[0], "line": first[1]},
                )
        if enrolment is None:
            return None
        return Attendance(row.cells["registry_id"], enrolment, title, day, attended)

    def write(self, attendance: Attendance) -> str:
        if attendance.attended:
            self.context.saw_activity(attendance.registry_id, attendance.day)
        workshop, action = self.workshop(attendance.title, attendance.day)
        enrolment = attendance.enrolment
        participation = WorkshopParticipation.objects.filter(
            workshop=workshop, enrolment=enrolment
        ).first()
        if participation is None:
            workshop_invite(workshop=workshop, enrolments=[enrolment])
            participation = WorkshopParticipation(workshop=workshop, enrolment=enrolment)
            action = CREATE
        # A workshop still to come has no attendance yet: "no" is not news then.
        not_yet = (
            not attendance.attended
            and workshop.date > self.context.today
            and participation.attended is None
        )
        if participation.attended != attendance.attended and not not_yet:
            came = list(
                Enrolment.objects.filter(
                    workshop_participations__workshop=workshop,
                    workshop_participations__attended=True,
                ).exclude(pk=enrolment.pk)
            )
            came += [enrolment] if attendance.attended else []
            workshop_record_attendance(workshop=workshop, attended=came)
            action = UPDATE if action == UNCHANGED else action
        return action

    def workshop(self, title: str, day: date) -> tuple[Workshop, str]:
        """The project's workshop of that title, saved on that day."""
        project = self.context.project
        workshops = Workshop.objects.filter(project=project, title__iexact=title)
        workshop = workshops.order_by("pk").first()
        if workshop is None:
            return workshop_save(project=project, data={"title": title, "date": day}), CREATE
        if workshop.date != day:
            return workshop_save(project=project, data={"date": day}, workshop=workshop), UPDATE
        return workshop, UNCHANGED

"""What the sheets of one project import share: who imports into which cluster and project,
the participants enrolled so far, each firm's last activity, and the words written into the
records. Activity sheets name their firm by the registry id of the participants sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from clusters import dates
from clusters.imports.report import ImportReport
from clusters.imports.rows import Row
from clusters.imports.run import RowRefused
from clusters.imports.sheets import SheetImporter
from clusters.models import Cluster
from projects.models import Enrolment, Project

# Notes written into the records, in the language of whoever imports.
NOT_ASSESSED = gettext_noop("Not assessed: the firm was imported from a project spreadsheet.")
IMPORT_NOTE = gettext_noop("Imported from the project spreadsheet.")
# The file tells days, not times: a record of a day is dated at its noon.
noon = dates.noon


def differs(recorded: str) -> RowRefused:
    """A matched row the file contradicts: the import adds and advances, never rewrites."""
    return RowRefused(
        _(
            "The file differs from what is recorded (%(recorded)s): the import adds and "
            "advances records, it does not change them."
        )
        % {"recorded": recorded}
    )


@dataclass
class ProjectImportReport(ImportReport):
    """The report of a project import names the file's cluster and project."""

    cluster: str = ""
    project: str = ""


@dataclass
class Participant:
    """A firm of the participants sheet, read; ``enrolment`` once it is in, and the step
    (completed or dropped) it takes after the activity sheets. ``step_days`` are the days the
    file dates the steps of its path with (an undated step is absent)."""

    row: Row
    registry_id: str
    status: str
    applied_on: date
    path: list[str]
    step_days: dict[str, date]
    dropped_on: date | None
    phase: str
    reason: str
    coach: User | None
    organization: dict
    enrolment: Enrolment | None = None
    final_step: str | None = None


@dataclass
class ProjectImport:
    """The state one import's sheets share, inside the import's transaction."""

    actor: User
    report: ProjectImportReport
    cluster: Cluster | None = None
    project: Project | None = None
    today: date = field(default_factory=timezone.localdate)
    # Every registry id of the participants sheet, and those whose enrolment is in.
    participant_ids: set[str] = field(default_factory=set)
    participants: dict[str, Participant] = field(default_factory=dict)
    last_activity: dict[str, date] = field(default_factory=dict)

    def saw_activity(self, registry_id: str, day: date | None) -> None:
        """A firm completes on the day of its last activity in the file."""
        if day and registry_id:
            self.last_activity[registry_id] = max(day, self.last_activity.get(registry_id, day))


Data = TypeVar("Data")


class ProjectSheetImporter(SheetImporter[Data]):
    """A sheet of the project import, sharing the import's state."""

    def __init__(self, context: ProjectImport):
        self.context = context


class ActivitySheetImporter(ProjectSheetImporter[Data]):
    """A sheet of the activities of firms named in the participants sheet."""

    def enrolment_of(self, row: Row) -> Enrolment | None:
        """The enrolment a row is about, once its participant is in."""
        registry_id = row.text("registry_id", required=True)
        if registry_id and registry_id not in self.context.participant_ids:
            row.problem(
                "registry_id",
                _("%(id)s is not in the participants sheet.") % {"id": registry_id},
            )
        participant = self.context.participants.get(registry_id)
        return participant.enrolment if participant else None

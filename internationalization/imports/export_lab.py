"""The ``export_lab`` sheet: a firm's rows are the steps of its export-lab track, started at
market choice through ``export_lab_start`` and moved one stage at a time through
``export_lab_advance``; a step is found by stage and day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from django.utils.translation import gettext as _

from clusters.imports.columns import Column, coded
from clusters.imports.report import CREATE, UNCHANGED
from clusters.imports.rows import Row
from clusters.imports.run import Recorder, RowRefused
from clusters.imports.workbook import Records
from internationalization.choices import ExportLabStage
from internationalization.imports.context import IMPORT_NOTE, ActivitySheetImporter, differs
from internationalization.models import ExportLabTrack
from internationalization.services.export_lab import export_lab_advance, export_lab_start
from projects.models import Enrolment


@dataclass(frozen=True)
class Step:
    """A step of a firm's track as the sheet says it."""

    registry_id: str
    enrolment: Enrolment
    stage: str
    entered_on: date
    target: str


class ExportLabImporter(ActivitySheetImporter[Step]):
    """Takes each firm's track through its steps in the order of their dates."""

    sheet = "export_lab"
    columns = (
        Column("registry_id", shown=True),
        coded("stage", ExportLabStage, shown=True),
        Column("entered_on", shown=True),
        Column("target_country"),
    )
    fields = {
        "enrolment": "registry_id",
        "to_stage": "stage",
        "entered_on": "entered_on",
        "target_market": "target_country",
    }

    def run(self, records: Records, recorder: Recorder) -> None:
        """Each step follows from the one before, so after a bad row the firm's later rows
        are not tried (they would only repeat the problem)."""
        by_firm: dict[str, list[tuple[Row, Step]]] = {}
        broken: set[str] = set()
        for row in self.rows(records):
            step = self.read(row)
            if not recorder.checked(row):
                broken.add(row.cells.get("registry_id", ""))
                continue
            if step is not None:
                self.context.saw_activity(step.registry_id, step.entered_on)
                by_firm.setdefault(step.registry_id, []).append((row, step))
        for registry_id, steps in by_firm.items():
            if registry_id in broken:
                continue
            steps.sort(key=lambda pair: (pair[1].entered_on, pair[0].line))
            for row, step in steps:
                if not recorder.attempt(row, partial(self.write, step), self.fields):
                    break  # the firm's later steps follow from this one

    def read(self, row: Row) -> Step | None:
        enrolment = self.enrolment_of(row)
        stage = row.choice("stage", required=True)
        entered_on = row.day("entered_on", required=True)
        target = row.country("target_country")
        if enrolment is None:
            return None
        return Step(row.cells["registry_id"], enrolment, stage, entered_on, target)

    def write(self, step: Step) -> str:
        track = ExportLabTrack.objects.filter(enrolment=step.enrolment).first()
        if track is None:
            if step.stage != ExportLabStage.MARKET_CHOICE:
                raise RowRefused(
                    _(
                        "stage: A track starts at market choice; the firm's first row is at "
                        "%(stage)s."
                    )
                    % {"stage": ExportLabStage(step.stage).label.lower()}
                )
            export_lab_start(
                enrolment=step.enrolment,
                target_market=step.target,
                entered_on=step.entered_on,
                notes=_(IMPORT_NOTE),
            )
            return CREATE
        if step.target and step.target != track.target_market.code:
            raise differs(_("target market %(country)s") % {"country": track.target_market.code})
        if track.steps.filter(stage=step.stage, entered_on=step.entered_on).exists():
            return UNCHANGED
        export_lab_advance(
            track=track, to_stage=step.stage, entered_on=step.entered_on, notes=_(IMPORT_NOTE)
        )
        return CREATE

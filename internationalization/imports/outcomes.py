"""The ``outcomes`` sheet: results recorded through ``outcome_record`` as reported by a
manager; an outcome is found by firm, kind, date and country."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from clusters.imports.columns import Column, coded
from clusters.imports.report import CREATE, UNCHANGED
from clusters.imports.rows import Row
from internationalization.choices import OutcomeKind, OutcomeSource
from internationalization.imports.context import IMPORT_NOTE, ActivitySheetImporter, differs
from internationalization.models import Outcome
from internationalization.services.outcomes import outcome_record
from projects.models import Enrolment


@dataclass(frozen=True)
class OutcomeRow:
    """An outcome as the sheet says it."""

    enrolment: Enrolment
    kind: str
    day: date
    country: str
    quantity: int | None


class OutcomesImporter(ActivitySheetImporter[OutcomeRow]):
    """Records each outcome once; a recorded one with another quantity is a contradiction."""

    sheet = "outcomes"
    columns = (
        Column("registry_id", shown=True),
        coded("kind", OutcomeKind, shown=True),
        Column("date", shown=True),
        Column("country"),
        Column("quantity", shown=True),
    )
    fields = {"enrolment": "registry_id"}

    def read(self, row: Row) -> OutcomeRow | None:
        enrolment = self.enrolment_of(row)
        kind = row.choice("kind", required=True)
        day = row.day("date", required=True)
        country = row.country("country")
        quantity = row.integer("quantity")
        if enrolment is None:
            return None
        return OutcomeRow(enrolment, kind, day, country, quantity)

    def write(self, outcome: OutcomeRow) -> str:
        recorded = Outcome.objects.filter(
            enrolment=outcome.enrolment,
            kind=outcome.kind,
            date=outcome.day,
            country=outcome.country,
        ).first()
        if recorded is not None:
            if outcome.quantity is not None and recorded.quantity != outcome.quantity:
                raise differs(_("quantity %(quantity)s") % {"quantity": recorded.quantity})
            return UNCHANGED
        outcome_record(
            enrolment=outcome.enrolment,
            kind=outcome.kind,
            date=outcome.day,
            country=outcome.country,
            quantity=outcome.quantity,
            note=_(IMPORT_NOTE),
            source=OutcomeSource.MANAGER,
            recorded_by=self.context.actor,
        )
        return CREATE

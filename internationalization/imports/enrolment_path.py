"""The path an imported enrolment takes to the status the file gives it: each step through
the service of ``projects.services`` that takes it, on the day the file dates it.

The services record the day each step happened (``EnrolmentStatusChange.on``) and refuse a
step dated in the future or before the step before it, so the import hands them the file's
days and writes nothing around them. A step the file leaves undated happened on the day of
the step before it (the application's, ``applied_on``, when the file dates none); completing,
on the day of the firm's last activity in the file when that is later.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from clusters.imports.run import RowRefused, refusal_reasons
from internationalization.imports.context import IMPORT_NOTE, Participant, ProjectImport
from internationalization.services.completion import enrolment_complete
from projects.choices import EnrolmentStatus
from projects.models import Enrolment
from projects.services import (
    enrolment_activate,
    enrolment_decide,
    enrolment_drop,
    enrolment_record_interview,
)

_S = EnrolmentStatus
# The path from the application to each status, as the lifecycle allows it.
PATHS: dict[str, list[str]] = {
    _S.APPLIED: [_S.APPLIED],
    _S.REJECTED: [_S.APPLIED, _S.INTERVIEWED, _S.REJECTED],
    _S.ACCEPTED: [_S.APPLIED, _S.INTERVIEWED, _S.ACCEPTED],
    _S.ACTIVE: [_S.APPLIED, _S.INTERVIEWED, _S.ACCEPTED, _S.ACTIVE],
    _S.COMPLETED: [_S.APPLIED, _S.INTERVIEWED, _S.ACCEPTED, _S.ACTIVE, _S.COMPLETED],
    _S.DROPPED: [_S.APPLIED, _S.INTERVIEWED, _S.ACCEPTED, _S.ACTIVE, _S.DROPPED],
}
INTAKE_DROPOUT_PATH = [_S.APPLIED, _S.DROPPED]
# Steps taken after every activity sheet: the firm works in the activities until then.
FINAL_STEPS = (_S.COMPLETED, _S.DROPPED)
# The column of the participants sheet that dates each step.
STEP_COLUMNS: dict[str, str] = {
    _S.APPLIED: "applied_on",
    _S.INTERVIEWED: "interviewed_on",
    _S.ACCEPTED: "decided_on",
    _S.REJECTED: "decided_on",
    _S.ACTIVE: "activated_on",
    _S.COMPLETED: "completed_on",
    _S.DROPPED: "dropped_on",
}
# The dated columns in the order their steps happen (completed_on and dropped_on end a path
# each; no firm has both).
STEP_DATE_COLUMNS = (
    "applied_on",
    "interviewed_on",
    "decided_on",
    "activated_on",
    "completed_on",
    "dropped_on",
)
# The services' fields, named as the participants sheet's columns.
STEP_FIELDS = {
    "held_on": "interviewed_on",
    "accept": "status",
    "justification": "status",
    "phase": "dropped_phase",
    "reason": "dropped_reason",
}


def take_step(
    context: ProjectImport, enrolment: Enrolment, step: str, participant: Participant
) -> Enrolment:
    """Move the enrolment one step along its path, on the day the file dates that step (or,
    undated, on the day of the step before it)."""
    day = participant.step_days.get(step) or enrolment.last_step_day()
    actor = context.actor
    try:
        if step == _S.INTERVIEWED:
            return enrolment_record_interview(
                enrolment=enrolment, held_on=day, notes=_(IMPORT_NOTE), actor=actor
            )
        if step in (_S.ACCEPTED, _S.REJECTED):
            return decide(context, enrolment, step == _S.ACCEPTED, participant, day)
        if step == _S.ACTIVE:
            return enrolment_activate(enrolment=enrolment, actor=actor, activated_on=day)
        if step == _S.DROPPED:
            return enrolment_drop(
                enrolment=enrolment,
                phase=participant.phase,
                reason=participant.reason,
                note=_(IMPORT_NOTE),
                actor=actor,
                dropped_on=day,
            )
        if step == _S.COMPLETED:
            last_activity = context.last_activity.get(participant.registry_id, day)
            return enrolment_complete(
                enrolment=enrolment,
                actor=actor,
                completed_on=participant.step_days.get(step) or max(day, last_activity),
            )
    except ValidationError as error:
        raise RowRefused(*refusal_reasons(error, STEP_FIELDS)) from None
    raise ValueError(f"No step of the import leads to {step}.")


def decide(
    context: ProjectImport, enrolment: Enrolment, accept: bool, participant: Participant, day: date
) -> Enrolment:
    """Accept (with the file's coach, or without one when the file names none and no partner
    supplies one: historical records often lack it) or reject; a firm refused as ineligible
    is reported with the reasons it is not eligible."""
    try:
        return enrolment_decide(
            enrolment=enrolment,
            accept=accept,
            reason="" if accept else _(IMPORT_NOTE),
            actor=context.actor,
            coach=participant.coach if accept else None,
            decided_on=day,
            require_coach=False,
            # The file records who coached the firm: a coach of another region was the
            # cluster's choice then, not a slip to confirm now.
            coach_other_region=True,
        )
    except ValidationError as error:
        refused_as_ineligible = hasattr(error, "error_dict") and "accept" in error.error_dict
        if accept and refused_as_ineligible:
            raise RowRefused(
                *refusal_reasons(error, {"accept": "status"}), *enrolment.eligibility_reasons
            ) from None
        raise

"""The path an imported enrolment takes to the status the file gives it: each step through
the service of ``projects.services`` that takes it, dated as the file says.

Where a service stamps "now" (the time of each status change, ``completed_on``), the step is
taken through the service and the historical date then set on the row the service wrote, in
the same transaction: no rule is written twice, and nothing is written around the services.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from clusters.imports.run import RowRefused, refusal_reasons
from internationalization.imports.context import IMPORT_NOTE, Participant, ProjectImport, noon
from internationalization.services.completion import enrolment_complete
from projects.choices import EnrolmentStatus
from projects.models import Enrolment, EnrolmentStatusChange
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
# The services' fields, named as the participants sheet's columns.
STEP_FIELDS = {
    "held_on": "applied_on",
    "accept": "status",
    "required_activities": "status",
    "coach": "coach_email",
    "phase": "dropped_phase",
    "reason": "dropped_reason",
}


def take_step(
    context: ProjectImport, enrolment: Enrolment, step: str, participant: Participant
) -> Enrolment:
    """Move the enrolment one step along its path, on the day the file dates that step."""
    day = participant.applied_on
    actor = context.actor
    try:
        if step == _S.INTERVIEWED:
            enrolment = enrolment_record_interview(
                enrolment=enrolment, held_on=day, notes=_(IMPORT_NOTE), actor=actor
            )
        elif step in (_S.ACCEPTED, _S.REJECTED):
            enrolment = decide(context, enrolment, step == _S.ACCEPTED, participant)
        elif step == _S.ACTIVE:
            enrolment = enrolment_activate(enrolment=enrolment, actor=actor)
        elif step == _S.DROPPED:
            day = participant.dropped_on
            enrolment = enrolment_drop(
                enrolment=enrolment,
                phase=participant.phase,
                reason=participant.reason,
                note=_(IMPORT_NOTE),
                actor=actor,
                dropped_on=day,
            )
        elif step == _S.COMPLETED:
            enrolment = complete(context, enrolment, participant)
            day = enrolment.completed_on
    except ValidationError as error:
        raise RowRefused(*refusal_reasons(error, STEP_FIELDS)) from None
    date_step(enrolment, step, day)
    return enrolment


def decide(
    context: ProjectImport, enrolment: Enrolment, accept: bool, participant: Participant
) -> Enrolment:
    """Accept (with the file's coach) or reject; a firm refused as ineligible is reported
    with the reasons it is not eligible."""
    try:
        return enrolment_decide(
            enrolment=enrolment,
            accept=accept,
            reason="" if accept else _(IMPORT_NOTE),
            actor=context.actor,
            coach=participant.coach if accept else None,
            decided_on=participant.applied_on,
        )
    except ValidationError as error:
        refused_as_ineligible = hasattr(error, "error_dict") and "accept" in error.error_dict
        if accept and refused_as_ineligible:
            raise RowRefused(
                *refusal_reasons(error, {"accept": "status"}), *enrolment.eligibility_reasons
            ) from None
        raise


def complete(context: ProjectImport, enrolment: Enrolment, participant: Participant) -> Enrolment:
    """Completed once every required activity is done (the service says what is missing),
    on the day of the firm's last activity in the file."""
    enrolment = enrolment_complete(enrolment=enrolment, actor=context.actor)
    enrolment.completed_on = context.last_activity.get(
        participant.registry_id, participant.applied_on
    )
    enrolment.save(update_fields=["completed_on"])
    return enrolment


def date_step(enrolment: Enrolment, step: str, day: date) -> None:
    """The service stamped the status change "now"; it happened on ``day``."""
    change = (
        EnrolmentStatusChange.objects.filter(enrolment=enrolment, to_status=step)
        .order_by("-pk")
        .first()
    )
    EnrolmentStatusChange.objects.filter(pk=change.pk).update(on=day, at=noon(day))

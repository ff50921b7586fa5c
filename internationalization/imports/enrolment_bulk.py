"""The new enrolments of the participants sheet, written together: every firm the cluster
knows (or that the sheet has just recorded) and the project has not enrolled yet is taken
along its path up to the file's status by ``projects.services.history.enrolments_import``,
the rules of the single-enrolment services checked for each firm against lookups made once.
A sheet of 1,000 firms costs a fixed number of queries instead of some fifty per firm.

Completing and dropping out still wait for the activity sheets (``ParticipantsImporter
.finish``), through the single-enrolment services.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from clusters.imports.report import CREATE
from clusters.imports.run import Recorder, refusal_reasons
from internationalization.imports.context import (
    IMPORT_NOTE,
    NOT_ASSESSED,
    Participant,
    ProjectImport,
)
from internationalization.imports.enrolment_path import FINAL_STEPS, STEP_FIELDS
from members.models import Organization
from projects.choices import EnrolmentStatus
from projects.eligibility import eligibility_reasons
from projects.services.history import EnrolmentOfHistory, enrolments_import

_S = EnrolmentStatus
ASSESSMENT = {"score_market": 1, "score_customers": 1, "score_situation": 1}


def enrol_in_bulk(
    context: ProjectImport,
    firms: list[tuple[Participant, Organization]],
    recorder: Recorder,
    fields: dict[str, str],
) -> list[Participant]:
    """Enrol each firm and take it to the file's status but its final step; the rows that
    went through are recorded as created, the others refused with their reasons. Returns the
    participants enrolled."""
    if not firms:
        return []
    histories = [_history(participant, organization) for participant, organization in firms]
    enrolments, refusals = enrolments_import(
        project=context.project, actor=context.actor, enrolments=histories
    )
    columns = {**STEP_FIELDS, **fields}
    enrolled = []
    for (participant, organization), enrolment, refusal in zip(
        firms, enrolments, refusals, strict=True
    ):
        if refusal is not None:
            reasons = refusal_reasons(refusal, columns)
            if "accept" in getattr(refusal, "error_dict", {}):
                # Refused as ineligible: the report says why the firm is not eligible.
                reasons += eligibility_reasons(context.project, organization)
            recorder.refuse(participant.row, reasons)
            continue
        participant.enrolment = enrolment
        context.participants[participant.registry_id] = participant
        if _S.ACCEPTED in participant.path and enrolment.coach_id is None:
            warn_no_coach(participant)
        recorder.record(participant.row, CREATE)
        enrolled.append(participant)
    return enrolled


def _history(participant: Participant, organization: Organization) -> EnrolmentOfHistory:
    """The firm's application and the steps after it the file dates (undated: on the day of
    the step before); the final step, if any, is kept for later."""
    steps = participant.path[1:]
    if steps and steps[-1] in FINAL_STEPS:
        participant.final_step = steps.pop()
    return EnrolmentOfHistory(
        organization=organization,
        applied_on=participant.applied_on,
        assessment={**ASSESSMENT, "comment_market": _(NOT_ASSESSED)},
        steps=[(step, participant.step_days.get(step)) for step in steps],
        note=_(IMPORT_NOTE),
        coach=participant.coach,
    )


def warn_no_coach(participant: Participant) -> None:
    """The firm was accepted without a coach: the report says so, the import goes on."""
    if participant.coach is None:
        message = _(
            "No coach is named and no partner supplies one for the firm's region: the firm "
            "is recorded as accepted without a coach; assign one on its enrolment page."
        )
    else:
        message = _(
            "The firm was accepted without a coach, and the import does not assign coaches "
            "afterwards: assign %(email)s on its enrolment page."
        ) % {"email": participant.coach.email}
    participant.row.warn("coach_email", message)

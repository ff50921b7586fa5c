"""Workshops of a project: the workshop itself, the firms invited, who attended."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from internationalization import notifications
from internationalization.models import WORKSHOP_FIELDS, Workshop, WorkshopParticipation
from internationalization.rules import outside_activity_window, raise_if
from internationalization.selectors import WORKING_STATUSES
from members.services.common import assign_and_validate
from projects.models import Enrolment, Project


def _firm_names(enrolments) -> str:
    return ", ".join(sorted(str(enrolment.organization) for enrolment in enrolments))


@transaction.atomic
def workshop_save(*, project: Project, data: dict, workshop: Workshop | None = None) -> Workshop:
    """Create or change a workshop: on a day within the project's activities, for a cohort of
    the same project (or for everyone)."""
    workshop = workshop or Workshop(project=project)
    assign_and_validate(workshop, {k: v for k, v in data.items() if k in WORKSHOP_FIELDS})
    cohort = workshop.cohort
    raise_if(
        {
            "date": outside_activity_window(project, workshop.date),
            "cohort": _("The cohort belongs to another project.")
            if cohort is not None and cohort.project_id != project.pk
            else None,
        }
    )
    workshop.save()
    return workshop


def default_invitees(workshop: Workshop):
    """The firms taking part in the activities: of the workshop's cohort, or all of them."""
    enrolments = Enrolment.objects.filter(
        project_id=workshop.project_id, status__in=WORKING_STATUSES
    )
    if workshop.cohort_id:
        enrolments = enrolments.filter(cohort_id=workshop.cohort_id)
    return enrolments.select_related("organization")


@transaction.atomic
def workshop_invite(*, workshop: Workshop, enrolments: list[Enrolment] | None = None) -> int:
    """Invite firms (by default the cohort's accepted and active firms, or all of them when the
    workshop is for everyone); a firm already invited stays invited once. Returns how many
    firms were newly invited."""
    if enrolments is None:
        enrolments = list(default_invitees(workshop))
    if not enrolments:
        raise ValidationError({"enrolments": _("There is no firm to invite: choose at least one.")})
    outsiders = [
        e
        for e in enrolments
        if e.project_id != workshop.project_id or e.status not in WORKING_STATUSES
    ]
    if outsiders:
        raise ValidationError(
            {
                "enrolments": _(
                    "Only firms accepted into or active in the project can be invited; "
                    "not %(firms)s."
                )
                % {"firms": _firm_names(outsiders)}
            }
        )
    invited = set(
        WorkshopParticipation.objects.filter(workshop=workshop).values_list(
            "enrolment_id", flat=True
        )
    )
    new = {e.pk: e for e in enrolments if e.pk not in invited}
    bulk_create_with_history(
        [WorkshopParticipation(workshop=workshop, enrolment=e) for e in new.values()],
        WorkshopParticipation,
    )
    notifications.workshop_invited(workshop, list(new.values()))
    return len(new)


@transaction.atomic
def workshop_record_attendance(
    *, workshop: Workshop, attended: list[Enrolment]
) -> list[WorkshopParticipation]:
    """Record who came: the firms in ``attended`` attended, every other invited firm did not.
    Only invited firms can attend, and only once the workshop has taken place."""
    if workshop.date > timezone.localdate():
        raise ValidationError(
            {
                "attended": _(
                    "The workshop takes place on %(day)s: record who came once it has happened."
                )
                % {"day": workshop.date}
            }
        )
    participations = list(
        WorkshopParticipation.objects.select_for_update()
        .filter(workshop=workshop)
        .select_related("enrolment__organization")
    )
    invited = {p.enrolment_id for p in participations}
    uninvited = [e for e in attended if e.pk not in invited]
    if uninvited:
        raise ValidationError(
            {
                "attended": _("%(firms)s were not invited to this workshop: invite them first.")
                % {"firms": _firm_names(uninvited)}
            }
        )
    came = {e.pk for e in attended}
    for participation in participations:
        participation.attended = participation.enrolment_id in came
    bulk_update_with_history(participations, WorkshopParticipation, ["attended"])
    return participations

"""Enrolments of history, many at once: what a project import records for each firm of its
participants sheet, by the rules of ``enrolment_apply`` and of the steps after it
(``enrolment_record_interview``, ``enrolment_decide``, ``enrolment_activate``), checked in
Python against lookups made once for all the firms, and written together.

One firm through the single-enrolment services costs some fifty queries (each step locks the
enrolment, reads its last step, records it, saves it, notifies); a sheet of 1,000 firms took
minutes (issue 12). Here the whole sheet costs a fixed number of queries, and writes what the
services write: the enrolment, one status change per step with its day, and one history
record per save the services make (the application, then each step), in that order.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from clusters.inserts import insert_many
from clusters.roles import is_manager
from members.models import Organization, Representative
from projects import notifications
from projects.choices import EnrolmentStatus
from projects.models import (
    SELF_ASSESSMENT_FIELDS,
    Enrolment,
    EnrolmentStatusChange,
    PartnerCoach,
    Project,
)
from projects.permissions import can_manage_enrolment
from projects.services import application_check, new_enrolment

_S = EnrolmentStatus
# The steps an enrolment of history takes after its application, through this service.
STEPS = (_S.INTERVIEWED, _S.ACCEPTED, _S.REJECTED, _S.ACTIVE)
# The field a refused step names, as the single-enrolment services name it.
STEP_FIELD = {
    _S.INTERVIEWED: "held_on",
    _S.ACCEPTED: "decided_on",
    _S.REJECTED: "decided_on",
    _S.ACTIVE: "activated_on",
}


@dataclass
class EnrolmentOfHistory:
    """A firm's application and the steps it took after it, each on its day (a step of
    ``STEPS``; None: on the day of the step before it). ``note`` is what the services are
    told as the interview's notes and a rejection's reason; ``coach``, the coach of an
    accepted firm (None: a partner's coach for its region, or none)."""

    organization: Organization
    applied_on: date
    assessment: dict
    steps: list[tuple[str, date | None]] = field(default_factory=list)
    note: str = ""
    coach: User | None = None


@transaction.atomic
def enrolments_import(
    *, project: Project, actor: User, enrolments: Sequence[EnrolmentOfHistory]
) -> tuple[list[Enrolment | None], list[Exception | None]]:
    """Apply for each firm and take it along its steps, by the services' rules, in bulk.

    Returns, per firm, its enrolment (None when refused) and why it was refused
    (ValidationError, PermissionDenied) or None. A refused firm writes nothing; an import
    refuses the whole file when any is. The firms are locked first, as ``enrolment_apply``
    locks each."""
    firm_ids = [each.organization.pk for each in enrolments]
    locked = Organization.objects.select_for_update().filter(pk__in=firm_ids).order_by("pk")
    list(locked.values_list("pk"))
    lookups = _Lookups(project, actor, firm_ids)
    written: list[tuple[Enrolment, list, list]] = []
    results: list[Enrolment | None] = []
    refusals: list[Exception | None] = []
    for each in enrolments:
        try:
            enrolment, changes, snapshots = _enrol(lookups, each)
        except (ValidationError, PermissionDenied) as refusal:
            results.append(None)
            refusals.append(refusal)
            continue
        lookups.enrolled.add(each.organization.pk)
        written.append((enrolment, changes, snapshots))
        results.append(enrolment)
        refusals.append(None)
    _write(written, actor)
    for enrolment, _changes, _snapshots in written:
        if enrolment.decided_on and enrolment.organization_id in lookups.represented:
            notifications.application_decided(enrolment)
    return results, refusals


class _Lookups:
    """What the rules read, read once for every firm: who may act, the firms already
    enrolled or represented by the actor, and the coaches the partners supply."""

    def __init__(self, project: Project, actor: User, firm_ids: list[int]):
        self.project = project
        self.today = timezone.localdate()
        self.manager = is_manager(actor, project.cluster_id)
        self.manages = can_manage_enrolment(actor, Enrolment(project=project))
        self.represented = set(
            Representative.objects.filter(organization__in=firm_ids).values_list(
                "organization_id", flat=True
            )
        )
        self.actor_represents = set(
            Representative.objects.filter(organization__in=firm_ids, user=actor).values_list(
                "organization_id", flat=True
            )
        )
        self.enrolled = set(
            Enrolment.objects.filter(project=project, organization__in=firm_ids).values_list(
                "organization_id", flat=True
            )
        )
        self.partner_coaches = list(
            PartnerCoach.objects.filter(partner__project=project)
            .select_related("coach")
            .order_by("pk")
        )
        self.load = dict(
            Enrolment.objects.filter(project=project, coach__isnull=False)
            .values("coach")
            .annotate(n=Count("pk"))
            .values_list("coach", "n")
        )

    def coach_for_region(self, region: str) -> User | None:
        """``projects.coaches.coach_for_region`` on the loads so far: a coach whose partner
        serves the region, the least loaded first (the assignments' order breaking ties)."""
        serving = [a for a in self.partner_coaches if not a.regions or region in a.regions]
        if not serving:
            return None
        chosen = min(serving, key=lambda a: (self.load.get(a.coach_id, 0), a.pk))
        return chosen.coach


def _enrol(lookups: _Lookups, each: EnrolmentOfHistory) -> tuple[Enrolment, list, list]:
    """The enrolment after its steps, its status changes and its states as each save of the
    services would have left it; raises what the services raise, in their order."""
    enrolment = _apply(lookups, each)
    changes = [("", _S.APPLIED, enrolment.applied_on, "")]
    snapshots = [copy.copy(enrolment)]
    last = enrolment.applied_on
    note = each.note.strip()
    for step, on in each.steps:
        lookups.manages.require()
        day = on or last
        if step in (_S.ACCEPTED, _S.REJECTED):
            _check_decision(enrolment, step == _S.ACCEPTED, note)
        _check_step(lookups, enrolment, step, day, last)
        if step == _S.INTERVIEWED:
            enrolment.interviewed_on, enrolment.interview_notes = day, each.note
        elif step in (_S.ACCEPTED, _S.REJECTED):
            _decide(lookups, enrolment, step == _S.ACCEPTED, day, each)
        changes.append((enrolment.status, step, day, note if step == _S.REJECTED else ""))
        enrolment.status = step
        last = day
        snapshots.append(copy.copy(enrolment))
    return enrolment, changes, snapshots


def _apply(lookups: _Lookups, each: EnrolmentOfHistory) -> Enrolment:
    """``enrolment_apply``'s rules, the enrolment as it saves it."""
    project, organization, day = lookups.project, each.organization, each.applied_on
    if not lookups.manager and organization.pk not in lookups.actor_represents:
        raise PermissionDenied(_("You may apply only for the organization you represent."))
    application_check(project, organization, day)
    if organization.pk in lookups.enrolled:
        raise ValidationError({"organization": _("This firm has already applied to this project.")})
    enrolment = new_enrolment(project, organization, day)
    for name, value in each.assessment.items():
        if name in SELF_ASSESSMENT_FIELDS:
            setattr(enrolment, name, value)
    # The model's rules; the firm's uniqueness in the project is checked above, and the
    # foreign keys are rows locked or read here.
    enrolment.full_clean(
        exclude=["project", "organization", "coach", "cohort", "override_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    return enrolment


def _check_step(lookups: _Lookups, enrolment: Enrolment, step: str, day: date, last: date) -> None:
    """``_move``'s rules (and the interview's own): a step the lifecycle has, dated neither
    in the future nor before the step before it."""
    name = STEP_FIELD[step]
    if step == _S.INTERVIEWED and day > lookups.today:
        raise ValidationError({name: _("An interview cannot be recorded before it is held.")})
    if not enrolment.can_become(step):
        raise ValidationError(
            {
                "status": _("An enrolment that is %(status)s cannot become %(target)s.")
                % {
                    "status": enrolment.get_status_display().lower(),
                    "target": EnrolmentStatus(step).label.lower(),
                }
            }
        )
    if day > lookups.today:
        raise ValidationError({name: _("A step cannot be dated in the future.")})
    if day < last:
        raise ValidationError(
            {
                name: _("The previous step happened on %(day)s; this one cannot be earlier.")
                % {"day": last.isoformat()}
            }
        )


def _check_decision(enrolment: Enrolment, accept: bool, reason: str) -> None:
    """``enrolment_decide``'s rules before the step: a rejection says why, an acceptance
    needs eligibility."""
    if not accept and not reason:
        raise ValidationError({"reason": _("Say why the firm is rejected.")})
    if accept and not enrolment.eligible:
        raise ValidationError(
            {
                "accept": _(
                    "The firm is not eligible: override the rules with a justification "
                    "first, or reject it."
                )
            }
        )


def _decide(
    lookups: _Lookups, enrolment: Enrolment, accept: bool, day: date, each: EnrolmentOfHistory
) -> None:
    """The decision as ``enrolment_decide`` records one of history: the coach the file names
    is the cluster's choice of then, whatever region its partner serves, and a firm accepted
    without a known coach is recorded so."""
    enrolment.decided_on = day
    enrolment.decision_reason = "" if accept else each.note.strip()
    if accept:
        enrolment.fee_due = lookups.project.participation_fee
        enrolment.coach = each.coach or lookups.coach_for_region(each.organization.region)
        if enrolment.coach is not None:
            lookups.load[enrolment.coach.pk] = lookups.load.get(enrolment.coach.pk, 0) + 1


def _write(written: list[tuple[Enrolment, list, list]], actor: User) -> None:
    """The enrolments, their status changes and their history records, together."""
    insert_many(Enrolment, [enrolment for enrolment, _c, _s in written])
    now = timezone.now()
    insert_many(
        EnrolmentStatusChange,
        [
            EnrolmentStatusChange(
                enrolment=enrolment,
                from_status=from_status,
                to_status=to_status,
                on=on,
                at=now,
                actor=actor,
                note=note,
            )
            for enrolment, changes, _s in written
            for from_status, to_status, on, note in changes
        ],
    )
    history = Enrolment.history.model
    records = []
    for enrolment, _c, snapshots in written:
        for number, snapshot in enumerate(snapshots):
            snapshot.pk = snapshot.id = enrolment.pk
            records.append(
                history(
                    history_date=timezone.now(),
                    history_user=history.get_default_history_user(snapshot),
                    history_change_reason="",
                    history_type="~" if number else "+",
                    **{f.attname: getattr(snapshot, f.attname) for f in history.tracked_fields},
                )
            )
    insert_many(history, records)

"""Every write of projects/ that carries a rule: the project and the intake of firms.

Keyword-only, typed, atomic. The forms, the API and the spreadsheet import call these.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from clusters.models import Cluster, Programme
from clusters.services import unavailable
from members.choices import Helix
from members.models import Organization
from projects import notifications
from projects.choices import EnrolmentStatus
from projects.coaches import coach_for_region, coach_region_problem
from projects.eligibility import eligibility_reasons
from projects.models import (
    SELF_ASSESSMENT_FIELDS,
    Cohort,
    Enrolment,
    EnrolmentStatusChange,
    PartnerCoach,
    Project,
    ProjectFunding,
    ProjectPartner,
)
from projects.permissions import can_apply_for, can_manage_enrolment

# /projects/new/ is the page that creates a project; a project of that slug would be unreachable.
RESERVED_SLUGS = {"new"}


def _full_clean(instance, data: dict, exclude: list[str] | None = None):
    for field, value in data.items():
        setattr(instance, field, value)
    instance.full_clean(exclude=exclude)
    return instance


@transaction.atomic
def project_save(*, cluster: Cluster, data: dict, project: Project | None = None) -> Project:
    project = project or Project(cluster=cluster)
    slug = data.get("slug", project.slug)
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This slug names a page; choose another one.")})
    others = Project.objects.exclude(pk=project.pk)
    if others.filter(slug=slug).exists():
        raise unavailable(
            slug,
            taken=lambda candidate: (
                candidate in RESERVED_SLUGS or others.filter(slug=candidate).exists()
            ),
            field="slug",
            max_length=Project._meta.get_field("slug").max_length,
        )
    _full_clean(project, data)
    project.save()
    return project


@transaction.atomic
def project_set_funding(*, project: Project, shares: dict[Programme, Decimal]) -> None:
    """Replace the funding shares; they must add up to 100 % and come from programmes the
    project's cluster takes part in."""
    total = sum(shares.values(), Decimal(0))
    if shares and total != Decimal(100):
        raise ValidationError(
            {"shares": _("The shares add up to %(total)s %%, not 100 %%.") % {"total": total}}
        )
    foreign = [p.code for p in shares if not p.clusters.filter(pk=project.cluster_id).exists()]
    if foreign:
        raise ValidationError(
            {
                "shares": _("The cluster does not take part in %(codes)s.")
                % {"codes": ", ".join(foreign)}
            }
        )
    # Row by row, never a bulk replace: each change, addition and removal leaves a history
    # record, so the shares the project had on any earlier day stay recoverable.
    wanted = {programme.pk: share for programme, share in shares.items()}
    for funding in ProjectFunding.objects.filter(project=project).select_for_update():
        share = wanted.pop(funding.programme_id, None)
        if share is None:
            funding.delete()
        elif funding.share != share:
            funding.share = share
            funding.save(update_fields=["share"])
    for programme_id, share in wanted.items():
        ProjectFunding.objects.create(project=project, programme_id=programme_id, share=share)


@transaction.atomic
def project_partner_add(*, project: Project, organization: Organization, role: str):
    if organization.cluster_id != project.cluster_id:
        raise ValidationError({"organization": _("The partner must be in the project's cluster.")})
    partner, _created = ProjectPartner.objects.update_or_create(
        project=project, organization=organization, defaults={"role": role}
    )
    return partner


@transaction.atomic
def partner_coach_add(*, partner: ProjectPartner, coach: User, regions: list[str]):
    unknown = [r for r in regions if partner.project.regions and r not in partner.project.regions]
    if unknown:
        raise ValidationError(
            {
                "regions": _("The project does not serve %(regions)s.")
                % {"regions": ", ".join(unknown)}
            }
        )
    assignment, _created = PartnerCoach.objects.update_or_create(
        partner=partner, coach=coach, defaults={"regions": regions}
    )
    return assignment


def _record(
    enrolment: Enrolment, from_status: str, to_status: str, actor, on: date, note: str = ""
):
    """``on`` is the day the step happened (reports count it from then); ``at`` is when it
    was recorded."""
    EnrolmentStatusChange.objects.create(
        enrolment=enrolment,
        from_status=from_status,
        to_status=to_status,
        on=on,
        at=timezone.now(),
        actor=actor,
        note=note,
    )


def _step_day(enrolment: Enrolment, on: date | None, field: str) -> date:
    """The day a step happened: today unless given; never in the future, never before the
    step before it (the dated history must read in order)."""
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({field: _("A step cannot be dated in the future.")})
    last = enrolment.last_step_day()
    if last and day < last:
        raise ValidationError(
            {
                field: _("The previous step happened on %(day)s; this one cannot be earlier.")
                % {"day": last.isoformat()}
            }
        )
    return day


def _move(
    enrolment: Enrolment,
    to_status: str,
    actor,
    note: str = "",
    on: date | None = None,
    field: str = "on",
) -> Enrolment:
    """One step of the lifecycle, locked and recorded with the day it happened; refuses a
    step the lifecycle lacks."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if not enrolment.can_become(to_status):
        raise ValidationError(
            {
                "status": _("An enrolment that is %(status)s cannot become %(target)s.")
                % {
                    "status": enrolment.get_status_display().lower(),
                    "target": EnrolmentStatus(to_status).label.lower(),
                }
            }
        )
    day = _step_day(enrolment, on, field)
    _record(enrolment, enrolment.status, to_status, actor, day, note)
    enrolment.status = to_status
    return enrolment


def new_enrolment(project: Project, organization: Organization, day: date) -> Enrolment:
    """An application as it is first recorded (not saved): its eligibility checked now and its
    reasons kept, the project's default coaching hours allotted."""
    reasons = eligibility_reasons(project, organization)
    return Enrolment(
        project=project,
        organization=organization,
        applied_on=day,
        eligible=not reasons,
        eligibility_reasons=reasons,
        coaching_hours_allotted=project.coaching_hours_default,
    )


def application_check(project: Project, organization: Organization, day: date) -> None:
    """The rules of an application on ``day``: inside the enrolment window, a firm of the
    project's cluster, in the industry helix (``enrolment_apply`` and the bulk import)."""
    if not project.enrolment_start <= day <= project.enrolment_end:
        raise ValidationError(
            {
                "applied_on": _("Applications are taken from %(start)s to %(end)s.")
                % {"start": project.enrolment_start, "end": project.enrolment_end}
            }
        )
    if organization.cluster_id != project.cluster_id:
        raise ValidationError(
            {"organization": _("The firm is not one of the cluster's organizations.")}
        )
    if organization.helix != Helix.INDUSTRY:
        raise ValidationError(
            {
                "organization": _(
                    "Only firms take part in the project; %(organization)s is in the %(helix)s "
                    "helix."
                )
                % {"organization": organization, "helix": organization.get_helix_display().lower()}
            }
        )


@transaction.atomic
def enrolment_apply(
    *,
    project: Project,
    organization: Organization,
    assessment: dict,
    actor: User | None,
    applied_on: date | None = None,
) -> Enrolment:
    """A firm applies inside the enrolment window with its self-assessment; eligibility is
    checked now and its reasons kept. An ineligible firm is still recorded, so a manager can
    override with a justification or reject it."""
    if actor is not None:
        can_apply_for(actor, project, organization).require()
    day = applied_on or timezone.localdate()
    application_check(project, organization, day)
    # Two applications of one firm at the same moment: the second waits for the first to
    # commit and is refused here, rather than failing on the unique constraint.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    if Enrolment.objects.filter(project=project, organization=organization).exists():
        raise ValidationError({"organization": _("This firm has already applied to this project.")})
    enrolment = new_enrolment(project, organization, day)
    _full_clean(enrolment, {k: v for k, v in assessment.items() if k in SELF_ASSESSMENT_FIELDS})
    enrolment.save()
    _record(enrolment, "", EnrolmentStatus.APPLIED, actor, day)
    return enrolment


@transaction.atomic
def enrolment_override_eligibility(*, enrolment: Enrolment, justification: str, actor: User):
    can_manage_enrolment(actor, enrolment).require()
    if not enrolment.eligibility_overridable:
        raise ValidationError({"justification": _("The firm is eligible; nothing to override.")})
    if not justification.strip():
        raise ValidationError({"justification": _("Say why the rules do not apply here.")})
    enrolment.eligible = True
    enrolment.override_justification = justification.strip()
    enrolment.override_by = actor
    enrolment.save(update_fields=["eligible", "override_justification", "override_by"])
    return enrolment


@transaction.atomic
def enrolment_schedule_interview(*, enrolment: Enrolment, at, actor: User) -> Enrolment:
    can_manage_enrolment(actor, enrolment).require()
    if not enrolment.interview_schedulable:
        raise ValidationError({"interview_at": _("Only an application can get an interview.")})
    if timezone.localdate(at) < enrolment.applied_on:
        raise ValidationError(
            {
                "interview_at": _(
                    "The firm applied on %(day)s; the interview cannot be before that day."
                )
                % {"day": enrolment.applied_on.isoformat()}
            }
        )
    enrolment.interview_at = at
    enrolment.save(update_fields=["interview_at"])
    notifications.interview_scheduled(enrolment)
    return enrolment


@transaction.atomic
def enrolment_record_interview(
    *, enrolment: Enrolment, held_on: date, notes: str, actor: User
) -> Enrolment:
    can_manage_enrolment(actor, enrolment).require()
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("An interview cannot be recorded before it is held.")})
    enrolment = _move(enrolment, EnrolmentStatus.INTERVIEWED, actor, on=held_on, field="held_on")
    enrolment.interviewed_on = held_on
    enrolment.interview_notes = notes
    enrolment.save()
    return enrolment


@transaction.atomic
def enrolment_correct_interview(
    *, enrolment: Enrolment, held_on: date, notes: str, actor: User
) -> Enrolment:
    """A manager corrects a recorded interview: its day (the dated step moves with it, between
    the application and the next step, never in the future) and its notes. The enrolment's
    history keeps what it said before, who changed it and when."""
    can_manage_enrolment(actor, enrolment).require()
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    step = enrolment.status_changes.filter(to_status=EnrolmentStatus.INTERVIEWED).last()
    if enrolment.interviewed_on is None or step is None:
        raise ValidationError({"held_on": _("No interview was recorded yet: record it first.")})
    later = enrolment.status_changes.filter(pk__gt=step.pk).order_by("on").first()
    if held_on > timezone.localdate():
        problem = _("An interview cannot be recorded before it is held.")
    elif held_on < enrolment.applied_on:
        problem = _("The firm applied on %(day)s; the interview cannot be earlier.")
    elif later is not None and held_on > later.on:
        problem = _("The next step happened on %(day)s; the interview cannot be later.")
    else:
        problem = None
    if problem:
        day = later.on if later is not None and held_on > later.on else enrolment.applied_on
        raise ValidationError({"held_on": problem % {"day": day.isoformat()}})
    step.on = held_on
    step.save(update_fields=["on"])
    enrolment.interviewed_on, enrolment.interview_notes = held_on, notes
    enrolment._history_user = actor
    enrolment.save(update_fields=["interviewed_on", "interview_notes"])
    return enrolment


@transaction.atomic
def enrolment_decide(
    *,
    enrolment: Enrolment,
    accept: bool,
    reason: str,
    actor: User,
    cohort: Cohort | None = None,
    coach: User | None = None,
    decided_on: date | None = None,
    require_coach: bool = True,
    coach_other_region: bool = False,
) -> Enrolment:
    """Accept or reject an interviewed firm. Acceptance needs eligibility (or an override),
    makes the fee fall due and assigns a coach from a partner serving the firm's region (a
    coach chosen from another region only with ``coach_other_region``, the manager's
    confirmation). ``require_coach=False`` records a historical acceptance whose coach nobody
    knows."""
    can_manage_enrolment(actor, enrolment).require()
    elsewhere = accept and coach and coach_region_problem(enrolment.project, coach, enrolment)
    if elsewhere and not coach_other_region:
        raise ValidationError({"coach": elsewhere})
    if not accept and not reason.strip():
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
    if cohort is not None and cohort.project_id != enrolment.project_id:
        raise ValidationError({"cohort": _("The cohort belongs to another project.")})
    target = EnrolmentStatus.ACCEPTED if accept else EnrolmentStatus.REJECTED
    enrolment = _move(enrolment, target, actor, reason.strip(), on=decided_on, field="decided_on")
    enrolment.decided_on = decided_on or timezone.localdate()
    enrolment.decision_reason = reason.strip()
    if accept:
        enrolment.fee_due = enrolment.project.participation_fee
        enrolment.cohort = cohort
        enrolment.coach = coach or coach_for_region(
            enrolment.project, enrolment.organization.region
        )
        if enrolment.coach is None and require_coach:
            raise ValidationError(
                {
                    "coach": _("No partner supplies a coach for %(region)s: assign one by hand.")
                    % {"region": enrolment.organization.region or _("the firm's region")}
                }
            )
    enrolment.save()
    notifications.application_decided(enrolment)
    return enrolment


@transaction.atomic
def enrolment_activate(
    *, enrolment: Enrolment, actor: User, activated_on: date | None = None
) -> Enrolment:
    can_manage_enrolment(actor, enrolment).require()
    enrolment = _move(
        enrolment, EnrolmentStatus.ACTIVE, actor, on=activated_on, field="activated_on"
    )
    enrolment.save()
    return enrolment


@transaction.atomic
def enrolment_drop(
    *,
    enrolment: Enrolment,
    phase: str,
    reason: str,
    note: str,
    actor: User,
    dropped_on: date | None = None,
) -> Enrolment:
    """A firm leaves the project; the phase and reason are kept as data."""
    can_manage_enrolment(actor, enrolment).require()
    errors = {}
    if not phase:
        errors["phase"] = _("Say in which phase the firm dropped out.")
    if not reason:
        errors["reason"] = _("Say why the firm dropped out.")
    if errors:
        raise ValidationError(errors)
    enrolment = _move(
        enrolment, EnrolmentStatus.DROPPED, actor, note, on=dropped_on, field="dropped_on"
    )
    enrolment.dropped_on = dropped_on or timezone.localdate()
    enrolment.dropout_phase = phase
    enrolment.dropout_reason = reason
    enrolment.dropout_note = note
    _full_clean(enrolment, {})
    enrolment.save()
    return enrolment


@transaction.atomic
def enrolment_mark_fee_paid(*, enrolment: Enrolment, paid_on: date) -> Enrolment:
    if enrolment.fee_due is None:
        raise ValidationError({"paid_on": _("No fee is due for this enrolment.")})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("A payment cannot be recorded in the future.")})
    if enrolment.decided_on and paid_on < enrolment.decided_on:
        raise ValidationError(
            {
                "paid_on": _(
                    "The firm was accepted on %(day)s; the fee cannot be paid before that day."
                )
                % {"day": enrolment.decided_on.isoformat()}
            }
        )
    enrolment.fee_paid_on = paid_on
    enrolment.save(update_fields=["fee_paid_on"])
    return enrolment


@transaction.atomic
def enrolment_set_commitment(*, enrolment: Enrolment, commitment: str) -> Enrolment:
    enrolment.commitment = commitment
    _full_clean(enrolment, {})
    enrolment.save(update_fields=["commitment"])
    return enrolment


@transaction.atomic
def enrolment_mark_completed(
    *, enrolment: Enrolment, actor: User, completed_on: date | None = None, note: str = ""
) -> Enrolment:
    """Record completion. Call it through
    internationalization.services.completion.enrolment_complete,
    which first checks that every required activity is done (projects/ cannot see them)."""
    can_manage_enrolment(actor, enrolment).require()
    enrolment = _move(
        enrolment, EnrolmentStatus.COMPLETED, actor, note, on=completed_on, field="completed_on"
    )
    enrolment.completed_on = completed_on or timezone.localdate()
    enrolment.save()
    return enrolment

"""The timbank: the project's pool of consultant hours, firms' requests and the timesheets.

Every hour reserved from a pool goes through ``timbank_request_approve``, which locks the pool
row (``select_for_update``) before it compares the hours asked with the hours left, so two
approvals at the same moment are served one after the other. The pool's CheckConstraint
(reserved ≤ total) is the last line of defence.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from clusters.models import Cluster
from internationalization import notifications
from internationalization.choices import (
    OPEN_TIMBANK_REQUEST,
    ConsultantService,
    TimbankRequestStatus,
)
from internationalization.models import Consultant, TimbankPool, TimbankRequest, TimesheetEntry
from internationalization.permissions import can_act_for_firm, can_decide_for_project
from internationalization.rules import (
    decision_moment,
    not_working,
    outside_activity_window,
    quarter_hours_problem,
    raise_if,
)
from internationalization.selectors import timbank_hours_used
from projects.models import Enrolment, Project

# Rules ---------------------------------------------------------------------------------------


# Shared checks -------------------------------------------------------------------------------


def check_hours(value: Decimal | None, field: str) -> Decimal:
    """Hours are positive and go in quarter steps (internationalization.rules)."""
    raise_if({field: quarter_hours_problem(value)})
    return value


def check_participating(enrolment: Enrolment, field: str = "enrolment") -> None:
    raise_if({field: not_working(enrolment)})


def check_in_project_window(project: Project, day: date | None, field: str) -> None:
    if day is None:
        raise ValidationError({field: _("Enter a date.")})
    raise_if({field: outside_activity_window(project, day)})


def _text(value: str | None, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


# The pool and the consultants ----------------------------------------------------------------


@transaction.atomic
def timbank_pool_set(
    *, project: Project, hours_total: Decimal, hourly_value: Decimal, currency: str
) -> TimbankPool:
    """Create or change the project's pool; it never shrinks below the hours reserved."""
    if hours_total is None or hours_total < 0:
        raise ValidationError({"hours_total": _("The pool cannot hold negative hours.")})
    raise_if({"hours_total": quarter_hours_problem(hours_total, allow_zero=True)})
    pool = TimbankPool.objects.select_for_update().filter(project=project).first()
    pool = pool or TimbankPool(project=project)
    if hours_total < pool.hours_reserved:
        raise ValidationError(
            {
                "hours_total": _(
                    "Approved requests already reserve %(reserved)s h: the pool cannot hold "
                    "fewer hours."
                )
                % {"reserved": pool.hours_reserved}
            }
        )
    pool.hours_total = hours_total
    pool.hourly_value = hourly_value
    pool.currency = currency
    pool.full_clean(exclude=["project"])
    pool.save()
    return pool


@transaction.atomic
def consultant_save(
    *, cluster: Cluster, data: dict, consultant: Consultant | None = None
) -> Consultant:
    """A consultant of the cluster's timbank, with the services they offer."""
    consultant = consultant or Consultant(cluster=cluster)
    services = list(dict.fromkeys(data.get("services", consultant.services) or []))
    unknown = [s for s in services if s not in ConsultantService.values]
    if unknown:
        raise ValidationError(
            {"services": _("Unknown services: %(services)s.") % {"services": ", ".join(unknown)}}
        )
    if not services:
        raise ValidationError({"services": _("Choose at least one service.")})
    for field in ("person", "organization"):
        related = data.get(field, getattr(consultant, field))
        if related is not None and related.cluster_id != cluster.pk:
            raise ValidationError({field: _("It must belong to the cluster.")})
    for field, value in data.items():
        setattr(consultant, field, value)
    consultant.services = services
    consultant.full_clean(exclude=["cluster"])
    consultant.save()
    return consultant


# Requests ------------------------------------------------------------------------------------


@transaction.atomic
def timbank_request_create(
    *,
    enrolment: Enrolment,
    service: str,
    hours_requested: Decimal,
    needed_by: date,
    purpose: str,
    actor: User,
    requested_at: datetime | None = None,
) -> TimbankRequest:
    """A firm asks for consultant hours; the waiting time runs from now."""
    can_act_for_firm(actor, enrolment).require()
    project = enrolment.project
    check_participating(enrolment)
    if service not in ConsultantService.values:
        raise ValidationError({"service": _("Choose one of the timbank's services.")})
    check_hours(hours_requested, "hours_requested")
    check_in_project_window(project, needed_by, "needed_by")
    purpose = _text(purpose, "purpose", _("Say what the consultant's hours are for."))
    pool = TimbankPool.objects.filter(project=project).first()
    if pool is None:
        raise ValidationError(
            {"enrolment": _("This project has no timbank pool yet: ask the cluster to set one.")}
        )
    if requested_at is None:
        # Asked now, it is measured against the pool now. One recorded after the fact (the
        # project import) is measured at its decision: what the pool held that day is unknown.
        raise_if({"hours_requested": beyond_the_pool(pool, hours_requested)})
    request = TimbankRequest(
        enrolment=enrolment,
        service=service,
        hours_requested=hours_requested,
        needed_by=needed_by,
        purpose=purpose,
        requested_at=requested_at or timezone.now(),
    )
    request.full_clean()
    request.save()
    return request


def beyond_the_pool(pool: TimbankPool, hours: Decimal) -> str | None:
    """Why ``hours`` cannot come out of the pool (more than is left), or None. The one rule of
    the pool's hours: asked when a firm requests (so it learns it at once, read without a
    lock) and when a manager approves (under the pool's lock)."""
    if hours <= pool.hours_available:
        return None
    return _(
        "Only %(available)s h of the pool's %(total)s h are left; %(hours)s h cannot be approved."
    ) % {"available": pool.hours_available, "total": pool.hours_total, "hours": hours}


def _lock_request(request: TimbankRequest) -> TimbankRequest:
    return (
        TimbankRequest.objects.select_for_update(of=("self",))
        .select_related("enrolment__project__cluster")
        .get(pk=request.pk)
    )


def _lock_pool(request: TimbankRequest) -> TimbankPool:
    try:
        return TimbankPool.objects.select_for_update().get(project_id=request.enrolment.project_id)
    except TimbankPool.DoesNotExist:
        raise ValidationError({"hours": _("This project has no timbank pool.")}) from None


def _reserve(pool: TimbankPool, hours: Decimal) -> None:
    """Add ``hours`` (negative to give back) to the pool's reservation.

    The database adds them to the value it holds, not to the one read here: without the lock
    a second approval would then be refused by the pool's CheckConstraint rather than
    silently overwrite the first; the refusal is told like the service's own.
    """
    try:
        with transaction.atomic():
            TimbankPool.objects.filter(pk=pool.pk).update(
                hours_reserved=F("hours_reserved") + hours
            )
    except IntegrityError:
        raise ValidationError(
            {"hours": _("The pool has not enough hours left for this approval.")}
        ) from None
    pool.refresh_from_db(fields=["hours_reserved"])
    # Saved again through the model so that the pool's history records the reservation.
    pool.save(update_fields=["hours_reserved"])


def _require_open(request: TimbankRequest, field: str) -> None:
    if request.status not in OPEN_TIMBANK_REQUEST:
        raise ValidationError(
            {
                field: _("The request is already decided (%(status)s).")
                % {"status": request.get_status_display().lower()}
            }
        )


@transaction.atomic
def timbank_request_approve(
    *,
    request: TimbankRequest,
    hours: Decimal,
    actor: User,
    decided_at: datetime | None = None,
) -> TimbankRequest:
    """Approve hours and reserve them from the pool. The pool row is locked first, so two
    approvals at the same moment cannot both take the last hours."""
    request = _lock_request(request)
    can_decide_for_project(actor, request.enrolment.project).require()
    _require_open(request, "hours")
    decided_at = decision_moment(decided_at, request.requested_at)
    check_hours(hours, "hours")
    if hours > request.hours_requested:
        raise ValidationError(
            {
                "hours": _("The firm asked for %(requested)s h: approve at most that.")
                % {"requested": request.hours_requested}
            }
        )
    pool = _lock_pool(request)
    raise_if({"hours": beyond_the_pool(pool, hours)})
    _reserve(pool, hours)
    request.status = TimbankRequestStatus.APPROVED
    request.hours_approved = hours
    request.decided_at = decided_at
    request.decided_by = actor
    request.save()
    notifications.timbank_decided(request)
    return request


@transaction.atomic
def timbank_request_reject(
    *,
    request: TimbankRequest,
    reason: str,
    actor: User,
    decided_at: datetime | None = None,
) -> TimbankRequest:
    request = _lock_request(request)
    can_decide_for_project(actor, request.enrolment.project).require()
    _require_open(request, "reason")
    decided_at = decision_moment(decided_at, request.requested_at)
    reason = _text(reason, "reason", _("Say why the request is rejected."))
    request.status = TimbankRequestStatus.REJECTED
    request.decision_note = reason
    request.decided_at = decided_at
    request.decided_by = actor
    request.save()
    notifications.timbank_decided(request)
    return request


@transaction.atomic
def timbank_request_ask_info(
    *, request: TimbankRequest, question: str, actor: User
) -> TimbankRequest:
    """Ask the firm for more information; the request waits for its reply, still undecided."""
    request = _lock_request(request)
    can_decide_for_project(actor, request.enrolment.project).require()
    _require_open(request, "question")
    question = _text(question, "question", _("Write the question for the firm."))
    request.status = TimbankRequestStatus.INFO_REQUESTED
    request.decision_note = question
    request.save()
    notifications.timbank_questioned(request)
    return request


@transaction.atomic
def timbank_request_reply(*, request: TimbankRequest, text: str, actor: User) -> TimbankRequest:
    """The firm answers the question; the exchange is added to the purpose (and so to the
    request's history) and the request waits for a decision again."""
    request = _lock_request(request)
    can_act_for_firm(actor, request.enrolment).require()
    if request.status != TimbankRequestStatus.INFO_REQUESTED:
        raise ValidationError({"text": _("Nobody asked for more information on this request.")})
    text = _text(text, "text", _("Write your answer."))
    exchange = _("Question: %(question)s\nAnswer: %(answer)s") % {
        "question": request.decision_note,
        "answer": text,
    }
    request.purpose = f"{request.purpose}\n\n{exchange}"
    request.decision_note = ""
    request.status = TimbankRequestStatus.PENDING
    request.save()
    return request


@transaction.atomic
def timesheet_log(
    *,
    request: TimbankRequest,
    consultant: Consultant,
    date: date,
    hours: Decimal,
    note: str = "",
) -> TimesheetEntry:
    """Hours a consultant worked on an approved request; never past the hours approved."""
    request = _lock_request(request)
    if request.status != TimbankRequestStatus.APPROVED:
        raise ValidationError(
            {"hours": _("Hours are logged only against an approved request that is not closed.")}
        )
    project = request.enrolment.project
    if consultant.cluster_id != project.cluster_id:
        raise ValidationError({"consultant": _("The consultant works for another cluster.")})
    if request.service not in consultant.services:
        raise ValidationError(
            {
                "consultant": _("%(consultant)s does not offer %(service)s.")
                % {"consultant": consultant.name, "service": request.get_service_display()}
            }
        )
    check_in_project_window(project, date, "date")
    check_hours(hours, "hours")
    left = request.hours_approved - timbank_hours_used(request)
    if hours > left:
        raise ValidationError(
            {
                "hours": _(
                    "Only %(left)s h of the %(approved)s h approved are left on this request."
                )
                % {"left": left, "approved": request.hours_approved}
            }
        )
    entry = TimesheetEntry(
        request=request, consultant=consultant, date=date, hours=hours, note=note.strip()
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def timbank_request_close(*, request: TimbankRequest, actor: User) -> TimbankRequest:
    """Close an approved request: the hours approved but not used go back to the pool."""
    request = _lock_request(request)
    can_decide_for_project(actor, request.enrolment.project).require()
    if request.status != TimbankRequestStatus.APPROVED:
        raise ValidationError({"status": _("Only an approved request can be closed.")})
    pool = _lock_pool(request)
    unused = request.hours_approved - timbank_hours_used(request)
    _reserve(pool, -unused)
    request.status = TimbankRequestStatus.CLOSED
    request.closed_at = timezone.now()
    request.save()
    return request


@transaction.atomic
def timbank_request_withdraw(*, request: TimbankRequest, actor: User) -> TimbankRequest:
    """The firm withdraws its request while the cluster has not decided it (waiting, or a
    question asked); undecided requests reserve no hours, so the pool is untouched. The
    history keeps who withdrew it and when (a hand-off: the managers' queue loses it)."""
    request = _lock_request(request)
    can_act_for_firm(actor, request.enrolment).require()
    if request.status not in OPEN_TIMBANK_REQUEST:
        raise ValidationError(
            {
                "status": _("The request is %(status)s: only an undecided one is withdrawn.")
                % {"status": request.get_status_display().lower()}
            }
        )
    request.status = TimbankRequestStatus.WITHDRAWN
    request.closed_at = timezone.now()
    request._history_user = actor
    request.save(update_fields=["status", "closed_at"])
    return request

"""Business coaching: sessions logged by one side and confirmed by the other (the firm
confirms what its coach or the office logged, the coach or a manager what the firm logged),
disputed with a reason and corrected by the side that logged them; the allotment itself,
changed by managers and audited. Every change of a session is kept in its history.

The ledger rule (the sessions never pass the allotment) is enforced here under a lock of the
enrolment row, so two sessions logged at the same moment cannot both use the last hours.

Hand-offs for notifications (the other side must act): ``coaching_session_log`` and
``coaching_session_log_by_firm`` (a session to confirm), ``coaching_session_dispute`` (a
session to correct), ``coaching_session_correct`` (a corrected session to confirm).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from clusters.inserts import insert_many_with_history
from internationalization import notifications
from internationalization.choices import SessionSide, SessionStatus
from internationalization.models import CoachingSession
from internationalization.permissions import (
    can_change_allotment,
    can_confirm_session,
    can_correct_session,
    can_dispute_session,
    can_log_session,
    session_side_for,
)
from internationalization.rules import (
    held_in_the_future,
    not_working,
    outside_activity_window,
    quarter_hours_problem,
    raise_if,
)
from internationalization.selectors import coaching_hours_used
from projects.models import Enrolment

CENTS = Decimal("0.01")


def _locked(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update()
        .select_related("project", "organization")
        .get(pk=enrolment.pk)
    )


def _locked_session(session: CoachingSession) -> CoachingSession:
    return (
        CoachingSession.objects.select_for_update()
        .select_related("enrolment__project", "enrolment__organization")
        .get(pk=session.pk)
    )


def _check_session(
    enrolment: Enrolment,
    day: Date,
    hours,
    *,
    already: Decimal = Decimal(0),
    used: Decimal | None = None,
    today: Date | None = None,
) -> Decimal:
    """The rules every logged or corrected session keeps; ``already`` is the hours of the
    session being corrected, which no longer count against the allotment; ``used`` the
    enrolment's hours so far when the caller knows them (an import, under the same lock)."""
    raise_if(
        {
            "enrolment": not_working(enrolment),
            "hours": quarter_hours_problem(hours),
            "date": outside_activity_window(enrolment.project, day)
            or held_in_the_future(day, A_SESSION, today),
        }
    )
    hours = Decimal(str(hours))
    used = coaching_hours_used(enrolment) if used is None else used
    left = enrolment.coaching_hours_allotted - used + already
    if hours > left:
        raise ValidationError(
            {
                "hours": _(
                    "Only %(left)s of the %(allotted)s coaching hours are left; %(hours)s would "
                    "go past the allotment."
                )
                % {
                    "left": max(left, Decimal(0)),
                    "allotted": enrolment.coaching_hours_allotted,
                    "hours": hours.quantize(CENTS),
                }
            }
        )
    return hours


def _save(session: CoachingSession, actor: User) -> CoachingSession:
    session.full_clean()
    session._history_user = actor
    session.save()
    if session.status == SessionStatus.AWAITING:
        # Logged or corrected: the other side is asked to confirm (an import needs nobody).
        notifications.session_to_confirm(
            session, recipients=notifications.session_confirmers(session), logged_by=actor
        )
    return session


@transaction.atomic
def coaching_session_log(
    *,
    enrolment: Enrolment,
    date: Date,
    hours: Decimal,
    topic: str,
    notes: str = "",
    coach: User,
    imported: bool = False,
) -> CoachingSession:
    """Log a session held by ``coach`` (the firm's coach, or a manager logging for them); the
    firm confirms it. A session from an import of history counts as confirmed.

    Hours in steps of 0.25, on a past day within the project's activities, for a firm
    accepted or active; the sessions together never pass the enrolment's allotment.
    """
    enrolment = _locked(enrolment)
    can_log_session(coach, enrolment).require()
    hours = _check_session(enrolment, date, hours)
    session = CoachingSession(
        enrolment=enrolment,
        date=date,
        hours=hours,
        topic=topic,
        notes=notes,
        coach=coach,
        logged_by=coach,
        logged_by_side=SessionSide.IMPORT if imported else SessionSide.OFFICE,
        status=SessionStatus.CONFIRMED if imported else SessionStatus.AWAITING,
    )
    return _save(session, coach)


@transaction.atomic
def coaching_session_log_by_firm(
    *,
    enrolment: Enrolment,
    date: Date,
    hours: Decimal,
    topic: str,
    notes: str = "",
    representative: User,
) -> CoachingSession:
    """The firm's representative logs a session the firm had with its coach; the coach (or a
    manager) confirms it. The same rules as the coach's log; the firm needs a coach."""
    enrolment = _locked(enrolment)
    if session_side_for(representative, enrolment) != SessionSide.FIRM:
        can_log_session(representative, enrolment).require()
        raise ValidationError(
            {"enrolment": _("The coach and the office log sessions as the office, not the firm.")}
        )
    if enrolment.coach_id is None:
        raise ValidationError(
            {"enrolment": _("No coach is assigned to the firm yet: there is no session to log.")}
        )
    hours = _check_session(enrolment, date, hours)
    session = CoachingSession(
        enrolment=enrolment,
        date=date,
        hours=hours,
        topic=topic,
        notes=notes,
        coach_id=enrolment.coach_id,
        logged_by=representative,
        logged_by_side=SessionSide.FIRM,
    )
    return _save(session, representative)


def coaching_session_log_as(*, actor: User, enrolment: Enrolment, **data) -> CoachingSession:
    """Log as whichever side ``actor`` is on: the pages and the API call this one."""
    if session_side_for(actor, enrolment) == SessionSide.FIRM:
        return coaching_session_log_by_firm(enrolment=enrolment, representative=actor, **data)
    return coaching_session_log(enrolment=enrolment, coach=actor, **data)


@transaction.atomic
def coaching_session_confirm(*, session: CoachingSession, user: User) -> CoachingSession:
    """The other side confirms that the session took place; once, and not while disputed."""
    session = _locked_session(session)
    can_confirm_session(user, session).require()
    if session.status == SessionStatus.CONFIRMED:
        day = timezone.localdate(session.confirmed_at) if session.confirmed_at else session.date
        raise ValidationError(
            {"session": _("This session was already confirmed on %(day)s.") % {"day": day}}
        )
    if session.status == SessionStatus.DISPUTED:
        raise ValidationError(
            {"session": _("This session is disputed: it is confirmed once it was corrected.")}
        )
    session.status = SessionStatus.CONFIRMED
    session.confirmed_at = timezone.now()
    session.confirmed_by = user
    session._history_user = user
    session.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    return session


@transaction.atomic
def coaching_session_dispute(
    *, session: CoachingSession, user: User, reason: str
) -> CoachingSession:
    """The side that must confirm says the session is not right, and why; the logger then
    corrects it."""
    session = _locked_session(session)
    can_dispute_session(user, session).require()
    if session.status != SessionStatus.AWAITING:
        raise ValidationError(
            {"session": _("Only a session awaiting confirmation can be disputed.")}
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is not right about the session.")})
    session.status = SessionStatus.DISPUTED
    session.dispute_reason = reason
    session._history_user = user
    session.save(update_fields=["status", "dispute_reason"])
    return session


@transaction.atomic
def coaching_session_correct(
    *,
    session: CoachingSession,
    actor: User,
    date: Date,
    hours: Decimal,
    topic: str,
    notes: str = "",
) -> CoachingSession:
    """The side that logged a session corrects it, while it is not confirmed; it then awaits
    confirmation again. The history keeps what it said before."""
    session = _locked_session(session)
    can_correct_session(actor, session).require()
    if session.status == SessionStatus.CONFIRMED:
        raise ValidationError({"session": _("A confirmed session is not corrected.")})
    enrolment = _locked(session.enrolment)
    session.hours = _check_session(enrolment, date, hours, already=session.hours)
    session.date, session.topic, session.notes = date, topic, notes
    session.status = SessionStatus.AWAITING
    return _save(session, actor)


@transaction.atomic
def coaching_allotment_change(*, enrolment: Enrolment, hours: Decimal, actor: User) -> Enrolment:
    """A manager changes the hours allotted to the firm; never below the hours already used.
    The change is kept in the enrolment's history with the manager's name."""
    enrolment = _locked(enrolment)
    can_change_allotment(actor, enrolment).require()
    raise_if({"hours": quarter_hours_problem(hours, allow_zero=True)})
    hours = Decimal(str(hours))
    used = coaching_hours_used(enrolment)
    if hours < used:
        raise ValidationError(
            {
                "hours": _(
                    "%(used)s hours of coaching were already logged; the allotment cannot be less."
                )
                % {"used": used}
            }
        )
    enrolment.coaching_hours_allotted = hours
    enrolment._history_user = actor
    enrolment.save(update_fields=["coaching_hours_allotted"])
    return enrolment


# What a session of history's model rules check: every field but its foreign keys.
UNCLEANED_FIELDS = ("enrolment", "coach", "logged_by")
CLEANED_FIELDS = tuple(
    f.attname for f in CoachingSession._meta.concrete_fields if f.name not in UNCLEANED_FIELDS
)
A_SESSION = gettext_lazy("A coaching session")


@dataclass(frozen=True)
class SessionOfHistory:
    """A session an import logs (see ``coaching_sessions_import``)."""

    enrolment: Enrolment
    date: Date
    hours: Decimal
    topic: str
    coach: User


@transaction.atomic
def coaching_sessions_import(sessions: Sequence[SessionOfHistory]) -> list[Exception | None]:
    """Log sessions of history, as ``coaching_session_log(imported=True)`` logs each, in bulk:
    the enrolments locked and their hours used read once for all, each session checked by the
    same rules in turn (the hours of those before it count against the allotment), and the
    sessions that keep them written together with their history.

    Returns, per session, why it was refused (ValidationError, PermissionDenied) or None;
    a refused session is not written. An import refuses the whole file when any is."""
    ids = sorted({session.enrolment.pk for session in sessions})
    enrolments = Enrolment.objects.select_for_update().select_related("project", "organization")
    locked = {enrolment.pk: enrolment for enrolment in enrolments.filter(pk__in=ids).order_by("pk")}
    used = dict(
        CoachingSession.objects.filter(enrolment__in=ids)
        .values("enrolment")
        .annotate(total=Sum("hours"))
        .values_list("enrolment", "total")
    )
    used = {pk: (used.get(pk) or Decimal(0)).quantize(CENTS) for pk in ids}
    verdicts: dict[tuple[int, int], object] = {}
    today = timezone.localdate()
    cleaned: set[tuple] = set()
    refusals: list[Exception | None] = []
    written: list[CoachingSession] = []
    for each in sessions:
        enrolment = locked[each.enrolment.pk]
        try:
            key = (each.coach.pk, enrolment.pk)
            if key not in verdicts:
                verdicts[key] = can_log_session(each.coach, enrolment)
            verdicts[key].require()
            hours = _check_session(
                enrolment, each.date, each.hours, used=used[enrolment.pk], today=today
            )
            session = _imported_session(enrolment, each, hours, cleaned)
        except (ValidationError, PermissionDenied) as refusal:
            refusals.append(refusal)
            continue
        used[enrolment.pk] += hours
        written.append(session)
        refusals.append(None)
    insert_many_with_history(CoachingSession, written)
    return refusals


def _imported_session(
    enrolment: Enrolment, each: SessionOfHistory, hours, cleaned: set[tuple]
) -> CoachingSession:
    """The session as ``coaching_session_log(imported=True)`` saves it. ``cleaned``: the values
    already checked by the model's rules, which read nothing but the values (no ``clean``, no
    constraint), so a session that repeats them passes as they did."""
    # By ids: setting related objects costs more than the rest of the session together.
    session = CoachingSession(
        enrolment_id=enrolment.pk,
        date=each.date,
        hours=hours,
        topic=each.topic,
        coach_id=each.coach.pk,
        logged_by_id=each.coach.pk,
        logged_by_side=SessionSide.IMPORT,
        status=SessionStatus.CONFIRMED,
    )
    values = tuple(getattr(session, name) for name in CLEANED_FIELDS)
    if values not in cleaned:
        # The model's rules, but not its foreign keys' existence: those rows are locked above.
        session.full_clean(exclude=list(UNCLEANED_FIELDS), validate_unique=False)
        cleaned.add(values)
    session._history_user = each.coach
    return session

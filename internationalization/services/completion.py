"""Completing a project: a firm has gone "through the whole process" when it meets every
completion rule its project sets (``projects.models.CompletionRule``); nothing else is
assumed (docs/domain.md §2).

What each rule measures, counting what is dated on or before the day of completion:

- coaching: hours of coaching sessions (the coach's log is the record; the firm's
  confirmation is not required);
- workshops: workshops attended;
- timbank: consultant hours used (timesheet entries);
- trip: trips done (their last day passed);
- export lab: the stage reached at any time (going back from evaluation to incubation for
  another iteration still counts as having reached evaluation).

A manager may still record completion when a rule is not met, with a justification: it is
kept in the enrolment's history, with what was missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from internationalization.choices import EXPORT_LAB_ORDER, ExportLabStage, TripStatus
from internationalization.models import (
    CoachingSession,
    ExportLabStep,
    TimesheetEntry,
    Trip,
    WorkshopParticipation,
)
from internationalization.permissions import can_complete
from projects.choices import EnrolmentStatus, RequiredActivity
from projects.models import CompletionRule, Enrolment
from projects.permissions import can_manage_enrolment
from projects.selectors import completion_rules
from projects.services import enrolment_mark_completed


@dataclass(frozen=True)
class RuleCheck:
    """One completion rule against what the firm has done by a day."""

    rule: CompletionRule
    done: Decimal | str  # an amount, or the furthest export-lab stage reached ("" if none)
    met: bool

    def __str__(self) -> str:
        label = self.rule.get_activity_display()
        if self.rule.activity == RequiredActivity.EXPORT_LAB:
            reached = (
                _("reached %(stage)s") % {"stage": ExportLabStage(self.done).label}
                if self.done
                else _("no stage yet")
            )
            return _("%(activity)s: %(reached)s, %(stage)s required") % {
                "activity": label,
                "reached": reached,
                "stage": self.rule.get_stage_display(),
            }
        return _("%(activity)s: %(done)s of %(required)s") % {
            "activity": label,
            "done": f"{Decimal(self.done).normalize():f}",
            "required": self.rule.requirement,
        }


def _amount_done(enrolment: Enrolment, activity: str, day: date) -> Decimal:
    if activity == RequiredActivity.COACHING:
        sessions = CoachingSession.objects.filter(enrolment=enrolment, date__lte=day)
        return sessions.aggregate(h=Sum("hours"))["h"] or Decimal(0)
    if activity == RequiredActivity.TIMBANK:
        logged = TimesheetEntry.objects.filter(request__enrolment=enrolment, date__lte=day)
        return logged.aggregate(h=Sum("hours"))["h"] or Decimal(0)
    if activity == RequiredActivity.WORKSHOPS:
        return Decimal(
            WorkshopParticipation.objects.filter(
                enrolment=enrolment, attended=True, workshop__date__lte=day
            ).count()
        )
    return Decimal(
        Trip.objects.filter(enrolment=enrolment, status=TripStatus.DONE, end__lte=day).count()
    )


def _furthest_stage(enrolment: Enrolment, day: date) -> str:
    reached = set(
        ExportLabStep.objects.filter(track__enrolment=enrolment, entered_on__lte=day).values_list(
            "stage", flat=True
        )
    )
    return max(reached, key=EXPORT_LAB_ORDER.index, default="")


def rule_checks(enrolment: Enrolment, day: date | None = None) -> list[RuleCheck]:
    """Each completion rule of the enrolment's project, checked as of ``day`` (today)."""
    day = day or timezone.localdate()
    checks = []
    for rule in completion_rules(enrolment.project):
        if rule.activity == RequiredActivity.EXPORT_LAB:
            stage = _furthest_stage(enrolment, day)
            met = bool(stage) and (
                EXPORT_LAB_ORDER.index(stage) >= EXPORT_LAB_ORDER.index(rule.stage)
            )
            checks.append(RuleCheck(rule, stage, met))
        else:
            amount = _amount_done(enrolment, rule.activity, day)
            checks.append(RuleCheck(rule, amount, amount >= rule.minimum))
    return checks


def missing_activities(enrolment: Enrolment, day: date | None = None) -> list[str]:
    """The project's completion rules the firm does not meet yet, each in words ("Business
    coaching: 6 of 10 h"); an empty list when it meets them all."""
    return [str(check) for check in rule_checks(enrolment, day) if not check.met]


@transaction.atomic
def enrolment_complete(
    *,
    enrolment: Enrolment,
    actor: User,
    completed_on: date | None = None,
    justification: str = "",
) -> Enrolment:
    """Mark the enrolment completed once it meets every completion rule of its project;
    otherwise say what is missing. A manager may complete it anyway with a justification,
    which the history keeps with what was missing. Only an active enrolment can complete."""
    enrolment = Enrolment.objects.select_related("project").get(pk=enrolment.pk)
    can_complete(actor, enrolment).require()
    if enrolment.status != EnrolmentStatus.ACTIVE:
        raise ValidationError(
            {
                "status": _("Only an active enrolment can be completed; this one is %(status)s.")
                % {"status": enrolment.get_status_display().lower()}
            }
        )
    missing = missing_activities(enrolment, completed_on)
    note = ""
    if missing and not justification.strip():
        raise ValidationError(
            {
                "justification": _(
                    "Not yet done: %(activities)s. Give a justification to complete anyway."
                )
                % {"activities": "; ".join(missing)}
            }
        )
    if missing:
        can_manage_enrolment(actor, enrolment).require()
        note = _("Completed by decision: %(why)s (not met: %(missing)s)") % {
            "why": justification.strip(),
            "missing": "; ".join(missing),
        }
    return enrolment_mark_completed(
        enrolment=enrolment, actor=actor, completed_on=completed_on, note=note
    )

"""The coach's home: the firms they coach, those at risk first, and the sessions the firms
have not confirmed yet. Built on the coach's page (``internationalization.selectors``
``coached_enrolments`` and ``CoachedFirm``), which lists every firm with its actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from clusters.models import Cluster
from internationalization.choices import SessionStatus
from internationalization.models import CoachingSession
from internationalization.selectors import WORKING_STATUSES, CoachedFirm, coached_enrolments
from projects.choices import ProjectStatus
from reports.selectors.figures import AT_RISK_DAYS

# A firm is at risk when this share of the project's time has gone by ...
LATE_IN_PROJECT = Decimal("0.67")
# ... and it has used less than this share of its coaching hours.
HOURS_USED_TOO_FEW = Decimal("0.5")
SESSIONS_LIMIT = 50


@dataclass(frozen=True)
class CoachFirmRow:
    firm: CoachedFirm
    days_idle: int
    risks: list[str]

    @property
    def at_risk(self) -> bool:
        return bool(self.risks)


def risks_of(firm: CoachedFirm, today: date) -> tuple[int, list[str]]:
    """The days since the firm's last activity, and why it is at risk (empty: it is not).

    A firm taking part (accepted or active) is at risk when
    - nothing happened for ``AT_RISK_DAYS`` days (60, the participation report's rule): no
      coaching session, outcome or export-lab step; before its first activity the days count
      from its acceptance (or its application, if the decision is not dated); or
    - it is late in the project (``LATE_IN_PROJECT`` of the project's activity period gone)
      and it has used less than ``HOURS_USED_TOO_FEW`` of its allotted coaching hours.
    """
    enrolment = firm.enrolment
    since = firm.last_activity or enrolment.decided_on or enrolment.applied_on
    days_idle = max((today - since).days, 0)
    risks = []
    if days_idle >= AT_RISK_DAYS:
        risks.append(_("no activity for %(days)s days") % {"days": days_idle})
    project = enrolment.project
    length = (project.end - project.start).days
    if length > 0 and firm.hours_allotted > 0:
        gone = Decimal((today - project.start).days) / Decimal(length)
        if gone >= LATE_IN_PROJECT and firm.hours_used < firm.hours_allotted * HOURS_USED_TOO_FEW:
            risks.append(
                _("%(used)s of %(allotted)s coaching hours used late in the project")
                % {
                    "used": f"{firm.hours_used.normalize():f}",
                    "allotted": f"{firm.hours_allotted.normalize():f}",
                }
            )
    return days_idle, risks


def coach_firms(user, cluster: Cluster, today: date) -> list[CoachFirmRow]:
    """The firms taking part that the user coaches in the cluster's projects that are not
    closed, those at risk first, then the longest idle. One query."""
    enrolments = (
        coached_enrolments(user)
        .filter(project__cluster=cluster, status__in=WORKING_STATUSES)
        .exclude(project__status=ProjectStatus.CLOSED)
    )
    rows = [CoachFirmRow(CoachedFirm(e), *risks_of(CoachedFirm(e), today)) for e in enrolments]
    rows.sort(key=lambda row: (not row.at_risk, -row.days_idle))
    return rows


def sessions_to_confirm(user, cluster: Cluster) -> list[CoachingSession]:
    """The user's coached firms' sessions not confirmed yet, oldest first: those the firm
    logged wait for the coach's confirmation, those the coach logged for the firm's, and a
    disputed one for the coach's correction. One query."""
    return list(
        CoachingSession.objects.visible_to(user)
        .filter(enrolment__coach=user, enrolment__project__cluster=cluster)
        .exclude(status=SessionStatus.CONFIRMED)
        .exclude(enrolment__project__status=ProjectStatus.CLOSED)
        .select_related("enrolment__organization")
        .order_by("date", "pk")[:SESSIONS_LIMIT]
    )

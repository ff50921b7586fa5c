"""The de minimis state-aid ledger of a firm (Regulation (EU) 2023/2831, docs/domain.md §6).

Support a firm receives is state aid: every coaching hour and every consultant hour of the
timbank, valued at the hourly value of the programmes funding the project (weighted by their
shares), and every trip expense reimbursed. A single enterprise may receive at most
EUR 300,000 over any rolling three years; the ledger warns from 80 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from clusters.money import to_eur
from internationalization.choices import ClaimStatus
from internationalization.models import CoachingSession, ExpenseClaim, TimesheetEntry
from members.models import Organization
from projects.models import Project, ProjectFunding

DE_MINIMIS_CEILING_EUR = Decimal("300000")
WARNING_SHARE = Decimal("0.8")
ROLLING_DAYS = 3 * 365


@dataclass(frozen=True)
class AidLine:
    project: str
    kind: str
    quantity: Decimal
    amount_eur: Decimal


@dataclass(frozen=True)
class AidLedger:
    lines: list[AidLine]
    since: date

    @property
    def total_eur(self) -> Decimal:
        return sum((line.amount_eur for line in self.lines), Decimal(0)).quantize(Decimal("0.01"))

    @property
    def share_of_ceiling(self) -> Decimal:
        return (self.total_eur / DE_MINIMIS_CEILING_EUR).quantize(Decimal("0.0001"))

    @property
    def percent(self) -> Decimal:
        return (self.share_of_ceiling * 100).quantize(Decimal("0.1"))

    @property
    def warning(self) -> bool:
        return self.total_eur >= DE_MINIMIS_CEILING_EUR * WARNING_SHARE

    @property
    def over(self) -> bool:
        return self.total_eur > DE_MINIMIS_CEILING_EUR


def hourly_value_eur(project: Project, fundings: list[ProjectFunding]) -> Decimal:
    """The programmes' hourly values in EUR, weighted by their funding shares."""
    weighted = Decimal(0)
    for funding in fundings:
        value = to_eur(funding.programme.hourly_value, funding.programme.currency)
        weighted += value * funding.share / 100
    return weighted


def aid_ledger(organization: Organization, today: date) -> AidLedger:
    """The firm's aid over the rolling three years up to ``today``, per project and kind.

    A fixed number of queries per project the firm took part in.
    """
    since = today - timedelta(days=ROLLING_DAYS)
    projects = Project.objects.filter(enrolments__organization=organization).distinct()
    fundings: dict[int, list[ProjectFunding]] = {}
    for funding in ProjectFunding.objects.filter(project__in=projects).select_related("programme"):
        fundings.setdefault(funding.project_id, []).append(funding)
    coaching = dict(
        CoachingSession.objects.filter(
            enrolment__organization=organization, date__gte=since, date__lte=today
        )
        .values_list("enrolment__project_id")
        .annotate(hours=Sum("hours"))
    )
    consulting = dict(
        TimesheetEntry.objects.filter(
            request__enrolment__organization=organization, date__gte=since, date__lte=today
        )
        .values_list("request__enrolment__project_id")
        .annotate(hours=Sum("hours"))
    )
    trips = {}
    for project_id, currency, amount in (
        ExpenseClaim.objects.filter(
            trip__enrolment__organization=organization,
            status=ClaimStatus.REIMBURSED,
            reimbursed_on__gte=since,
            reimbursed_on__lte=today,
        )
        .values_list("trip__enrolment__project_id", "currency")
        .annotate(amount=Sum("amount"))
    ):
        trips[project_id] = trips.get(project_id, Decimal(0)) + to_eur(amount, currency)
    lines = []
    for project in projects.order_by("start"):
        value = hourly_value_eur(project, fundings.get(project.pk, []))
        for kind, hours in (
            (_("Coaching hours"), coaching.get(project.pk)),
            (_("Consultant hours (timbank)"), consulting.get(project.pk)),
        ):
            if hours:
                lines.append(
                    AidLine(
                        project.name, str(kind), hours, (hours * value).quantize(Decimal("0.01"))
                    )
                )
        if trips.get(project.pk):
            lines.append(
                AidLine(
                    project.name,
                    str(_("Trip costs reimbursed")),
                    Decimal(1),
                    trips[project.pk].quantize(Decimal("0.01")),
                )
            )
    return AidLedger(lines=lines, since=since)

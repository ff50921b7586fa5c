"""The de minimis state-aid ledger of a firm (docs/domain.md §6).

Support a firm receives is state aid: every coaching hour and every consultant hour of the
timbank, valued at the hourly value of the programmes funding the project (weighted by their
shares), and every trip expense reimbursed; a participation fee the firm paid reduces it, and
aid the firm declares from other sources adds to it.

Each item is granted on a day, under the regulation in force that day: Regulation (EU)
1407/2013 until 31 Dec 2023 (EUR 200,000 over the current and the two previous fiscal years),
Regulation (EU) 2023/2831 from 1 Jan 2024 (EUR 300,000 over any rolling three years). The
ledger "as of" a day applies the regulation in force that day: its ceiling, and its period,
within which every item counts whatever regulation it was granted under. A fiscal year is taken
to be the calendar year. The ledger warns from 80 % of the ceiling.

Amounts in another currency are converted at Clusterdesk's fixed reference rates
(clusters/money.py), and each line says which rate it used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Case, CharField, Max, Min, Q, Sum, Value, When
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from clusters.dates import shift_years
from clusters.money import EUR_REFERENCE_RATES, EUR_REFERENCE_RATES_SOURCE, to_eur
from internationalization.choices import ClaimStatus
from internationalization.models import CoachingSession, ExpenseClaim, TimesheetEntry
from members.models import DeclaredAid, Organization
from projects.models import Enrolment, Project, ProjectFunding

WARNING_SHARE = Decimal("0.8")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Regulation:
    """A de minimis regulation: the days it applies to, its ceiling and how its period runs
    (the current and two previous fiscal years, or the three years ending on the day)."""

    number: str
    ceiling_eur: Decimal
    first_day: date | None
    last_day: date | None
    rolling: bool

    @property
    def name(self) -> str:
        return _("Regulation (EU) %(number)s") % {"number": self.number}

    @property
    def period_rule(self) -> str:
        if self.rolling:
            return _("any rolling three years")
        return _("the current and the two previous fiscal years")

    def in_force_on(self, day: date) -> bool:
        return (self.first_day is None or self.first_day <= day) and (
            self.last_day is None or day <= self.last_day
        )

    def period_start(self, day: date) -> date:
        """The first day of the period that ends on ``day``."""
        if self.rolling:
            return shift_years(day, -3) + timedelta(days=1)
        return date(day.year - 2, 1, 1)

    def __str__(self) -> str:
        return self.name


REGULATION_1407_2013 = Regulation(
    "1407/2013", Decimal("200000"), first_day=None, last_day=date(2023, 12, 31), rolling=False
)
REGULATION_2023_2831 = Regulation(
    "2023/2831", Decimal("300000"), first_day=date(2024, 1, 1), last_day=None, rolling=True
)
# In the order they applied. Aid before 2014 (Regulation 1998/2006) is valued under
# 1407/2013: such old aid has left every period the ledger can be asked about today.
REGULATIONS = (REGULATION_1407_2013, REGULATION_2023_2831)
REGULATIONS_BY_NUMBER = {regulation.number: regulation for regulation in REGULATIONS}


def regulation_on(day: date) -> Regulation:
    """The regulation in force on ``day``."""
    return next(regulation for regulation in REGULATIONS if regulation.in_force_on(day))


def _plain(number: Decimal) -> str:
    """A decimal without trailing zeros, never in exponent form, with the reader's decimal
    mark: 10.00 → "10", 14.50 → "14.5" (or "14,5")."""
    return number_format(format(number.normalize(), "f"))


def _money(amount: Decimal) -> str:
    return number_format(amount, decimal_pos=2, force_grouping=True)


def _regulation_of(date_field: str) -> Case:
    """The number of the regulation in force on the row's ``date_field``, computed in SQL so
    one grouped query splits the aid by regulation."""
    whens = [
        When(Q(**{f"{date_field}__lte": regulation.last_day}), then=Value(regulation.number))
        for regulation in REGULATIONS
        if regulation.last_day is not None
    ]
    return Case(*whens, default=Value(REGULATIONS[-1].number), output_field=CharField())


# How a figure was valued ---------------------------------------------------------------------


@dataclass(frozen=True)
class Conversion:
    """An amount in its own currency and the reference rate that turned it into EUR."""

    amount: Decimal
    currency: str

    @property
    def rate(self) -> Decimal:
        return EUR_REFERENCE_RATES[self.currency]

    @property
    def eur(self) -> Decimal:
        return to_eur(self.amount, self.currency)

    def __str__(self) -> str:
        if self.currency == "EUR":
            return f"{_money(self.amount)} EUR"
        return _("%(amount)s %(currency)s at %(rate)s EUR per %(currency)s") % {
            "amount": _money(self.amount),
            "currency": self.currency,
            "rate": _plain(self.rate),
        }


@dataclass(frozen=True)
class HourlyValuePart:
    """One programme funding the project: its share and its hourly value."""

    programme: str
    share: Decimal
    hourly: Conversion

    @property
    def weighted_eur(self) -> Decimal:
        return self.hourly.eur * self.share / 100

    def __str__(self) -> str:
        values = {
            "share": _plain(self.share),
            "programme": self.programme,
            "amount": _money(self.hourly.amount),
            "currency": self.hourly.currency,
            "rate": _plain(self.hourly.rate),
        }
        if self.hourly.currency == "EUR":
            return _("%(share)s %% of %(programme)s: %(amount)s EUR/h") % values
        return (
            _(
                "%(share)s %% of %(programme)s: %(amount)s %(currency)s/h "
                "at %(rate)s EUR per %(currency)s"
            )
            % values
        )


@dataclass(frozen=True)
class HourlyValue:
    """The EUR value of an hour of support in a project: the programmes' hourly values
    weighted by their funding shares."""

    parts: tuple[HourlyValuePart, ...]

    @property
    def eur(self) -> Decimal:
        return sum((part.weighted_eur for part in self.parts), Decimal(0))

    @property
    def converted(self) -> bool:
        return any(part.hourly.currency != "EUR" for part in self.parts)

    def __str__(self) -> str:
        if not self.parts:
            return _("no programme funds the project: 0 EUR/h")
        return _("%(value)s EUR/h (%(parts)s)") % {
            "value": _money(self.eur.quantize(CENT)),
            "parts": "; ".join(str(part) for part in self.parts),
        }


def hourly_value(fundings: list[ProjectFunding]) -> HourlyValue:
    """The hourly value of a project funded by ``fundings`` (their programmes selected)."""
    return HourlyValue(
        tuple(
            HourlyValuePart(
                funding.programme.code,
                funding.share,
                Conversion(funding.programme.hourly_value, funding.programme.currency),
            )
            for funding in fundings
        )
    )


# The ledger ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AidLine:
    """Aid of one kind from one source, granted under one regulation between two days; the
    valuation says how its EUR figure was reached."""

    source: str
    kind: str
    first_day: date
    last_day: date
    regulation: Regulation
    amount_eur: Decimal
    valuation: str
    hours: Decimal | None = None
    declared: DeclaredAid | None = None

    @property
    def negative(self) -> bool:
        return self.amount_eur < 0


@dataclass(frozen=True)
class AidLedger:
    """The firm's aid as of ``on``, within the period of the regulation in force that day."""

    on: date
    regulation: Regulation
    since: date
    lines: list[AidLine] = field(default_factory=list)

    @property
    def ceiling_eur(self) -> Decimal:
        return self.regulation.ceiling_eur

    @property
    def total_eur(self) -> Decimal:
        """The sum of the lines; fees cannot make the aid less than none."""
        total = sum((line.amount_eur for line in self.lines), Decimal(0))
        return max(total, Decimal(0)).quantize(CENT)

    @property
    def remaining_eur(self) -> Decimal:
        return max(self.ceiling_eur - self.total_eur, Decimal(0))

    @property
    def share_of_ceiling(self) -> Decimal:
        return (self.total_eur / self.ceiling_eur).quantize(Decimal("0.0001"))

    @property
    def percent(self) -> Decimal:
        return (self.share_of_ceiling * 100).quantize(Decimal("0.1"))

    @property
    def warning(self) -> bool:
        return self.total_eur >= self.ceiling_eur * WARNING_SHARE

    @property
    def over(self) -> bool:
        return self.total_eur > self.ceiling_eur

    @property
    def rate_source(self) -> str:
        return str(EUR_REFERENCE_RATES_SOURCE)

    @property
    def regulations_of_lines(self) -> list[Regulation]:
        """The regulations the counted items were granted under, in the order they applied."""
        used = {line.regulation for line in self.lines}
        return [regulation for regulation in REGULATIONS if regulation in used]


def aid_ledger(organization: Organization, today: date) -> AidLedger:
    """The firm's aid as of ``today`` under the regulation in force that day, per project,
    kind and the regulation each item was granted under, plus the aid it declared.

    Seven queries whatever the number of projects and activities: projects, fundings,
    coaching, timesheets, claims, fees, declared aid.
    """
    regulation = regulation_on(today)
    since = regulation.period_start(today)
    period = {"gte": since, "lte": today}
    projects = list(
        Project.objects.filter(enrolments__organization=organization).distinct().order_by("start")
    )
    fundings: dict[int, list[ProjectFunding]] = {}
    for funding in (
        ProjectFunding.objects.filter(project__in=projects)
        .select_related("programme")
        .order_by("-share", "programme__code")
    ):
        fundings.setdefault(funding.project_id, []).append(funding)

    def grouped(queryset, project_path: str, date_field: str, *extra: str):
        """Rows (project id, regulation number, *extra, first day, last day, sum)."""
        return (
            queryset.filter(**{f"{date_field}__{op}": day for op, day in period.items()})
            .annotate(regulation=_regulation_of(date_field))
            .values_list(project_path, "regulation", *extra)
            .annotate(first=Min(date_field), last=Max(date_field))
            .order_by("first")
        )

    coaching = grouped(
        CoachingSession.objects.filter(enrolment__organization=organization),
        "enrolment__project_id",
        "date",
    ).annotate(total=Sum("hours"))
    consulting = grouped(
        TimesheetEntry.objects.filter(request__enrolment__organization=organization),
        "request__enrolment__project_id",
        "date",
    ).annotate(total=Sum("hours"))
    claims = grouped(
        ExpenseClaim.objects.filter(
            trip__enrolment__organization=organization, status=ClaimStatus.REIMBURSED
        ),
        "trip__enrolment__project_id",
        "reimbursed_on",
        "currency",
    ).annotate(total=Sum("amount"))
    fees = Enrolment.objects.filter(
        organization=organization,
        fee_due__gt=0,
        fee_paid_on__gte=since,
        fee_paid_on__lte=today,
    ).values_list("project_id", "fee_due", "project__currency", "fee_paid_on")

    by_project: dict[int, list[AidLine]] = {project.pk: [] for project in projects}
    names = {project.pk: project.name for project in projects}
    values = {project.pk: hourly_value(fundings.get(project.pk, [])) for project in projects}
    for rows, kind in (
        (coaching, _("Coaching hours")),
        (consulting, _("Consultant hours (timbank)")),
    ):
        for project_id, number, first, last, hours in rows:
            value = values[project_id]
            by_project[project_id].append(
                AidLine(
                    source=names[project_id],
                    kind=kind,
                    first_day=first,
                    last_day=last,
                    regulation=REGULATIONS_BY_NUMBER[number],
                    amount_eur=(hours * value.eur).quantize(CENT),
                    valuation=_("%(hours)s h × %(value)s")
                    % {"hours": _plain(hours), "value": value},
                    hours=hours,
                )
            )
    for project_id, number, currency, first, last, amount in claims:
        money = Conversion(amount, currency)
        by_project[project_id].append(
            AidLine(
                source=names[project_id],
                kind=_("Trip costs reimbursed"),
                first_day=first,
                last_day=last,
                regulation=REGULATIONS_BY_NUMBER[number],
                amount_eur=money.eur.quantize(CENT),
                valuation=_("%(money)s, reimbursed") % {"money": money},
            )
        )
    for project_id, fee, currency, paid_on in fees:
        money = Conversion(fee, currency)
        by_project[project_id].append(
            AidLine(
                source=names[project_id],
                kind=_("Participation fee paid by the firm"),
                first_day=paid_on,
                last_day=paid_on,
                regulation=regulation_on(paid_on),
                amount_eur=-money.eur.quantize(CENT),
                valuation=_("%(money)s paid, deducted from the aid") % {"money": money},
            )
        )

    lines = [line for project in projects for line in by_project[project.pk]]
    declared = DeclaredAid.objects.filter(
        organization=organization, granted_on__gte=since, granted_on__lte=today
    ).exclude(withdrawn_on__lte=today)
    for aid in declared.order_by("granted_on", "pk"):
        money = Conversion(aid.amount, aid.currency)
        lines.append(
            AidLine(
                source=aid.granted_by,
                kind=_("Aid declared by the firm"),
                first_day=aid.granted_on,
                last_day=aid.granted_on,
                regulation=regulation_on(aid.granted_on),
                amount_eur=money.eur.quantize(CENT),
                valuation=str(money),
                declared=aid,
            )
        )
    return AidLedger(on=today, regulation=regulation, since=since, lines=lines)

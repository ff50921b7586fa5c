"""The indicator report: each indicator a programme reports on, achieved against its baseline,
milestones and targets, in total and per region.

The catalogue is data (clusters.models.Indicator): an indicator names its counting rule
(clusters.models.CountingRule) and this module computes the rules, the same for the 2014–2020
and the 2021–2027 codes (docs/domain.md §6):

- every rule counts each enterprise once, by its registry id, among the *supported* firms: those
  of an enrolment accepted on or before ``as_of`` (``_supported_by``) whose coaching and
  consultant hours up to ``as_of`` reach the programme's ``min_support_hours``;
- ``enterprises_supported``: all of them, with sub-counts by EU size class (``by_size``);
- ``grants``: with trip money reimbursed (an expense claim reimbursed on or before ``as_of``);
- ``non_financial_support``: with a coaching session, consultant hours or an export-lab step
  dated on or before ``as_of``;
- ``new_enterprises``: founded (``Organization.founded_on``) less than three years before their
  first support (the day their first enrolment was accepted); an unknown founding date is not new;
- ``research_cooperation``: with a recorded joint activity with a research organisation (an
  outcome of that kind); a university being a project partner proves nothing;
- ``product_new_to_market``, ``product_new_to_firm`` (a product new to the market is new to the
  firm too), ``product_or_process_innovation`` and ``marketing_or_organisational_innovation``
  (SMEs only): with an outcome recording such an innovation introduced; a prototype is none;
- ``firms_with_outcome``: with an outcome of the indicator's ``outcome_kind`` (programme-specific
  indicators).

Records dated after ``as_of`` do not count. Regions: ``by_region`` counts the firms of each
region name (``Organization.region``), with 0 for a region a project names where no firm counts;
``nuts`` gives the NUTS-3 code of each region name known to members.nuts. A firm's region and
size are those of its first enrolment. The number of queries does not grow with the firms.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Exists, Func, OuterRef, Prefetch, QuerySet, Subquery

from clusters.dates import shift_years
from clusters.models import CountingRule, IndicatorTarget, Programme, ProgrammeIndicator
from internationalization.choices import ClaimStatus, OutcomeKind, Verification
from internationalization.models import (
    CoachingSession,
    ExpenseClaim,
    ExportLabStep,
    Outcome,
    TimesheetEntry,
)
from members.choices import SizeClass
from members.nuts import nuts_code
from projects.choices import EnrolmentStatus
from projects.models import Enrolment, EnrolmentStatusChange, Project
from reports.selectors.figures import accepted_by, hours_figure, named_regions

SME_SIZES = (SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM)
SIZES = (SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM, SizeClass.LARGE)
NEW_ENTERPRISE_YEARS = 3

# The outcome kinds each outcome rule counts.
OUTCOME_RULES: dict[str, tuple[str, ...]] = {
    CountingRule.RESEARCH_COOPERATION: (OutcomeKind.RESEARCH_COOPERATION,),
    CountingRule.PRODUCT_NEW_TO_MARKET: (OutcomeKind.PRODUCT_NEW_TO_MARKET,),
    CountingRule.PRODUCT_NEW_TO_FIRM: (
        OutcomeKind.PRODUCT_NEW_TO_FIRM,
        OutcomeKind.PRODUCT_NEW_TO_MARKET,
    ),
    CountingRule.PRODUCT_OR_PROCESS_INNOVATION: (
        OutcomeKind.PRODUCT_NEW_TO_MARKET,
        OutcomeKind.PRODUCT_NEW_TO_FIRM,
        OutcomeKind.PROCESS_INNOVATION,
    ),
    CountingRule.MARKETING_OR_ORGANISATIONAL_INNOVATION: (
        OutcomeKind.MARKETING_INNOVATION,
        OutcomeKind.ORGANISATIONAL_INNOVATION,
    ),
}
SME_RULES = (
    CountingRule.PRODUCT_OR_PROCESS_INNOVATION,
    CountingRule.MARKETING_OR_ORGANISATIONAL_INNOVATION,
)


@dataclass
class Firm:
    """What the rules need to know of one enterprise (one registry id)."""

    registry_id: str
    size: str
    region: str
    founded_on: date | None
    supported_on: date
    hours: Decimal = Decimal(0)
    non_financial: bool = False
    grant: bool = False
    outcome_kinds: frozenset[str] = frozenset()

    @property
    def is_sme(self) -> bool:
        return self.size in SME_SIZES

    @property
    def is_new(self) -> bool:
        if self.founded_on is None:
            return False
        return shift_years(self.founded_on, NEW_ENTERPRISE_YEARS) > self.supported_on

    def profile(self) -> tuple:
        """What the rules and the breakdowns read, hours aside: firms of one profile count
        alike, so the rules run once per profile, not once per firm."""
        return (
            self.region,
            self.size,
            self.grant,
            self.non_financial,
            self.is_new,
            self.outcome_kinds,
        )


def _sum_of(queryset: QuerySet, field: str) -> Subquery:
    """The sum of ``field`` over ``queryset`` (already correlated to the outer row)."""
    return Subquery(
        queryset.order_by().annotate(total=Func(field, function="SUM")).values("total")[:1]
    )


def _supported_rows(projects: QuerySet[Project], as_of: date) -> QuerySet:
    """One row per enrolment supported by ``as_of`` (figures.supported_enrolments), in the
    order of its firm then its own: the firm, the day of its first acceptance, its coaching
    and consultant hours up to ``as_of``, whether it took an export-lab step and had trip money
    reimbursed by then. One query: each figure a correlated subquery on an indexed foreign key."""
    accepted = EnrolmentStatusChange.objects.filter(
        enrolment=OuterRef("pk"), to_status=EnrolmentStatus.ACCEPTED
    )
    enrolment = OuterRef("pk")
    return (
        Enrolment.objects.filter(accepted_by(as_of), project__in=projects)
        .annotate(
            supported_on=Subquery(accepted.order_by("on").values("on")[:1]),
            coached=_sum_of(
                CoachingSession.objects.filter(enrolment=enrolment, date__lte=as_of), "hours"
            ),
            consulted=_sum_of(
                TimesheetEntry.objects.filter(request__enrolment=enrolment, date__lte=as_of),
                "hours",
            ),
            stepped=Exists(
                ExportLabStep.objects.filter(track__enrolment=enrolment, entered_on__lte=as_of)
            ),
            granted=Exists(
                ExpenseClaim.objects.filter(
                    trip__enrolment=enrolment,
                    status=ClaimStatus.REIMBURSED,
                    reimbursed_on__lte=as_of,
                )
            ),
        )
        .order_by("organization__registry_id", "pk")
        .values_list(
            "pk",
            "organization__registry_id",
            "organization__size_class",
            "organization__region",
            "organization__founded_on",
            "supported_on",
            "coached",
            "consulted",
            "stepped",
            "granted",
        )
    )


def _firms(projects: QuerySet[Project], as_of: date) -> dict[str, Firm]:
    """The enterprises of the projects supported by ``as_of``, with their dated support: two
    queries, whatever the number of firms. A firm's size and region are those of its first
    enrolment."""
    firms: dict[str, Firm] = {}
    firm_of: dict[int, Firm] = {}
    for pk, registry_id, size, region, founded_on, supported_on, *support in _supported_rows(
        projects, as_of
    ):
        firm = firms.get(registry_id)
        if firm is None:
            firm = firms[registry_id] = Firm(
                registry_id, size, region or "", founded_on, supported_on
            )
        firm.supported_on = min(firm.supported_on, supported_on)
        coached, consulted, stepped, granted = support
        firm.hours += (coached or 0) + (consulted or 0)
        firm.non_financial |= coached is not None or consulted is not None or stepped
        firm.grant |= granted
        firm_of[pk] = firm
    kinds: dict[int, set[str]] = {}
    for pk, kind in (
        Outcome.objects.filter(
            accepted_by(as_of, "enrolment_id"),
            enrolment__project__in=projects,
            date__lte=as_of,
            verification=Verification.VERIFIED,
        )
        .order_by()
        .values_list("enrolment_id", "kind")
        .distinct()
    ):
        kinds.setdefault(id(firm_of[pk]), set()).add(kind)
    for firm in firms.values():
        firm.outcome_kinds = frozenset(kinds.get(id(firm), ()))
    return firms


def _counts(rule: str, outcome_kind: str, profile: tuple) -> bool:
    """Whether a firm of ``profile`` (Firm.profile; already past the support threshold)
    counts in an indicator."""
    _region, size, grant, non_financial, is_new, outcome_kinds = profile
    if rule == CountingRule.ENTERPRISES_SUPPORTED:
        return True
    if rule == CountingRule.GRANTS:
        return grant
    if rule == CountingRule.NON_FINANCIAL_SUPPORT:
        return non_financial
    if rule == CountingRule.NEW_ENTERPRISES:
        return is_new
    if rule == CountingRule.FIRMS_WITH_OUTCOME:
        return bool(outcome_kind) and outcome_kind in outcome_kinds
    if rule in SME_RULES and size not in SME_SIZES:
        return False
    return bool(outcome_kinds.intersection(OUTCOME_RULES.get(rule, ())))


def _indicator_row(use: ProgrammeIndicator, profiles: Counter, regions: set[str]) -> dict:
    """One indicator's row from the counted firms, as {profile: firms}."""
    indicator = use.indicator
    counted = [
        (profile, n)
        for profile, n in profiles.items()
        if _counts(indicator.counting_rule, indicator.outcome_kind, profile)
    ]
    by_region = dict.fromkeys(regions, 0)
    for (region, *_rest), n in counted:
        by_region[region] = by_region.get(region, 0) + n
    row = {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "rule": indicator.counting_rule,
        "common": indicator.programme_id is None,
        "achieved": sum(n for _profile, n in counted),
        "baseline": use.baseline,
        "targets": {
            str(target.year): {"milestone": target.milestone, "target": target.target}
            for target in use.targets.all()
        },
        "by_region": dict(sorted(by_region.items())),
    }
    if indicator.counting_rule == CountingRule.ENTERPRISES_SUPPORTED:
        row["by_size"] = {
            size: sum(n for (_region, of_size, *_rest), n in counted if of_size == size)
            for size in SIZES
        }
    return row


def programmes_reported(projects: QuerySet[Project], programme: Programme | None):
    """The programme asked for, or the programmes funding the projects, with their indicators
    and targets: three queries."""
    if programme is not None:
        programmes = Programme.objects.filter(pk=programme.pk)
    else:
        programmes = Programme.objects.filter(project_fundings__project__in=projects).distinct()
    uses = ProgrammeIndicator.objects.select_related("indicator").prefetch_related(
        Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year"))
    )
    return programmes.order_by("code").prefetch_related(Prefetch("indicators", queryset=uses))


def indicators(projects: QuerySet[Project], programme: Programme | None, as_of: date) -> dict:
    """``{"programmes": [...]}``: for the programme asked for, or else for each programme
    funding the projects, its period, threshold and indicators, each with ``code``, ``name``,
    ``unit``, ``rule``, ``common``, ``achieved``, ``baseline``, ``targets`` ({year: {"milestone",
    "target"}}), ``by_region`` ({region: firms}) and, for enterprises supported, ``by_size``.
    Only the indicators of the programme's own period are reported."""
    firms = _firms(projects, as_of)
    regions = named_regions(projects) | {firm.region for firm in firms.values()}
    sections = []
    for reported in programmes_reported(projects, programme):
        threshold = reported.min_support_hours
        counted = Counter(firm.profile() for firm in firms.values() if firm.hours >= threshold)
        uses = sorted(
            (use for use in reported.indicators.all() if use.indicator.period == reported.period),
            key=lambda use: (use.indicator.programme_id is not None, use.indicator.code),
        )
        sections.append(
            {
                "programme": reported.code,
                "period": reported.period,
                "min_support_hours": hours_figure(threshold),
                "nuts": {region: code for region in sorted(regions) if (code := nuts_code(region))},
                "indicators": [_indicator_row(use, counted, regions) for use in uses],
            }
        )
    return {"programmes": sections}


def achieved_by_code(figures: dict) -> dict[str, dict[str, int]]:
    """{programme code: {indicator code: achieved}} of an indicator report's figures."""
    return {
        section["programme"]: {row["code"]: row["achieved"] for row in section["indicators"]}
        for section in figures.get("programmes", [])
    }

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

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Min, Prefetch, Q, QuerySet, Sum

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
from projects.models import Enrolment, Project
from reports.selectors.figures import hours_figure, named_regions, supported_enrolments

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


def _supported_by(projects: QuerySet[Project], as_of: date) -> QuerySet[Enrolment]:
    """The enrolments supported by ``as_of`` (figures.supported_enrolments), each with
    ``supported_on``: the day of its first acceptance."""
    accepted = Q(status_changes__to_status=EnrolmentStatus.ACCEPTED)
    return supported_enrolments(projects, as_of).annotate(
        supported_on=Min("status_changes__on", filter=accepted)
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
    outcome_kinds: set[str] = field(default_factory=set)

    @property
    def is_sme(self) -> bool:
        return self.size in SME_SIZES

    @property
    def is_new(self) -> bool:
        if self.founded_on is None:
            return False
        return shift_years(self.founded_on, NEW_ENTERPRISE_YEARS) > self.supported_on


def _firms(projects: QuerySet[Project], as_of: date) -> dict[str, Firm]:
    """The enterprises of the projects supported by ``as_of``, with their dated support: six
    queries, whatever the number of firms."""
    supported = _supported_by(projects, as_of)
    firms: dict[str, Firm] = {}
    rows = supported.order_by("organization__registry_id", "pk").values_list(
        "organization__registry_id",
        "organization__size_class",
        "organization__region",
        "organization__founded_on",
        "supported_on",
    )
    for registry_id, size, region, founded_on, supported_on in rows:
        firm = firms.get(registry_id)
        if firm is None:
            firms[registry_id] = Firm(registry_id, size, region or "", founded_on, supported_on)
        else:
            firm.supported_on = min(firm.supported_on, supported_on)
    enrolment_ids = supported.values("pk")
    firm_of = "enrolment__organization__registry_id"
    for registry_id, hours in (
        CoachingSession.objects.filter(enrolment__in=enrolment_ids, date__lte=as_of)
        .values_list(firm_of)
        .annotate(h=Sum("hours"))
    ):
        firms[registry_id].hours += hours or 0
        firms[registry_id].non_financial = True
    for registry_id, hours in (
        TimesheetEntry.objects.filter(request__enrolment__in=enrolment_ids, date__lte=as_of)
        .values_list(f"request__{firm_of}")
        .annotate(h=Sum("hours"))
    ):
        firms[registry_id].hours += hours or 0
        firms[registry_id].non_financial = True
    for registry_id in ExportLabStep.objects.filter(
        track__enrolment__in=enrolment_ids, entered_on__lte=as_of
    ).values_list(f"track__{firm_of}", flat=True):
        firms[registry_id].non_financial = True
    for registry_id in ExpenseClaim.objects.filter(
        trip__enrolment__in=enrolment_ids,
        status=ClaimStatus.REIMBURSED,
        reimbursed_on__lte=as_of,
    ).values_list(f"trip__{firm_of}", flat=True):
        firms[registry_id].grant = True
    for registry_id, kind in (
        Outcome.objects.filter(
            enrolment__in=enrolment_ids, date__lte=as_of, verification=Verification.VERIFIED
        )
        .values_list(firm_of, "kind")
        .distinct()
    ):
        firms[registry_id].outcome_kinds.add(kind)
    return firms


def _counts(rule: str, outcome_kind: str, firm: Firm) -> bool:
    """Whether ``firm`` (already past the support threshold) counts in an indicator."""
    if rule == CountingRule.ENTERPRISES_SUPPORTED:
        return True
    if rule == CountingRule.GRANTS:
        return firm.grant
    if rule == CountingRule.NON_FINANCIAL_SUPPORT:
        return firm.non_financial
    if rule == CountingRule.NEW_ENTERPRISES:
        return firm.is_new
    if rule == CountingRule.FIRMS_WITH_OUTCOME:
        return bool(outcome_kind) and outcome_kind in firm.outcome_kinds
    if rule in SME_RULES and not firm.is_sme:
        return False
    return bool(firm.outcome_kinds.intersection(OUTCOME_RULES.get(rule, ())))


def _indicator_row(use: ProgrammeIndicator, counted: list[Firm], regions: set[str]) -> dict:
    indicator = use.indicator
    firms = [
        firm for firm in counted if _counts(indicator.counting_rule, indicator.outcome_kind, firm)
    ]
    by_region = dict.fromkeys(regions, 0)
    for firm in firms:
        by_region[firm.region] = by_region.get(firm.region, 0) + 1
    row = {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "rule": indicator.counting_rule,
        "common": indicator.programme_id is None,
        "achieved": len(firms),
        "baseline": use.baseline,
        "targets": {
            str(target.year): {"milestone": target.milestone, "target": target.target}
            for target in use.targets.all()
        },
        "by_region": dict(sorted(by_region.items())),
    }
    if indicator.counting_rule == CountingRule.ENTERPRISES_SUPPORTED:
        row["by_size"] = {size: sum(1 for f in firms if f.size == size) for size in SIZES}
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
        counted = [firm for firm in firms.values() if firm.hours >= threshold]
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

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
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Min, QuerySet

from clusters.dates import shift_years
from clusters.models import CountingRule, Programme
from internationalization.choices import OutcomeKind
from members.choices import SizeClass
from members.nuts import nuts_code
from projects.choices import EnrolmentStatus
from projects.models import EnrolmentStatusChange, Project, ProjectFunding
from reports.selectors import statements
from reports.selectors.figures import hours_figure, named_regions
from reports.selectors.statements import GRANTED, KINDS_MASK, STEPPED

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
#: Every outcome kind, in a fixed order: bit i of a firm's kinds mask is KINDS[i].
KINDS = tuple(OutcomeKind.values)
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
    def is_new(self) -> bool:
        if self.founded_on is None:
            return False
        return shift_years(self.founded_on, NEW_ENTERPRISE_YEARS) > self.supported_on

    def profile(self, kinds_read: frozenset[str]) -> tuple:
        """What the rules and the breakdowns read, hours aside, of the outcome kinds only those
        some rule reads: firms of one profile count alike, so the rules run once per profile,
        not once per firm."""
        return (
            self.region,
            self.size,
            self.grant,
            self.non_financial,
            self.is_new,
            self.outcome_kinds & kinds_read,
        )


def _supported(projects: QuerySet[Project], as_of: date) -> QuerySet:
    """Each enrolment supported by ``as_of`` (figures.supported_enrolments) with its firm and
    the day of its first acceptance, in the order of the enrolments: one grouped query over
    the acceptances, no subquery per row."""
    return (
        EnrolmentStatusChange.objects.filter(
            to_status=EnrolmentStatus.ACCEPTED, enrolment__project__in=projects
        )
        .values_list(
            "enrolment_id",
            "enrolment__organization__registry_id",
            "enrolment__organization__size_class",
            "enrolment__organization__region",
            "enrolment__organization__founded_on",
        )
        .annotate(supported_on=Min("on"))
        .filter(supported_on__lte=as_of)
        .order_by("enrolment_id")
    )


def _firms(projects: QuerySet[Project], as_of: date, kinds_read: frozenset[str]) -> dict[str, Firm]:
    """The enterprises of the projects supported by ``as_of``, with their dated support: two
    queries, whatever the number of firms. A firm's size and region are those of its first
    enrolment."""
    firms: dict[str, Firm] = {}
    firm_of: dict[int, Firm] = {}
    for pk, registry_id, size, region, founded_on, supported_on in _supported(projects, as_of):
        firm = firms.get(registry_id)
        if firm is None:
            firm = firms[registry_id] = Firm(
                registry_id, size, region or "", founded_on, supported_on
            )
        firm.supported_on = min(firm.supported_on, supported_on)
        firm_of[pk] = firm
    masks: dict[str, int] = {}
    kind_bits = {kind: 1 << bit for bit, kind in enumerate(KINDS) if kind in kinds_read}
    for pk, what, value in statements.enrolment_activities(projects, as_of, kind_bits):
        if (firm := firm_of.get(pk)) is None:
            continue
        if what == KINDS_MASK:
            masks[firm.registry_id] = masks.get(firm.registry_id, 0) | int(value)
        elif what == GRANTED:
            firm.grant = True
        else:
            firm.non_financial = True
            if what != STEPPED:
                firm.hours += value
    kinds_of = _kinds_of_masks(set(masks.values()))
    for registry_id, mask in masks.items():
        firms[registry_id].outcome_kinds = kinds_of[mask]
    return firms


def _kinds_of_masks(masks: set[int]) -> dict[int, frozenset[str]]:
    return {
        mask: frozenset(kind for bit, kind in enumerate(KINDS) if mask & (1 << bit))
        for mask in masks
    }


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


@dataclass
class Use:
    """One indicator a programme reports on: the catalogue's row, as the report reads it."""

    code: str
    name: str
    unit: str
    rule: str
    outcome_kind: str
    common: bool
    baseline: int
    targets: dict[str, dict] = field(default_factory=dict)  # {year: {"milestone", "target"}}


@dataclass
class Reported:
    """A programme reported on, with the indicators of its own period in the report's order."""

    code: str
    period: str
    min_support_hours: Decimal
    uses: list[Use] = field(default_factory=list)


def _indicator_row(use: Use, profiles: Counter, regions: set[str]) -> dict:
    """One indicator's row from the counted firms, as {profile: firms}."""
    counted = [
        (profile, n)
        for profile, n in profiles.items()
        if _counts(use.rule, use.outcome_kind, profile)
    ]
    by_region = dict.fromkeys(regions, 0)
    for (region, *_rest), n in counted:
        by_region[region] = by_region.get(region, 0) + n
    row = {
        "code": use.code,
        "name": use.name,
        "unit": use.unit,
        "rule": use.rule,
        "common": use.common,
        "achieved": sum(n for _profile, n in counted),
        "baseline": use.baseline,
        "targets": dict(use.targets),
        "by_region": dict(sorted(by_region.items())),
    }
    if use.rule == CountingRule.ENTERPRISES_SUPPORTED:
        row["by_size"] = {
            size: sum(n for (_region, of_size, *_rest), n in counted if of_size == size)
            for size in SIZES
        }
    return row


def _kinds_read(uses: list[Use]) -> frozenset[str]:
    """The outcome kinds some indicator of ``uses`` reads."""
    kinds: set[str] = set()
    for use in uses:
        kinds.update(OUTCOME_RULES.get(use.rule, ()))
        if use.rule == CountingRule.FIRMS_WITH_OUTCOME:
            kinds.add(use.outcome_kind)
    return frozenset(kinds)


# The catalogue's columns: the programme, then its indicator use (None for a programme without
# one), then a target of the use (None for a use without one).
CATALOGUE = (
    "pk",
    "code",
    "period",
    "min_support_hours",
    "indicators__pk",
    "indicators__indicator__code",
    "indicators__indicator__name",
    "indicators__indicator__unit",
    "indicators__indicator__counting_rule",
    "indicators__indicator__outcome_kind",
    "indicators__indicator__programme_id",
    "indicators__indicator__period",
    "indicators__baseline",
    "indicators__targets__year",
    "indicators__targets__milestone",
    "indicators__targets__target",
)


def programmes_reported(projects: QuerySet[Project], programme: Programme | None) -> list[Reported]:
    """The programme asked for, or the programmes funding the projects, by code, each with the
    indicators of its own period (common ones first, then by code) and their targets by year:
    one query, a row per target (outer joins keep a programme without indicators and an
    indicator without targets)."""
    if programme is not None:
        programmes = Programme.objects.filter(pk=programme.pk)
    else:
        funding = ProjectFunding.objects.filter(project__in=projects).values("programme_id")
        programmes = Programme.objects.filter(pk__in=funding)
    reported: dict[int, Reported] = {}
    uses: dict[int, Use] = {}
    for row in programmes.values_list(*CATALOGUE).order_by(
        "code", "indicators__pk", "indicators__targets__year"
    ):
        pk, code, period, threshold, use_pk, *indicator, use_period, baseline = row[:13]
        if (section := reported.get(pk)) is None:
            section = reported[pk] = Reported(code, period, threshold)
        if use_pk is None or use_period != period:
            continue
        if (use := uses.get(use_pk)) is None:
            code_, name, unit, rule, outcome_kind, own = indicator
            use = uses[use_pk] = Use(code_, name, unit, rule, outcome_kind, own is None, baseline)
            section.uses.append(use)
        year, milestone, target = row[13:]
        if year is not None:
            use.targets[str(year)] = {"milestone": milestone, "target": target}
    for section in reported.values():
        section.uses.sort(key=lambda use: (not use.common, use.code))
    return list(reported.values())


def indicators(projects: QuerySet[Project], programme: Programme | None, as_of: date) -> dict:
    """``{"programmes": [...]}``: for the programme asked for, or else for each programme
    funding the projects, its period, threshold and indicators, each with ``code``, ``name``,
    ``unit``, ``rule``, ``common``, ``achieved``, ``baseline``, ``targets`` ({year: {"milestone",
    "target"}}), ``by_region`` ({region: firms}) and, for enterprises supported, ``by_size``.
    Only the indicators of the programme's own period are reported."""
    catalogue = programmes_reported(projects, programme)
    # Only the outcome kinds some reported indicator reads are read at all.
    firms = _firms(projects, as_of, _kinds_read([u for each in catalogue for u in each.uses]))
    regions = named_regions(projects) | {firm.region for firm in firms.values()}
    sections = []
    for reported in catalogue:
        threshold = reported.min_support_hours
        kinds_read = _kinds_read(reported.uses)
        counted = Counter(
            firm.profile(kinds_read) for firm in firms.values() if firm.hours >= threshold
        )
        sections.append(
            {
                "programme": reported.code,
                "period": reported.period,
                "min_support_hours": hours_figure(threshold),
                "nuts": {region: code for region in sorted(regions) if (code := nuts_code(region))},
                "indicators": [_indicator_row(use, counted, regions) for use in reported.uses],
            }
        )
    return {"programmes": sections}


def achieved_by_code(figures: dict) -> dict[str, dict[str, int]]:
    """{programme code: {indicator code: achieved}} of an indicator report's figures."""
    return {
        section["programme"]: {row["code"]: row["achieved"] for row in section["indicators"]}
        for section in figures.get("programmes", [])
    }

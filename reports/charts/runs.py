"""Charts and tables of a report run, built from its figures (reports.selectors.figures and
reports.selectors.indicators output).

The figures a page gets may be suppressed for a funder (reports.suppression: a breakdown cell
of fewer than three firms becomes a marker): tables say "suppressed" there, and charts draw only
headline figures, which are never suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from internationalization.choices import ExportLabStage
from members.choices import SizeClass
from projects.choices import DropoutPhase
from reports.charts import builders as charts
from reports.models import ReportKind
from reports.suppression import is_suppressed

LABELS = {
    # participation
    "firms_applied": gettext_lazy("Firms applied"),
    "firms_interviewed": gettext_lazy("Firms interviewed"),
    "firms_accepted": gettext_lazy("Firms accepted"),
    "firms_rejected": gettext_lazy("Firms rejected"),
    "firms_active": gettext_lazy("Firms active"),
    "firms_completed": gettext_lazy("Firms through the whole process"),
    "firms_dropped": gettext_lazy("Firms dropped out"),
    "firms_supported": gettext_lazy("Firms supported"),
    "target_firms": gettext_lazy("Target: firms to involve"),
    "target_completed": gettext_lazy("Target: firms through the whole process"),
    "coaching_hours_allotted": gettext_lazy("Coaching hours allotted"),
    "coaching_hours_used": gettext_lazy("Coaching hours used"),
    "workshop_attendances": gettext_lazy("Workshop attendances"),
    "timbank_hours_pool": gettext_lazy("Timbank hours in the pool"),
    "timbank_hours_approved": gettext_lazy("Timbank hours approved"),
    "timbank_hours_used": gettext_lazy("Timbank hours used"),
    "timbank_decision_days_median": gettext_lazy("Median days to a timbank decision"),
    "timbank_requests_pending": gettext_lazy("Timbank requests waiting"),
    "trips_done": gettext_lazy("Trips done"),
    "firms_at_risk": gettext_lazy("Active firms with no activity in 60 days"),
    # outcomes
    "firms_with_international_contacts": gettext_lazy(
        "Firms with international contacts or partners"
    ),
    "firms_with_new_customers": gettext_lazy("Firms with new customers"),
    "firms_with_prototypes": gettext_lazy("Firms with prototypes"),
    "units_sold": gettext_lazy("Units sold"),
    "markets_entered": gettext_lazy("Markets entered"),
}

SHARED_COUNTS = (
    "firms_with_international_contacts",
    "firms_with_new_customers",
    "firms_with_prototypes",
)
SIZE_LABELS = {
    SizeClass.MICRO: gettext_lazy("micro"),
    SizeClass.SMALL: gettext_lazy("small"),
    SizeClass.MEDIUM: gettext_lazy("medium"),
    SizeClass.LARGE: gettext_lazy("large"),
}


@dataclass(frozen=True)
class Breakdown:
    """A small table of the report: one row per region, phase or stage."""

    title: str
    headers: list[str]
    rows: list[list]


@dataclass(frozen=True)
class FigureTables:
    headline: list[tuple[str, object]]
    breakdowns: list[Breakdown]


def show(value) -> str:
    """A figure as text: numbers localized, nothing as a dash, a suppressed cell said so."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, float):
        # number_format cuts extra decimals off: round them first.
        value = round(value, 2)
        return number_format(value, decimal_pos=2 if value % 1 else 0, force_grouping=True)
    if is_suppressed(value):
        return _("suppressed")
    return str(value)


def percent(share) -> str:
    if not isinstance(share, int | float):
        return show(share)
    return f"{number_format(round(share * 100, 1), decimal_pos=1)} %"


def _count(value) -> int:
    """Headline counts are numbers; a cell that is not (suppressed) draws as zero."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else 0


def _in_process_order(cells: dict | None, order: list[str]) -> list[tuple[str, object]]:
    """Breakdown cells in the order of the process (intake before coaching ...), not of
    their codes; a code the process does not know comes last."""
    rank = {code: index for index, code in enumerate(order)}
    return sorted((cells or {}).items(), key=lambda item: (rank.get(item[0], len(rank)), item[0]))


def _phase_label(phase: str) -> str:
    return str(DropoutPhase(phase).label) if phase in DropoutPhase.values else phase


def _stage_label(stage: str) -> str:
    return str(ExportLabStage(stage).label) if stage in ExportLabStage.values else stage


# Charts -------------------------------------------------------------------------------------


def funnel(figures: dict, element_id: str) -> charts.Chart | None:
    active_or_completed = _count(figures.get("firms_active")) + _count(
        figures.get("firms_completed")
    )
    steps = [
        (_("Applied"), _count(figures.get("firms_applied"))),
        (_("Interviewed"), _count(figures.get("firms_interviewed"))),
        (_("Accepted"), _count(figures.get("firms_accepted"))),
        (_("Active or completed"), active_or_completed),
        (_("Completed"), _count(figures.get("firms_completed"))),
    ]
    return charts.funnel_chart(element_id, _("Participation funnel"), steps, _("Firms"))


def hours(figures: dict, element_id: str) -> charts.Chart | None:
    return charts.grouped_bar_chart(
        element_id,
        _("Hours used against allotted"),
        [_("Coaching"), _("Timbank")],
        [
            (
                _("Allotted or in the pool"),
                [figures.get("coaching_hours_allotted"), figures.get("timbank_hours_pool")],
            ),
            (_("Approved"), [None, figures.get("timbank_hours_approved")]),
            (
                _("Used"),
                [figures.get("coaching_hours_used"), figures.get("timbank_hours_used")],
            ),
        ],
        _("Hours"),
    )


def outcome_bars(figures: dict, element_id: str) -> charts.Chart | None:
    """Firms with each outcome, labelled with their share of the firms supported; the axis
    runs to the firms supported, so a bar reads as a part of the whole."""
    supported = _count(figures.get("firms_supported"))
    rows = [(str(LABELS[name]), _count(figures.get(name))) for name in SHARED_COUNTS]
    if not supported and not any(count for _label, count in rows):
        return None
    shares = [percent(figures.get(f"share_{name}")) for name in SHARED_COUNTS]
    figure = charts.go.Figure(
        charts.go.Bar(
            x=[count for _label, count in rows],
            y=[label for label, _count in rows],
            orientation="h",
            marker={"color": charts.PALETTE[5]},
            text=[
                f"{count} ({share})" for (_label, count), share in zip(rows, shares, strict=True)
            ],
            textposition="auto",
            hovertemplate="%{y}: %{x}<extra></extra>",
        ),
        layout=charts.base_layout(height=220),
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(
        showgrid=True,
        gridcolor=charts.GRID,
        range=[0, max(supported, *(count for _label, count in rows), 1)],
        **charts.whole_number_ticks(max(supported, 1)),
    )
    title = _("Outcomes among the %(count)s firms supported") % {"count": supported}
    return charts.as_chart(element_id, title, figure, rows, _("Firms"))


def _target_of(row: dict, year: str) -> dict:
    return (row.get("targets") or {}).get(year) or {}


def indicator_bars(section: dict, element_id: str, year: str) -> charts.Chart | None:
    """One programme's indicators: achieved against the target of the as-of year."""
    rows = section.get("indicators") or []
    codes = [row.get("code", "") for row in rows]
    return charts.grouped_bar_chart(
        element_id,
        _("Indicators of %(programme)s (enterprises)") % {"programme": section.get("programme")},
        codes,
        [
            (_("Achieved"), [_count(row.get("achieved")) for row in rows]),
            (
                _("Target %(year)s") % {"year": year},
                [_target_of(row, year).get("target") for row in rows],
            ),
        ],
        _("Enterprises"),
    )


def charts_of(kind: str, figures: dict, suffix: str, as_of: str = "") -> list[charts.Chart]:
    """The charts of one run's figures; ``suffix`` keeps element ids unique on a page."""
    if kind == ReportKind.PARTICIPATION:
        built = [funnel(figures, f"chart-funnel-{suffix}"), hours(figures, f"chart-hours-{suffix}")]
    elif kind == ReportKind.OUTCOMES:
        built = [outcome_bars(figures, f"chart-outcomes-{suffix}")]
    else:
        year = as_of[:4]
        built = [
            indicator_bars(section, f"chart-indicators-{suffix}" + (f"-{i}" if i else ""), year)
            for i, section in enumerate(figures.get("programmes") or [])
        ]
    return [chart for chart in built if chart is not None]


# Tables -------------------------------------------------------------------------------------


def tables_of(kind: str, figures: dict, as_of: str = "") -> FigureTables:
    """Every figure of a run, as rows of (label, text) and small breakdown tables; ``as_of``
    (ISO) says which year's milestones and targets an indicator report shows."""
    if kind == ReportKind.PARTICIPATION:
        return _participation_tables(figures)
    if kind == ReportKind.OUTCOMES:
        return _outcome_tables(figures)
    return _indicator_tables(figures, as_of[:4])


def _headline(figures: dict, names) -> list[tuple[str, str]]:
    return [(str(LABELS.get(name, name)), show(figures.get(name))) for name in names]


def _participation_tables(figures: dict) -> FigureTables:
    names = [
        name
        for name in figures
        if name not in ("by_region", "dropouts_by_phase", "export_lab_stage_counts")
    ]
    ordered = [name for name in LABELS if name in names] + sorted(
        name for name in names if name not in LABELS
    )
    regions = figures.get("by_region") or []
    return FigureTables(
        headline=_headline(figures, ordered),
        breakdowns=[
            Breakdown(
                _("By region"),
                [_("Region"), _("Firms supported"), _("Firms through the whole process")],
                [
                    [
                        row.get("region") or _("no region"),
                        show(row.get("firms_supported")),
                        show(row.get("firms_completed")),
                    ]
                    for row in regions
                ],
            ),
            Breakdown(
                _("Dropouts by phase"),
                [_("Phase"), _("Firms")],
                [
                    [_phase_label(phase), show(count)]
                    for phase, count in _in_process_order(
                        figures.get("dropouts_by_phase"), DropoutPhase.values
                    )
                ],
            ),
            Breakdown(
                _("Firms per export-lab stage"),
                [_("Stage"), _("Firms")],
                [
                    [_stage_label(stage), show(count)]
                    for stage, count in _in_process_order(
                        figures.get("export_lab_stage_counts"), ExportLabStage.values
                    )
                ],
            ),
        ],
    )


def _outcome_tables(figures: dict) -> FigureTables:
    rows = [(str(LABELS["firms_supported"]), show(figures.get("firms_supported")))]
    for name in SHARED_COUNTS:
        share = percent(figures.get(f"share_{name}"))
        rows.append((str(LABELS[name]), f"{show(figures.get(name))} ({share})"))
    rows.append((str(LABELS["units_sold"]), show(figures.get("units_sold"))))
    markets = figures.get("markets_entered") or []
    names = ", ".join(f"{countries.name(code) or code} ({code})" for code in markets)
    rows.append((str(LABELS["markets_entered"]), names or "—"))
    return FigureTables(headline=rows, breakdowns=[])


def _indicator_tables(figures: dict, year: str) -> FigureTables:
    """Per programme: each indicator's code, name, achieved, milestone and target of the as-of
    year and baseline; enterprises supported by size class; each indicator by region."""
    headline, breakdowns = [], []
    for section in figures.get("programmes") or []:
        programme, rows = section.get("programme", ""), section.get("indicators") or []
        hours = show(section.get("min_support_hours"))
        headline.append(
            (
                str(programme),
                _("%(period)s catalogue, from %(hours)s h of support")
                % {"period": section.get("period"), "hours": hours},
            )
        )
        breakdowns.append(
            Breakdown(
                _("Indicators of %(programme)s") % {"programme": programme},
                [
                    _("Code"),
                    _("Indicator"),
                    _("Achieved"),
                    _("Milestone %(year)s") % {"year": year},
                    _("Target %(year)s") % {"year": year},
                    _("Baseline"),
                ],
                [
                    [
                        row.get("code"),
                        row.get("name"),
                        show(row.get("achieved")),
                        show(_target_of(row, year).get("milestone")),
                        show(_target_of(row, year).get("target")),
                        show(row.get("baseline")),
                    ]
                    for row in rows
                ],
            )
        )
        for row in rows:
            if "by_size" in row:
                breakdowns.append(
                    Breakdown(
                        _("%(code)s by size class") % {"code": row.get("code")},
                        [_("Size class"), _("Enterprises")],
                        [
                            [str(SIZE_LABELS.get(size, size)), show(count)]
                            for size, count in row["by_size"].items()
                        ],
                    )
                )
        regions = sorted({region for row in rows for region in row.get("by_region") or {}})
        nuts = section.get("nuts") or {}
        if rows and regions:
            breakdowns.append(
                Breakdown(
                    _("Indicators of %(programme)s by region (NUTS)") % {"programme": programme},
                    [_("Region"), *(row.get("code") for row in rows)],
                    [
                        [
                            f"{region or _('no region')} ({nuts[region]})"
                            if region in nuts
                            else region or _("no region"),
                            *(show((row.get("by_region") or {}).get(region)) for row in rows),
                        ]
                        for region in regions
                    ],
                )
            )
    return FigureTables(headline=headline, breakdowns=breakdowns)

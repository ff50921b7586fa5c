"""Charts and tables of a report run, built from its figures (reports.selectors.figures output).

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
    # indicators
    "RCO01": gettext_lazy("RCO01 enterprises supported"),
    "RCO04": gettext_lazy("RCO04 enterprises with non-financial support"),
    "RCO10": gettext_lazy("RCO10 enterprises cooperating with research organisations"),
    "RCR03": gettext_lazy("RCR03 SMEs introducing product or process innovation"),
    "min_support_hours": gettext_lazy("Minimum support counted (hours)"),
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


def indicator_bars(figures: dict, element_id: str) -> charts.Chart | None:
    rco01 = figures.get("RCO01") or {}
    counts = [
        ("RCO01", _count(rco01.get("total"))),
        ("RCO04", _count(figures.get("RCO04"))),
        ("RCO10", _count(figures.get("RCO10"))),
        ("RCR03", _count(figures.get("RCR03"))),
    ]
    if not any(count for _label, count in counts):
        return None
    return charts.horizontal_bar_chart(
        element_id, _("Common indicators (enterprises)"), counts, _("Enterprises")
    )


def charts_of(kind: str, figures: dict, suffix: str) -> list[charts.Chart]:
    """The charts of one run's figures; ``suffix`` keeps element ids unique on a page."""
    if kind == ReportKind.PARTICIPATION:
        built = [funnel(figures, f"chart-funnel-{suffix}"), hours(figures, f"chart-hours-{suffix}")]
    elif kind == ReportKind.OUTCOMES:
        built = [outcome_bars(figures, f"chart-outcomes-{suffix}")]
    else:
        built = [indicator_bars(figures, f"chart-indicators-{suffix}")]
    return [chart for chart in built if chart is not None]


# Tables -------------------------------------------------------------------------------------


def tables_of(kind: str, figures: dict) -> FigureTables:
    """Every figure of a run, as rows of (label, text) and small breakdown tables."""
    if kind == ReportKind.PARTICIPATION:
        return _participation_tables(figures)
    if kind == ReportKind.OUTCOMES:
        return _outcome_tables(figures)
    return _indicator_tables(figures)


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


def _indicator_tables(figures: dict) -> FigureTables:
    rco01 = figures.get("RCO01") or {}
    rows = [(str(LABELS["RCO01"]), show(rco01.get("total")))]
    rows += [
        (f"{LABELS['RCO01']}: {label}", show(rco01.get(size)))
        for size, label in SIZE_LABELS.items()
    ]
    rows += _headline(figures, ["RCO04", "RCO10", "RCR03", "min_support_hours"])
    return FigureTables(headline=rows, breakdowns=[])

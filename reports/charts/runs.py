"""Charts and tables of a report run, built from its figures (reports.selectors.figures and
reports.selectors.indicators output).

The figures a page gets may be suppressed for a funder (reports.suppression: a breakdown cell
of fewer than three firms becomes a marker, a country of fewer than three firms folds into one
hidden "other" entry): tables say "suppressed" there, and charts draw only headline figures,
which are never suppressed. Every code is named through reports.labels, as in the downloads.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from internationalization.choices import ExportLabStage
from members.choices import SizeClass
from projects.choices import DropoutPhase
from reports.charts import builders as charts
from reports.labels import FIGURE_LABELS, country_label, figure_label, key_label
from reports.models import ReportKind
from reports.suppression import COUNTRY_LISTS, OTHER_COUNTRIES, is_suppressed

SHARED_COUNTS = (
    "firms_with_international_contacts",
    "firms_with_new_customers",
    "firms_with_new_retailers",
    "firms_with_prototypes",
    "firms_with_products_launched",
    "firms_in_follow_up_programmes",
)
SIZES = (SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM, SizeClass.LARGE)


@dataclass(frozen=True)
class Breakdown:
    """A small table of the report: one row per region, phase or stage. ``text_columns``
    hold words, not numbers (aligned left, wrapped); a ``wide`` table takes the page's width."""

    title: str
    headers: list[str]
    rows: list[list]
    text_columns: tuple[int, ...] = ()
    wide: bool = False


@dataclass(frozen=True)
class FigureTables:
    headline: list[tuple[str, object]]
    breakdowns: list[Breakdown]

    @property
    def wide_breakdowns(self) -> list[Breakdown]:
        return [breakdown for breakdown in self.breakdowns if breakdown.wide]

    @property
    def narrow_breakdowns(self) -> list[Breakdown]:
        return [breakdown for breakdown in self.breakdowns if not breakdown.wide]


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
            (_("Confirmed"), [figures.get("coaching_hours_confirmed"), None]),
        ],
        _("Hours"),
    )


def outcome_bars(figures: dict, element_id: str) -> charts.Chart | None:
    """Firms with each outcome, labelled with their share of the firms supported; the axis
    runs to the firms supported, so a bar reads as a part of the whole."""
    supported = _count(figures.get("firms_supported"))
    rows = [(figure_label(name), _count(figures.get(name))) for name in SHARED_COUNTS]
    if not supported and not any(count for _label, count in rows):
        return None
    shares = [percent(figures.get(f"share_{name}")) for name in SHARED_COUNTS]
    figure = charts.go.Figure(
        charts.go.Bar(
            x=[count for _label, count in rows],
            y=[str(label) for label, _count in rows],
            orientation="h",
            marker={"color": charts.PALETTE[5]},
            text=[
                f"{count} ({share})" for (_label, count), share in zip(rows, shares, strict=True)
            ],
            textposition="auto",
            hovertemplate="%{y}: %{x}<extra></extra>",
        ),
        layout=charts.base_layout(height=320),
    )
    figure.update_yaxes(autorange="reversed")
    charts.wrap_ticks(figure, [str(label) for label, _count in rows])
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


def _final_target(row: dict) -> tuple[str, object]:
    """The indicator's last target: (its year, the number), or ("", None) without one."""
    years = [
        year
        for year, values in (row.get("targets") or {}).items()
        if values.get("target") is not None
    ]
    if not years:
        return "", None
    year = max(years)
    return year, row["targets"][year]["target"]


def indicator_bars(section: dict, element_id: str, year: str) -> charts.Chart | None:
    """One programme's indicators: achieved against the milestone of the as-of year and the
    final target."""
    rows = section.get("indicators") or []
    codes = [row.get("code", "") for row in rows]
    return charts.grouped_bar_chart(
        element_id,
        _("Indicators of %(programme)s (enterprises)") % {"programme": section.get("programme")},
        codes,
        [
            (_("Achieved"), [_count(row.get("achieved")) for row in rows]),
            (
                _("Milestone %(year)s") % {"year": year},
                [_target_of(row, year).get("milestone") for row in rows],
            ),
            (_("Final target"), [_final_target(row)[1] for row in rows]),
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
    return [(figure_label(name), show(figures.get(name))) for name in names]


def _country_name(code: str) -> str:
    if code == OTHER_COUNTRIES:
        return country_label(code)
    return f"{country_label(code) or code} ({code})"


def _country_text(countries) -> str:
    """A country list in one cell: the names of a list of codes (older runs), a suppressed
    list said so, nothing as a dash."""
    if isinstance(countries, list):
        return ", ".join(_country_name(code) for code in countries) or "—"
    return show(countries)


def _country_table(name: str, countries: dict) -> Breakdown:
    """A country list ``{code: firms}`` as a table, the countries left out of a funder's view
    last."""
    ordered = sorted(countries.items(), key=lambda item: (item[0] == OTHER_COUNTRIES, item[0]))
    return Breakdown(
        figure_label(name),
        [_("Country"), _("Firms")],
        [[_country_name(code), show(count)] for code, count in ordered],
    )


def _country_parts(figures: dict, names) -> tuple[list[tuple[str, str]], list[Breakdown]]:
    """The country lists among ``names``: a table each when they count firms per country,
    else a headline row."""
    headline, tables = [], []
    for name in names:
        countries = figures.get(name)
        if isinstance(countries, dict) and not is_suppressed(countries):
            tables.append(_country_table(name, countries))
        else:
            headline.append((figure_label(name), _country_text(countries)))
    return headline, tables


def _participation_tables(figures: dict) -> FigureTables:
    breakdowns = (
        "by_region",
        "by_cohort",
        "dropouts_by_phase",
        "export_lab_stage_counts",
        *COUNTRY_LISTS,
    )
    names = [name for name in figures if name not in breakdowns]
    ordered = [name for name in FIGURE_LABELS if name in names] + sorted(
        name for name in names if name not in FIGURE_LABELS
    )
    country_rows, country_tables = _country_parts(
        figures, [name for name in COUNTRY_LISTS if name in figures]
    )
    regions = figures.get("by_region") or []
    cohorts = figures.get("by_cohort") or []
    return FigureTables(
        headline=_headline(figures, ordered) + country_rows,
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
                _("By cohort"),
                [_("Cohort"), _("Firms supported"), _("Firms through the whole process")],
                [
                    [
                        key_label("by_cohort", row.get("cohort")),
                        show(row.get("firms_supported")),
                        show(row.get("firms_completed")),
                    ]
                    for row in cohorts
                ],
            ),
            Breakdown(
                _("Dropouts by phase"),
                [_("Phase"), _("Firms")],
                [
                    [key_label("dropouts_by_phase", phase), show(count)]
                    for phase, count in _in_process_order(
                        figures.get("dropouts_by_phase"), DropoutPhase.values
                    )
                ],
            ),
            Breakdown(
                _("Firms per export-lab stage"),
                [_("Stage"), _("Firms")],
                [
                    [key_label("export_lab_stage_counts", stage), show(count)]
                    for stage, count in _in_process_order(
                        figures.get("export_lab_stage_counts"), ExportLabStage.values
                    )
                ],
            ),
            *country_tables,
        ],
    )


def _outcome_tables(figures: dict) -> FigureTables:
    rows = [(figure_label("firms_supported"), show(figures.get("firms_supported")))]
    for name in SHARED_COUNTS:
        share = percent(figures.get(f"share_{name}"))
        rows.append((figure_label(name), f"{show(figures.get(name))} ({share})"))
    rows.append((figure_label("units_sold"), show(figures.get("units_sold"))))
    country_rows, country_tables = _country_parts(figures, ["markets_entered"])
    return FigureTables(headline=rows + country_rows, breakdowns=country_tables)


def _final_target_text(row: dict) -> str:
    year, target = _final_target(row)
    return f"{show(target)} ({year})" if year else "—"


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
                    _("Final target"),
                    _("Baseline"),
                ],
                [
                    [
                        row.get("code"),
                        row.get("name"),
                        show(row.get("achieved")),
                        show(_target_of(row, year).get("milestone")),
                        show(_target_of(row, year).get("target")),
                        _final_target_text(row),
                        show(row.get("baseline")),
                    ]
                    for row in rows
                ],
                text_columns=(1,),
                wide=True,
            )
        )
        for row in rows:
            if "by_size" in row:
                breakdowns.append(
                    Breakdown(
                        _("%(code)s by size class") % {"code": row.get("code")},
                        [_("Size class"), _("Enterprises")],
                        [
                            [key_label("RCO01", size), show(count)]
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
                    wide=True,
                )
            )
    return FigureTables(headline=headline, breakdowns=breakdowns)

"""Plotly figures of the report pages, built from selector output.

Each chart is a ``Chart``: the figure as a plain dict {data, layout, config} that the page
embeds with ``json_script`` and static/js/charts.js hands to ``Plotly.newPlot``; plotly.js
itself comes from our static files (vendor/plotly), never from a CDN. The rows are the same
numbers as a table, for screen readers and for browsers without JavaScript.
"""

from __future__ import annotations

import json
import math
import textwrap
from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go
from django.utils import formats
from django.utils.html import escape
from django.utils.translation import gettext as _

PALETTE = ["#1f4e79", "#2f7dc1", "#67a9de", "#9fd3ff", "#b54708", "#067647", "#5c6b7a"]
INK = "#1d2733"
GRID = "#d9e0e7"
# The mode bar stays (download as PNG is handy); Plotly's logo does not.
CONFIG = {"displaylogo": False, "responsive": True}


@dataclass(frozen=True)
class Chart:
    element_id: str
    title: str
    figure: dict
    rows: list[tuple[str, int]]
    value_label: str


def whole_number_ticks(largest: int) -> dict:
    """Axis ticks on whole numbers only: counts have no halves (about six ticks at most)."""
    return {"tick0": 0, "dtick": max(1, math.ceil(largest / 6)), "tickformat": "d"}


def base_layout(height: int) -> dict:
    return {
        # "none": no template is shipped in every figure's JSON; the look is set here.
        "template": "none",
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "color": INK},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "colorway": PALETTE,
        "showlegend": False,
        # Room for the tick labels, however long; a fixed margin would clip them.
        "xaxis": {"automargin": True},
        "yaxis": {"automargin": True},
    }


# The keys of a trace that hold the data's own words (a region, a country, a series).
TRACE_TEXT_KEYS = ("x", "y", "labels", "name", "text")


def _escaped(values):
    if isinstance(values, str):
        return escape(values)
    if isinstance(values, list):
        return [escape(value) if isinstance(value, str) else value for value in values]
    return values


def escape_plot_text(spec: dict) -> dict:
    """Plotly draws a subset of HTML (links, line breaks) in every text it shows; the data's
    words (a region typed by a user) are escaped so that they are only ever shown as text,
    which Plotly decodes back for display."""
    for trace in spec.get("data", []):
        for key in TRACE_TEXT_KEYS:
            if key in trace:
                trace[key] = _escaped(trace[key])
    for name, axis in spec.get("layout", {}).items():
        if name.startswith(("xaxis", "yaxis")) and "tickvals" in axis:
            axis["tickvals"] = _escaped(axis["tickvals"])
    return spec


def as_chart(element_id: str, title: str, figure: go.Figure, rows: list, value_label: str) -> Chart:
    spec = escape_plot_text(json.loads(figure.to_json()))
    spec["config"] = CONFIG
    return Chart(
        element_id, title, spec, [(str(label), value) for label, value in rows], value_label
    )


def horizontal_bar_chart(
    element_id: str, title: str, counts: list[tuple[str, int]], value_label: str
) -> Chart | None:
    """Counts per category, largest on top; None when there is nothing to count."""
    if not counts:
        return None
    ordered = sorted(counts, key=lambda item: item[1])
    labels = [str(label) for label, _count in ordered]
    values = [count for _label, count in ordered]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker={"color": PALETTE[0]},
            text=values,
            textposition="auto",
            hovertemplate="%{y}: %{x}<extra></extra>",
        ),
        layout=base_layout(height=max(160, 60 + 32 * len(labels))),
    )
    figure.update_xaxes(
        showgrid=True, gridcolor=GRID, rangemode="tozero", **whole_number_ticks(max(values))
    )
    wrap_ticks(figure, labels)
    return as_chart(element_id, title, figure, counts, value_label)


def wrapped(label: str, width: int = 22) -> str:
    """A long axis label on several lines, so a phone's narrow chart keeps its bars; each
    line escaped (escape_plot_text), the line breaks the only markup."""
    return "<br>".join(escape(line) for line in textwrap.wrap(str(label), width)) or escape(
        str(label)
    )


def wrap_ticks(figure: go.Figure, labels: list[str]) -> None:
    """Show the category axis's labels wrapped; the data keeps them whole."""
    figure.update_yaxes(tickmode="array", tickvals=labels, ticktext=[wrapped(x) for x in labels])


def donut_chart(
    element_id: str, title: str, counts: list[tuple[str, int]], value_label: str
) -> Chart | None:
    if not counts:
        return None
    figure = go.Figure(
        go.Pie(
            labels=[str(label) for label, _count in counts],
            values=[count for _label, count in counts],
            hole=0.55,
            sort=False,
            marker={"colors": PALETTE},
            textinfo="value",
            hovertemplate="%{label}: %{value} (%{percent})<extra></extra>",
        ),
        layout=base_layout(height=300),
    )
    # Labels in a legend: written around the ring they are cut off in a narrow column.
    figure.update_layout(
        showlegend=True, legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.05}
    )
    return as_chart(element_id, title, figure, counts, value_label)


def line_chart(
    element_id: str, title: str, series: list[tuple[date, int]], value_label: str
) -> Chart | None:
    if not series:
        return None
    figure = go.Figure(
        go.Scatter(
            x=[day.isoformat() for day, _count in series],
            y=[count for _day, count in series],
            mode="lines+markers",
            line={"color": PALETTE[1], "width": 3},
            marker={"size": 7},
            hovertemplate="%{x|%Y-%m-%d}: %{y}<extra></extra>",
        ),
        layout=base_layout(height=300),
    )
    figure.update_xaxes(type="date", showgrid=False)
    largest = max(count for _day, count in series)
    figure.update_yaxes(
        showgrid=True, gridcolor=GRID, rangemode="tozero", **whole_number_ticks(largest)
    )
    rows = [(formats.date_format(day, "SHORT_DATE_FORMAT"), count) for day, count in series]
    return as_chart(element_id, title, figure, rows, value_label)


def members_by_helix_chart(counts: list[tuple[str, int]]) -> Chart | None:
    return donut_chart(
        "chart-members-by-helix", _("Members by helix category"), counts, _("Members")
    )


def members_by_type_chart(counts: list[tuple[str, int]]) -> Chart | None:
    return horizontal_bar_chart("chart-members-by-type", _("Members by type"), counts, _("Members"))


def member_count_chart(series: list[tuple[date, int]]) -> Chart | None:
    return line_chart(
        "chart-member-count",
        _("Active members over time (at each year's end, and today)"),
        series,
        _("Active members"),
    )


def funnel_chart(
    element_id: str, title: str, steps: list[tuple[str, int]], value_label: str
) -> Chart | None:
    """Counts along a sequence of steps, widest first (applied → ... → completed); None when
    every step is zero."""
    if not any(count for _label, count in steps):
        return None
    figure = go.Figure(
        go.Funnel(
            y=[str(label) for label, _count in steps],
            x=[count for _label, count in steps],
            marker={"color": PALETTE[: len(steps)]},
            connector={"fillcolor": "#e4e9ef", "line": {"width": 0}},
            textinfo="value+percent initial",
            hovertemplate="%{y}: %{x}<extra></extra>",
        ),
        layout=base_layout(height=max(220, 60 + 48 * len(steps))),
    )
    return as_chart(element_id, title, figure, steps, value_label)


def grouped_bar_chart(
    element_id: str,
    title: str,
    categories: list[str],
    series: list[tuple[str, list[float | None]]],
    value_label: str,
) -> Chart | None:
    """Bars side by side per category, one colour per series (e.g. allotted against used
    hours); a None value leaves its bar out. None when there is nothing to show."""
    if not any(value for _name, values in series for value in values if value is not None):
        return None
    figure = go.Figure(layout=base_layout(height=320))
    for index, (name, values) in enumerate(series):
        figure.add_trace(
            go.Bar(
                name=str(name),
                x=[str(category) for category in categories],
                y=values,
                marker={"color": PALETTE[index % len(PALETTE)]},
                # Hours as 140 or 36.5, never 140.0.
                texttemplate="%{y:~g}",
                textposition="auto",
                hovertemplate=f"{name} – %{{x}}: %{{y}}<extra></extra>",
            )
        )
    figure.update_layout(
        barmode="group",
        showlegend=True,
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.15},
    )
    figure.update_yaxes(showgrid=True, gridcolor=GRID, rangemode="tozero")
    rows = [
        (f"{category} – {name}", value)
        for name, values in series
        for category, value in zip(categories, values, strict=True)
        if value is not None
    ]
    return as_chart(element_id, title, figure, rows, value_label)

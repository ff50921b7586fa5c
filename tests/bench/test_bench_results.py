"""BENCHMARKS.md says what was measured and, for every budget line, whether it was met: a
missed line is named with its figure, never dropped."""

from __future__ import annotations

from config.bench.results import Section, budget_summary, markdown


def _section() -> Section:
    section = Section(key="pages", title="Pages", columns=["route", "ms", "queries"])
    section.rows = [
        {"route": "dashboard", "ms": 12.345, "queries": 9},
        {"route": "overview", "ms": 180.0, "queries": 12},
    ]
    section.check("at most 150 ms server time", "dashboard", "12.3 ms", True)
    section.check("at most 150 ms server time", "overview", "180.0 ms", False)
    return section


def test_the_table_shows_every_row_with_its_columns_in_order():
    lines = _section().table()

    assert lines[0].split("|")[1:4] == [" route     ", " ms    ", " queries "]
    assert "| dashboard | 12.35 | 9       |" in lines
    assert "| overview  | 180   | 12      |" in lines


def test_a_missed_budget_line_is_named_with_its_figure():
    text = markdown({"scale": 10}, [_section()])

    assert budget_summary([_section()]) == (1, 2)
    assert "**Budget: 1 of 2 lines met.**" in text
    assert "- **missed**: overview: at most 150 ms server time (measured 180.0 ms)" in text
    assert "- **scale**: 10" in text

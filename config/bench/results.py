"""What a bench section reports: its rows of figures and the budget lines they meet or miss.

The command prints every section as a table and writes them all to ``BENCHMARKS.md`` and
``bench-results.json``; a section never prints on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Check:
    """One line of the budget (issue 12), held against one measured figure."""

    line: str  # the budget line, e.g. "at most 1.5 × its SQL floor"
    subject: str  # what was measured, e.g. "participation, project bench-01"
    figure: str  # the measurement, e.g. "1.23 ×"
    met: bool

    def as_dict(self) -> dict:
        return {"line": self.line, "subject": self.subject, "figure": self.figure, "met": self.met}


@dataclass
class Section:
    """One table of figures: ``columns`` name the keys of each row, in order."""

    key: str  # stable name in bench-results.json, e.g. "reports"
    title: str
    columns: list[str]
    rows: list[dict] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Everything else worth keeping in the JSON (runs of each median, raw samples).
    details: dict = field(default_factory=dict)

    def check(self, line: str, subject: str, figure: str, met: bool) -> None:
        self.checks.append(Check(line=line, subject=subject, figure=figure, met=met))

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "columns": self.columns,
            "rows": self.rows,
            "checks": [check.as_dict() for check in self.checks],
            "notes": self.notes,
            "details": self.details,
        }

    def table(self) -> list[str]:
        """The rows as a Markdown table (also readable on a terminal)."""
        cells = [[_cell(row.get(column)) for column in self.columns] for row in self.rows]
        widths = [
            max([len(column), *(len(line[i]) for line in cells)])
            for i, column in enumerate(self.columns)
        ]

        def line(values: list[str]) -> str:
            return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

        return [
            line(self.columns),
            "|" + "|".join("-" * (w + 2) for w in widths) + "|",
            *(line(values) for values in cells),
        ]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def budget_summary(sections: list[Section]) -> tuple[int, int]:
    checks = [check for section in sections for check in section.checks]
    return sum(check.met for check in checks), len(checks)


def markdown(meta: dict, sections: list[Section]) -> str:
    """BENCHMARKS.md: the machine, the run, every table, and every budget line met or missed."""
    met, total = budget_summary(sections)
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python manage.py bench --scale S`); rerun it to refresh this",
        "file and `bench-results.json`. Each figure is the median of the stated runs after a",
        "warm-up; every comparison was measured side by side in the same run.",
        "",
        "## The run",
        "",
        *(f"- **{key}**: {value}" for key, value in meta.items() if not isinstance(value, dict)),
        "",
        f"**Budget: {met} of {total} lines met.**",
        "",
    ]
    for section in sections:
        lines += [f"## {section.title}", "", *section.table(), ""]
        lines += [f"- {note}" for note in section.notes]
        if section.notes:
            lines.append("")
        missed = [check for check in section.checks if not check.met]
        if section.checks:
            lines.append(
                f"Budget lines: {len(section.checks) - len(missed)} of {len(section.checks)} met."
            )
            lines += [
                f"- **missed**: {check.subject}: {check.line} (measured {check.figure})"
                for check in missed
            ]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"

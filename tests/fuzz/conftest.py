"""The API fuzzing's tally: which operations schemathesis ran and how many examples each, printed
at the end of the run so the figures can be quoted."""

from __future__ import annotations

from collections import Counter

EXAMPLES_RUN: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter):
    if not EXAMPLES_RUN:
        return
    write = terminalreporter.write_line
    terminalreporter.section("schemathesis: operations and examples run")
    for operation in sorted(EXAMPLES_RUN):
        write(f"{operation}: {EXAMPLES_RUN[operation]} examples")
    write(f"total: {len(EXAMPLES_RUN)} operations, {sum(EXAMPLES_RUN.values())} examples")

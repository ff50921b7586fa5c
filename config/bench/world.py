"""The fixed names of the generated data: the contract between the generator and the sections.

Everything here is the same at every scale, so a section finds its subjects by name in any
bench database, whichever run generated it.
"""

from __future__ import annotations

from datetime import date

#: "Today" for every report the bench computes: the figures of one scale never drift.
AS_OF = date(2026, 6, 30)

CLUSTER_SLUG = "bench"
PROGRAMME_CODES = ("BENCH-A", "BENCH-B")
#: The programme the programme-wide reports are measured on (the one with most projects).
PROGRAMME_CODE = PROGRAMME_CODES[0]
PROJECT_COUNT = 20
#: The largest project: most enrolments and activity rows.
LARGEST_PROJECT_SLUG = "bench-01"
#: A small project of the same programme (a report for few firms has its own overheads).
SMALL_PROJECT_SLUG = "bench-20"

PASSWORD = "bench-clusterdesk"
MANAGER_EMAIL = "manager@bench.example"
COACH_EMAIL = "coach@bench.example"
FIRM_EMAIL = "firm@bench.example"
FUNDER_EMAIL = "funder@bench.example"
VIEWER_EMAIL = "viewer@bench.example"

FIRMS_PER_SCALE = 1_000
ACTIVITY_ROWS_PER_SCALE = 100_000


def project_slug(number: int) -> str:
    """``bench-01`` … ``bench-20``; lower numbers are larger projects."""
    return f"bench-{number:02d}"


#: Part of each bench database's name: a generator that makes other data makes a new database
#: instead of measuring a stale one. Raise it whenever generate.py changes what it writes.
GENERATOR_VERSION = 2

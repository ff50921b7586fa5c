"""What every bench section is handed: the scale, the databases and where to write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class BenchContext:
    scale: int
    runs: int
    warmups: int
    #: The bench database of each scale measured in this run, by scale: {1: "…_s1", 10: …}.
    databases: dict[int, str] = field(default_factory=dict)
    #: ``use(scale)`` points the default connection at that scale's database.
    use: Callable[[int], None] = lambda scale: None
    #: The DATABASE_URL of a scale's database, for subprocesses (gunicorn).
    database_url: Callable[[int], str] = lambda scale: ""
    say: Callable[[str], None] = print
    #: Sections to run, by key; empty means all.
    only: frozenset[str] = frozenset()

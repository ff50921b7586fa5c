"""What the access tests probed, counted for the summary at the end of the run
(tests/conftest.py, ``pytest_terminal_summary``): routes x personas x methods, the figure the
integrator quotes."""

from __future__ import annotations

from collections import Counter

# (persona, URL name, method, what was probed: "own route", "write method", "no such id")
PROBES: set[tuple[str, str, str, str]] = set()


def count(persona: str, route: str, method: str, kind: str) -> None:
    PROBES.add((persona, route.split(" ")[0], method.upper(), kind))


def summary() -> list[str]:
    if not PROBES:
        return []
    routes = {probe[1] for probe in PROBES}
    personas = {probe[0] for probe in PROBES}
    methods = Counter(probe[2] for probe in PROBES)
    kinds = Counter(probe[3] for probe in PROBES)
    return [
        f"access probes: {len(PROBES)} distinct requests over {len(routes)} routes x "
        f"{len(personas)} personas x {len(methods)} methods",
        "  by method: " + ", ".join(f"{m} {n}" for m, n in sorted(methods.items())),
        "  by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())),
    ]

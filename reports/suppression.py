"""Small-group suppression: what a funder user sees of a report run.

A funder sees aggregates only, and no breakdown cell may show a group of fewer than
``MIN_FIRMS`` (3) firms (docs/architecture.md, "Access").

Breakdown cells are those of participation's ``by_region`` and ``by_cohort`` rows
(``firms_supported`` and ``firms_completed`` of each region or cohort), ``dropouts_by_phase``
and ``export_lab_stage_counts``, and the ``by_region`` cells of each indicator of an indicator
report (``programmes[].indicators[]``); the country lists ``markets_entered`` and
``countries_visited`` follow the same rule (below). Totals (``firms_supported``,
``firms_dropped``, an indicator's ``achieved``, …) are not breakdowns and are shown as they
are; so is the split of enterprises supported by size class (``by_size`` of CO01/RCO01),
which EU cohesion-policy reporting asks for as it is.

The convention, the same in the API detail and in every export:

- A breakdown with nothing to hide is shown as it is, zeros included. In one with something
  to hide, only the cells of ``MIN_FIRMS`` (3) firms or more keep their keys; every other cell
  (those of 1 or 2 firms, the complementary ones below, and the zeros) folds into one entry
  ``"other"`` holding the marker ``{"value": null, "suppressed": true}``. No hidden cell keeps
  its key: with its key (or with the zeros shown beside it) a reader would learn which phase or
  region the hidden firms are in, and successive runs would show where each new firm landed::

      "dropouts_by_phase": {"coaching": 3, "other": {"value": null, "suppressed": true}}
      "by_region": [{"region": "Värmland", "firms_supported": 5, "firms_completed": 0},
                    {"region": "other", "firms_supported": {"value": null, ...},
                     "firms_completed": {"value": null, ...}}]

  Rows (``by_region``, ``by_cohort``) fold as whole rows: a row with any hidden measure leaves
  the list by name, and one ``other`` row of markers stands for the rows left out.
- Complementary suppression: the cells of a breakdown add up to a published total (the regions
  to ``firms_supported`` and ``firms_completed``, the phases to ``firms_dropped``), so one hidden
  cell could be recovered by subtraction. While the hidden cells of a breakdown hold fewer than
  3 firms together, its smallest other non-zero cell is hidden too. When even all of its
  non-zero cells hold fewer than 3 firms (2 dropped, in one phase), the total would give them
  back: the ``other`` entry then stands for the whole breakdown.
- Country lists: ``markets_entered`` (outcomes) and ``countries_visited`` (participation) map
  a country code to the number of firms, ``{"DE": 4, "NO": 1, "US": 2}``. A country of 1 or 2
  firms is not named: it leaves the list, and one entry ``"other"`` holding the marker stands
  for all the countries left out::

      "markets_entered": {"DE": 4, "other": {"value": null, "suppressed": true}}

  The ``other`` entry is always the marker, never the sum of the countries left out: a firm
  may count in several countries, so the sum is not a number of firms (one firm entering
  three small markets would sum to 3), and it would tell nothing a reader needs. No total of
  countries is published, so no complementary suppression is needed; zero is shown. A list
  with nothing to hide has no ``other`` entry.
  A country list of the older shape, a sorted list of codes without counts, cannot be
  judged, so a non-empty one is replaced by the marker as a whole; an empty one stays.
- The derived body says so at its top level:
  ``"suppression": {"min_firms": 3, "suppressed_cells": <how many markers>}``.

The stored run (``result``, ``canonical``, ``checksum``) is always the unsuppressed canonical
result. A funder gets a derived view: the suppressed body, its canonical JSON, and the SHA-256
of that text as the checksum; the derived view is as reproducible as the stored one, and its
JSON download hashes to the checksum the funder is shown. The view is computed once, with the
run (its ``suppressed_canonical`` and ``suppressed_checksum``), and served from there. The stored
checksum is never shown to a funder: knowing every visible figure and that the hidden cells are
small, one could try the few possible values against it and find them.

Superusers and office staff (admin, manager, viewer) of the run's cluster see the stored run,
unsuppressed; for a programme's run, office staff of every cluster taking part in it. Anyone
else who may see a run (a funder user) gets the derived view.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Hashable
from dataclasses import dataclass

from clusters.models import ProgrammeParticipation
from reports.canonical import canonical_json, checksum_of
from reports.models import ReportRun
from reports.querysets import office_clusters

MIN_FIRMS = 3
BREAKDOWN_DICTS = ("dropouts_by_phase", "export_lab_stage_counts")
REGION_MEASURES = ("firms_supported", "firms_completed")
# Breakdowns given as lists of rows, each row named by its field and with the REGION_MEASURES.
ROW_BREAKDOWNS = {"by_region": "region", "by_cohort": "cohort"}
COUNTRY_LISTS = ("markets_entered", "countries_visited")
# The entry that stands for the cells (countries, phases, regions) left out of a funder's view.
OTHER = "other"
OTHER_COUNTRIES = OTHER


def marker() -> dict:
    return {"value": None, "suppressed": True}


def is_suppressed(cell) -> bool:
    return isinstance(cell, dict) and cell.get("suppressed") is True


def cells_to_hide(cells: dict[Hashable, int]) -> set[Hashable]:
    """The keys of one breakdown whose counts must be hidden: every count of 1 or 2, then the
    smallest other non-zero counts until the hidden ones hold at least ``MIN_FIRMS`` firms."""
    counts = {key: value for key, value in cells.items() if isinstance(value, int) and value > 0}
    hidden = {key for key, value in counts.items() if value < MIN_FIRMS}
    if not hidden:
        return hidden
    # Ties go to the first key in the breakdown's own order, so the choice is reproducible.
    rest = sorted(
        (value, position, key)
        for position, (key, value) in enumerate(counts.items())
        if key not in hidden
    )
    while sum(counts[key] for key in hidden) < MIN_FIRMS and rest:
        hidden.add(rest.pop(0)[2])
    return hidden


def _hidden_total(cells: dict, hidden: set) -> int:
    return sum(cells[key] for key in hidden if isinstance(cells[key], int))


def suppress_cells(cells: dict) -> tuple[dict, int]:
    """A funder's view of one breakdown ``{key: firms}`` and how many markers it holds.

    With nothing to hide it is shown as it is, zeros included. Otherwise only the cells that
    stay shown (MIN_FIRMS firms or more) keep their keys; every other cell, zeros included,
    folds into one ``other`` marker, so the view never tells which keys hold the hidden firms
    (with the zeros shown, the keys left out would name them). When even every non-zero cell
    together holds fewer than MIN_FIRMS firms, the published total would give them back:
    ``other`` then stands for the whole breakdown."""
    hidden = cells_to_hide(cells)
    if not hidden:
        return cells, 0
    if _hidden_total(cells, hidden) < MIN_FIRMS:
        return {OTHER: marker()}, 1
    shown = {
        key: value
        for key, value in cells.items()
        if key not in hidden and isinstance(value, int) and value >= MIN_FIRMS
    }
    return {**shown, OTHER: marker()}, 1


def suppress_rows(rows: list[dict], name_field: str) -> tuple[list[dict], int]:
    """A funder's view of a breakdown given as rows (a region or cohort with its
    REGION_MEASURES), and how many markers it holds: the same rule as ``suppress_cells``,
    by whole rows. A row with any hidden measure leaves the list with its name, and then every
    row that is not shown in full; one ``other`` row of markers stands for them. Rows are
    taken until, in every measure, the hidden rows hold none or at least MIN_FIRMS firms; when
    that cannot be reached the ``other`` row stands for the whole breakdown."""
    columns = {
        measure: {index: row.get(measure) for index, row in enumerate(rows)}
        for measure in REGION_MEASURES
    }
    hidden: set[int] = set()
    for column in columns.values():
        hidden |= cells_to_hide(column)
    if not hidden:
        return rows, 0
    other = {name_field: OTHER, **{measure: marker() for measure in REGION_MEASURES}}
    changed = True
    while changed:
        changed = False
        for column in columns.values():
            counts = {index: value for index, value in column.items() if isinstance(value, int)}
            total = sum(counts.get(index, 0) for index in hidden)
            if 0 < total < MIN_FIRMS:
                rest = sorted(
                    (value, index)
                    for index, value in counts.items()
                    if index not in hidden and value > 0
                )
                if not rest:
                    return [other], len(REGION_MEASURES)
                hidden.add(rest[0][1])
                changed = True
    shown = [
        row
        for index, row in enumerate(rows)
        if index not in hidden
        and all(
            isinstance(row.get(measure), int)
            and row.get(measure) >= MIN_FIRMS
            or row.get(measure) == 0
            for measure in REGION_MEASURES
        )
        and any(row.get(measure) for measure in REGION_MEASURES)
    ]
    return [*shown, other], len(REGION_MEASURES)


def _shown_in_country_list(count) -> bool:
    """Zero or at least MIN_FIRMS firms; anything else (1, 2, a marker, not a number) is not
    shown by name."""
    if not isinstance(count, int) or isinstance(count, bool):
        return False
    return count == 0 or count >= MIN_FIRMS


def suppress_country_list(countries) -> tuple[object, int]:
    """A funder's view of one country list, and how many markers it holds.

    ``{code: firms}``: the countries of 1 or 2 firms leave, one ``other`` marker stands for
    them. A list of codes (the older shape, without counts): the marker in its place, unless
    it is empty. Anything else (absent, already a marker) is left as it is."""
    if isinstance(countries, list):
        return (marker(), 1) if countries else (countries, 0)
    if not isinstance(countries, dict) or is_suppressed(countries):
        return countries, 0
    shown = {
        code: count
        for code, count in countries.items()
        if code != OTHER_COUNTRIES and _shown_in_country_list(count)
    }
    if len(shown) == len(countries):
        return shown, 0
    shown[OTHER_COUNTRIES] = marker()
    return shown, 1


def suppress(body: dict) -> dict:
    """A copy of a report body with its small breakdown cells folded into ``other`` markers."""
    body = copy.deepcopy(body)
    figures = body.get("figures") or {}
    hidden = 0
    for name in BREAKDOWN_DICTS:
        cells = figures.get(name)
        if isinstance(cells, dict) and not is_suppressed(cells):
            figures[name], markers = suppress_cells(cells)
            hidden += markers
    for section in figures.get("programmes") or []:
        for indicator in section.get("indicators") or []:
            cells = indicator.get("by_region")
            if isinstance(cells, dict) and not is_suppressed(cells):
                indicator["by_region"], markers = suppress_cells(cells)
                hidden += markers
    for name, name_field in ROW_BREAKDOWNS.items():
        rows = figures.get(name)
        if isinstance(rows, list):
            figures[name], markers = suppress_rows(rows, name_field)
            hidden += markers
    for name in COUNTRY_LISTS:
        if name in figures:
            figures[name], markers = suppress_country_list(figures[name])
            hidden += markers
    body["suppression"] = {"min_firms": MIN_FIRMS, "suppressed_cells": hidden}
    return body


@dataclass(frozen=True)
class Audience:
    """Which runs a user reads unsuppressed: those of the projects of the clusters where the
    user is office staff, and of the programmes in which every cluster taking part is one of
    them (a programme's report covers the projects of all those clusters). Built once per
    request, in two queries."""

    unrestricted: bool
    cluster_ids: frozenset[int]
    programme_ids: frozenset[int]

    @classmethod
    def of(cls, user) -> Audience:
        if user.is_superuser:
            return cls(unrestricted=True, cluster_ids=frozenset(), programme_ids=frozenset())
        cluster_ids = frozenset(office_clusters(user).values_list("cluster_id", flat=True))
        taking_part: dict[int, set[int]] = {}
        if cluster_ids:
            mine = ProgrammeParticipation.objects.filter(cluster_id__in=cluster_ids)
            for programme_id, cluster_id in ProgrammeParticipation.objects.filter(
                programme_id__in=mine.values("programme_id")
            ).values_list("programme_id", "cluster_id"):
                taking_part.setdefault(programme_id, set()).add(cluster_id)
        return cls(
            unrestricted=False,
            cluster_ids=cluster_ids,
            programme_ids=frozenset(
                programme_id
                for programme_id, clusters in taking_part.items()
                if clusters <= cluster_ids
            ),
        )

    def sees_unsuppressed(self, run: ReportRun) -> bool:
        """``run.project`` should be loaded with the run (select_related)."""
        if self.unrestricted:
            return True
        if run.project_id:
            return run.project.cluster_id in self.cluster_ids
        return run.programme_id in self.programme_ids


@dataclass(frozen=True)
class RunView:
    """A run's result as one audience sees it: the body, its canonical JSON and checksum."""

    body: dict | None
    canonical: str
    checksum: str
    suppressed: bool


def stored_view(run: ReportRun) -> tuple[str, str]:
    """The funder's view of a run as stored when it was computed (canonical text, checksum);
    computed here only for a run finished before the view was stored with it."""
    if run.suppressed_checksum:
        return run.suppressed_canonical, run.suppressed_checksum
    text = canonical_json(suppress(run.result))
    return text, checksum_of(text)


def run_checksum(run: ReportRun, audience: Audience) -> str:
    """The checksum ``audience`` is shown, without reading the result (a list of runs defers
    the big columns)."""
    if audience.sees_unsuppressed(run):
        return run.checksum
    if not run.checksum:
        return ""
    return run.suppressed_checksum or stored_view(run)[1]


def run_view(run: ReportRun, audience: Audience) -> RunView:
    if audience.sees_unsuppressed(run):
        return RunView(
            body=run.result, canonical=run.canonical, checksum=run.checksum, suppressed=False
        )
    if not run.checksum and run.result is None:
        return RunView(body=None, canonical="", checksum="", suppressed=True)
    text, checksum = stored_view(run)
    return RunView(body=json.loads(text), canonical=text, checksum=checksum, suppressed=True)

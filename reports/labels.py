"""Words for the codes of a report run: every figure, section and breakdown key, translated.

A run's JSON speaks in codes (``coaching_hours_allotted``, ``after_workshops``, ``DE``), the
public contract funders' scripts read. People read labels: the run's page, and the CSV/XLSX
downloads, which carry each label beside its code (reports.exports). This module is the one
place those labels live; call its functions inside ``translation.override`` to get them in a
given language.

- ``figure_label(name)``: a figure (``firms_applied``, ``RCO01``, ``markets_entered``).
- ``section_label(section)``: a section of a flattened run: ``report``, ``suppression``,
  ``figures``, a breakdown (``dropouts_by_phase``), or a measure of a list of rows
  (``by_region.firms_supported``).
- ``key_label(section, key)``: a key inside a section: a field of the report, a dropout phase,
  an export-lab stage, a size class, a country (its name through django-countries), a region
  (its own name: regions are data, not codes).
- ``report_kind_label(kind)``.

Each falls back to the code itself for a key it does not know, so a new figure never breaks a
download; ``known_section_label`` and ``known_key_label`` answer ``None`` there instead, which
is how the tests catch a figure added without its label.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _
from django_countries import countries

from internationalization.choices import ExportLabStage, OutcomeKind
from members.choices import SizeClass
from projects.choices import DropoutPhase
from reports.models import ReportKind
from reports.suppression import OTHER as SUPPRESSED_KEY
from reports.suppression import OTHER_COUNTRIES

FIGURE_LABELS = {
    # participation
    "firms_applied": _("Firms applied"),
    "firms_interviewed": _("Firms interviewed"),
    "firms_accepted": _("Firms accepted"),
    "firms_rejected": _("Firms rejected"),
    "firms_active": _("Firms active"),
    "firms_completed": _("Firms through the whole process"),
    "firms_dropped": _("Firms dropped out"),
    "firms_supported": _("Firms supported"),
    "target_firms": _("Target: firms to involve"),
    "target_completed": _("Target: firms through the whole process"),
    "coaching_hours_allotted": _("Coaching hours allotted"),
    "coaching_hours_used": _("Coaching hours used"),
    "coaching_hours_confirmed": _("Coaching hours confirmed"),
    "workshop_attendances": _("Workshop attendances"),
    "timbank_hours_pool": _("Timbank hours in the pool"),
    "timbank_hours_requested": _("Timbank hours requested"),
    "timbank_hours_approved": _("Timbank hours approved"),
    "timbank_hours_used": _("Timbank hours used"),
    "timbank_decision_days_median": _("Median days to a timbank decision"),
    "timbank_requests_pending": _("Timbank requests waiting"),
    "trips_applied": _("Trips applied for"),
    "trips_approved": _("Trips approved"),
    "trips_done": _("Trips done"),
    "trip_decision_days_median": _("Median days to a trip decision"),
    "firms_became_members": _("Participants that became cluster members"),
    "firms_at_risk": _("Active firms with no activity in 60 days"),
    "by_region": _("By region"),
    "by_cohort": _("By cohort"),
    "dropouts_by_phase": _("Dropouts by phase"),
    "export_lab_stage_counts": _("Firms per export-lab stage"),
    "countries_visited": _("Countries visited (firms per country)"),
    # outcomes
    "firms_with_international_contacts": _("Firms with international contacts or partners"),
    "firms_with_new_customers": _("Firms with new customers"),
    "firms_with_new_retailers": _("Firms with new retailers or distributors"),
    "firms_with_prototypes": _("Firms with prototypes"),
    "firms_with_products_launched": _("Firms that launched products"),
    "firms_in_follow_up_programmes": _("Firms that joined follow-up programmes"),
    "share_firms_with_international_contacts": _(
        "Share of the firms supported with international contacts or partners"
    ),
    "share_firms_with_new_customers": _("Share of the firms supported with new customers"),
    "share_firms_with_new_retailers": _(
        "Share of the firms supported with new retailers or distributors"
    ),
    "share_firms_with_prototypes": _("Share of the firms supported with prototypes"),
    "share_firms_with_products_launched": _("Share of the firms supported that launched products"),
    "share_firms_in_follow_up_programmes": _(
        "Share of the firms supported that joined follow-up programmes"
    ),
    "units_sold": _("Units sold"),
    "outcomes_awaiting_verification": _("Outcomes reported by firms, awaiting verification"),
    "markets_entered": _("Markets entered"),
    # indicators
    "RCO01": _("RCO01 enterprises supported"),
    "RCO04": _("RCO04 enterprises with non-financial support"),
    "RCO10": _("RCO10 enterprises cooperating with research organisations"),
    "RCR03": _("RCR03 SMEs introducing product or process innovation"),
    "min_support_hours": _("Minimum support counted (hours)"),
    "programmes": _("Indicators per programme"),
}

SECTION_LABELS = {
    "report": _("Report"),
    "suppression": _("Suppression"),
    "figures": _("Figures"),
}

# The rows of the ``report`` and ``suppression`` sections of a download.
REPORT_FIELD_LABELS = {
    "run": _("Run"),
    "kind": _("Report kind"),
    "scope": _("Scope"),
    "project": _("Project"),
    "programme": _("Programme"),
    "as_of": _("As of"),
    "projects": _("Projects covered"),
    "checksum": _("Checksum (SHA-256)"),
}
SUPPRESSION_FIELD_LABELS = {
    "min_firms": _("Smallest group shown (firms)"),
    "suppressed_cells": _("Suppressed cells"),
}

UNKNOWN_PHASE = "unknown"
NO_REGION = _("no region")
NO_COHORT = _("no cohort")
# Where small-group suppression folded the cells it hid (reports/suppression.py).
SUPPRESSED_OTHERS = _("others (hidden: fewer than 3 firms)")
RCO01_TOTAL = "total"

# Which field names a row of a list of rows (``by_region``: its region).
ROW_NAME_FIELDS = {"by_region": "region", "by_cohort": "cohort"}


def _known(labels: dict, key) -> str | None:
    label = labels.get(key)
    return None if label is None else str(label)


def _choice(choices) -> Callable[[str], str | None]:
    def label(code) -> str | None:
        return str(choices(code).label) if code in choices.values else None

    return label


def _phase(code) -> str | None:
    if code == UNKNOWN_PHASE:
        return str(_("Phase not recorded"))
    return _choice(DropoutPhase)(code)


def _size(code) -> str | None:
    if code == RCO01_TOTAL:
        return str(_("Total"))
    return _choice(SizeClass)(code)


def country_label(code) -> str | None:
    """A country's name in the active language; the entry standing for the countries a funder
    may not see by name (reports.suppression) says so."""
    if code == OTHER_COUNTRIES:
        return str(_("Other countries"))
    if not isinstance(code, str):
        return None
    return countries.name(code) or None


def _region(name) -> str | None:
    if not isinstance(name, str):
        return None
    return name or str(NO_REGION)


def _cohort(name) -> str | None:
    if not isinstance(name, str):
        return None
    return name or str(NO_COHORT)


# Section -> the label of one of its keys, or None where the key is not known.
KEY_LABELS: dict[str, Callable[[object], str | None]] = {
    "report": lambda key: _known(REPORT_FIELD_LABELS, key),
    "suppression": lambda key: _known(SUPPRESSION_FIELD_LABELS, key),
    "figures": lambda key: _known(FIGURE_LABELS, key),
    "dropouts_by_phase": _phase,
    "export_lab_stage_counts": _choice(ExportLabStage),
    "RCO01": _size,
    "markets_entered": country_label,
    "countries_visited": country_label,
}


def figure_label(name: str) -> str:
    return _known(FIGURE_LABELS, name) or str(name)


INDICATOR_MEASURES = {
    "name": _("name"),
    "unit": _("unit"),
    "rule": _("counting rule"),
    "achieved": _("achieved"),
    "baseline": _("baseline"),
    "milestone": _("milestone"),
    "target": _("target"),
}


def _indicator_key(key) -> str | None:
    """A key of an indicator report's programme section: ``period``, ``min_support_hours``,
    ``nuts.<region>`` or ``<code>.<measure>[.<year, size or region>]``."""
    if not isinstance(key, str):
        return None
    if key == "period":
        return str(_("Programme period"))
    if key == "min_support_hours":
        return str(FIGURE_LABELS["min_support_hours"])
    head, _dot, rest = key.partition(".")
    if head == "nuts" and rest:
        return str(_("NUTS code of %(region)s") % {"region": _region(rest)})
    measure, _dot, detail = rest.partition(".")
    if measure in ("by_size", "by_region") and detail:
        what = _size(detail) if measure == "by_size" else _region(detail)
        return None if what is None else f"{head}: {what}"
    if measure not in INDICATOR_MEASURES:
        return None
    label = f"{head}: {INDICATOR_MEASURES[measure]}"
    return f"{label} {detail}" if detail else label


def known_section_label(section: str) -> str | None:
    """The label of a section, or None where the catalogue has none (for any part of it)."""
    if section in SECTION_LABELS:
        return str(SECTION_LABELS[section])
    if section.startswith("indicators."):
        programme = section.removeprefix("indicators.")
        return str(_("Indicators of %(programme)s") % {"programme": programme})
    name, _dot, measure = section.partition(".")
    if not measure:
        return _known(FIGURE_LABELS, section)
    parts = (_known(FIGURE_LABELS, name), _known(FIGURE_LABELS, measure))
    return None if None in parts else "{}: {}".format(*parts)


def section_label(section: str) -> str:
    """``report``, ``figures``, a breakdown named by its figure, or ``by_region.<measure>``;
    the section's own name where the catalogue has none."""
    return known_section_label(section) or str(section)


def known_key_label(section: str, key) -> str | None:
    """The label of ``key`` in ``section``, or None where the catalogue has none."""
    label = _known_key_label(section, key)
    # A region or cohort row "other" is where suppression folded the small ones (a region of
    # that very name would read the same: the suppressed flag beside it tells them apart).
    folded_row = section.partition(".")[0] in ROW_NAME_FIELDS
    if key == SUPPRESSED_KEY and (label is None or folded_row):
        return str(SUPPRESSED_OTHERS)
    return label


def _known_key_label(section: str, key) -> str | None:
    if section.partition(".")[0] == "by_region":
        return _region(key)
    if section.partition(".")[0] == "by_cohort":
        return _cohort(key)
    if section.startswith("indicators."):
        return _indicator_key(key)
    lookup = KEY_LABELS.get(section)
    return lookup(key) if lookup else None


def key_label(section: str, key) -> str:
    """The label of ``key`` in ``section``; the key itself where the catalogue has none."""
    return known_key_label(section, key) or str(key)


def report_kind_label(kind: str) -> str:
    return _choice(ReportKind)(kind) or str(kind)


def outcome_kind_label(kind: str) -> str:
    return _choice(OutcomeKind)(kind) or str(kind)

"""The indicator catalogue's link to the outcome kinds.

A programme-specific indicator may count the firms with an outcome of a given kind (the rule
``firms_with_outcome``). Outcome kinds belong to internationalization, a higher floor that
clusters may not import; so internationalization registers its kinds here when the apps are
ready (``InternationalizationConfig.ready``), and the indicator form and service of clusters
read them from here.
"""

from __future__ import annotations

_OUTCOME_KINDS: dict[str, str] = {}


def register_outcome_kinds(choices) -> None:
    """Called by the app that owns the outcome kinds, with its ``(value, label)`` choices."""
    _OUTCOME_KINDS.clear()
    _OUTCOME_KINDS.update((value, label) for value, label in choices)


def outcome_kind_choices() -> list[tuple[str, str]]:
    return list(_OUTCOME_KINDS.items())


def is_outcome_kind(value: str) -> bool:
    return value in _OUTCOME_KINDS

"""The projects as the steps seed them: each table of ``demo.data``'s project modules, with the
generated firms of ``demo.crowd`` added to the hand-written rows of the closed TRIIP."""

from __future__ import annotations

from types import SimpleNamespace

from demo.crowd import Crowd, crowd_of
from demo.data import triip_2016, triip_2026


def _with_crowd(story, crowd: Crowd) -> SimpleNamespace:
    tables = {name: getattr(story, name) for name in dir(story) if name.isupper()}
    for name, rows in vars(crowd).items():
        tables[name] = {**rows, **tables[name]} if isinstance(rows, dict) else tables[name] + rows
    return SimpleNamespace(**tables)


PROJECTS = (_with_crowd(triip_2016, crowd_of(triip_2016)), triip_2026)

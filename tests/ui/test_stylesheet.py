"""The stylesheet's blocks are all closed: one ``@media`` left open swallows every rule after
it, so the desktop header showed its phone "Menu" and the workspace lost its styles above
700 px (found by the role-day screenshots, tests/browser/test_role_days.py)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "app.css"


def _depths(text: str) -> list[tuple[int, int, str]]:
    """(line number, brace depth at its start, line) of each line, comments left out."""
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group().count("\n"), text, flags=re.DOTALL)
    depth, rows = 0, []
    for number, line in enumerate(text.splitlines(), start=1):
        rows.append((number, depth, line))
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"app.css line {number} closes a block never opened"
    rows.append((len(rows) + 1, depth, ""))
    return rows


def test_every_block_of_the_stylesheet_is_closed():
    rows = _depths(STYLESHEET.read_text(encoding="utf-8"))
    assert rows[-1][1] == 0, "app.css ends inside an unclosed block"


def test_no_media_query_opens_inside_another_block():
    rows = _depths(STYLESHEET.read_text(encoding="utf-8"))
    nested = [number for number, depth, line in rows if line.startswith("@media") and depth]
    assert not nested, f"@media opened inside an unclosed block at app.css lines {nested}"

"""A static-files finder for plotly.js, taken from the installed plotly package.

The Python package ships the matching plotly.min.js; publishing its whole package_data folder
would also serve about 9 MB of sample datasets, so this finder exposes that one file only.
"""

from __future__ import annotations

import re
from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
PUBLISHED_AS = "vendor/plotly/plotly.min.js"


class PlotlyJsFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=PLOTLY_JS.parent)
        self.storage.prefix = "vendor/plotly"

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        if path != PUBLISHED_AS:
            return [] if find_all else None
        return [str(PLOTLY_JS)] if find_all else str(PLOTLY_JS)

    def list(self, ignore_patterns):
        yield PLOTLY_JS.name, self.storage


# --- plotly.js under a strict Content-Security-Policy -----------------------------------------
# On load plotly.js writes its page-wide rules (modebar, cursors, notifier) into a <style>
# element it creates, which style-src 'self' blocks. It skips that when an element with the id
# "plotly.js-style-global" and the class "no-inline-styles" exists, so
# templates/reports/_chart_assets.html links static/css/plotly.css under that id; the file holds
# the same rules, taken from the installed bundle by ``plotly_global_css`` (tests compare them,
# so an upgrade of plotly that changes them fails until the file is written again with
# ``python -c "from config.staticfiles import write_plotly_css; write_plotly_css()"``).

PLOTLY_CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "plotly.css"
_RULES_OBJECT = re.compile(r'(\w+)=(\{"X,X div":.*?\});for\(\w+ in \1\)', re.DOTALL)
_RULE = re.compile(r"""(?:"([^"]*)"|'([^']*)'|(\w+)):(?:"([^"]*)"|'([^']*)')""")
# The bundled maplibre (map traces) injects its stylesheet unless an element with this id
# exists; clusterdesk draws no maps, so the template holds an empty placeholder instead.
_MAPLIBRE_STYLE_ID = re.compile(
    r'getElementById\("([0-9a-f]{64})"\)\)\{var \w+=document\.createElement\("style"\)'
)


def plotly_global_css(bundle: str | None = None) -> str:
    """The rules plotly.js would add to its own <style> element, as a stylesheet."""
    source = bundle if bundle is not None else PLOTLY_JS.read_text(encoding="utf-8")
    match = _RULES_OBJECT.search(source)
    if match is None:
        raise ValueError("plotly.min.js no longer holds its style rules where expected.")
    rules = []
    for rule in _RULE.finditer(match.group(2)):
        selector = rule.group(1) or rule.group(2) or rule.group(3)
        body = rule.group(4) if rule.group(4) is not None else rule.group(5)
        selector = re.sub(r"^,", " ,", selector)
        selector = selector.replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        rules.append(f"{selector}{{{body}}}")
    # plotly.js inserts each rule at index 0, so the last one comes first in its sheet.
    rules.reverse()
    header = (
        f"/* The page-wide rules of plotly.js {plotly_js_version(source)}, as it would inject them"
        " (config/staticfiles.py writes this file). */"
    )
    return "\n".join([header, *rules]) + "\n"


def plotly_js_version(bundle: str | None = None) -> str:
    source = bundle if bundle is not None else PLOTLY_JS.read_text(encoding="utf-8")
    match = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", source)
    return match.group(1) if match else "unknown"


def plotly_injected_style_ids(bundle: str | None = None) -> list[str]:
    """Ids of the other stylesheets the bundle injects unless an element has that id."""
    source = bundle if bundle is not None else PLOTLY_JS.read_text(encoding="utf-8")
    return _MAPLIBRE_STYLE_ID.findall(source)


def write_plotly_css() -> None:
    PLOTLY_CSS.write_text(plotly_global_css(), encoding="utf-8")

"""The floors of docs/architecture.md: an app imports only from the apps below it, and looks up
no model of a higher app by name. A new upward import fails here with the file and line."""

from __future__ import annotations

import ast
from pathlib import Path

FLOORS = ["accounts", "clusters", "members", "projects", "internationalization", "reports", "demo"]
ROOT = Path(__file__).resolve().parent.parent


def app_modules():
    for floor, app in enumerate(FLOORS):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield floor, app, path


def imported_apps(tree: ast.AST):
    """(line, app) of every import and every ``apps.get_model("app", ...)`` in a module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module.split(".")[0]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get_model"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            yield node.lineno, node.args[0].value


def test_no_app_imports_a_higher_floor():
    upward = []
    for floor, _app, path in app_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, imported in imported_apps(tree):
            if imported in FLOORS and FLOORS.index(imported) > floor:
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert not upward, "upward imports:\n" + "\n".join(upward)


def test_the_check_sees_an_upward_import():
    tree = ast.parse("from reports.models import ReportRun\napps.get_model('projects', 'Project')")
    assert [app for _line, app in imported_apps(tree)] == ["reports", "projects"]

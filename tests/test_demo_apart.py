"""The demo data stands apart: it may import every app, and no app imports it."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

PRODUCT_APPS = [
    "config",
    "accounts",
    "clusters",
    "members",
    "projects",
    "internationalization",
    "reports",
]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


@pytest.mark.parametrize("app", PRODUCT_APPS)
def test_no_product_app_imports_the_demo(app):
    offenders = [
        str(path)
        for path in sorted((Path(settings.BASE_DIR) / app).rglob("*.py"))
        if any(name == "demo" or name.startswith("demo.") for name in imported_modules(path))
    ]
    assert offenders == []

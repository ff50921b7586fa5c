"""The bench's floors of the outcomes and indicator reports (config/bench/floors) give exactly the
app's figures on the seeded demo, so a floor the bench times the app against stays honest: a
floor that drifted from the report's meaning would make any ratio meaningless.

PostgreSQL only (the SQL floors are PostgreSQL's): skipped elsewhere with a printed reason, and
failing instead when ``REQUIRE_POSTGRESQL=1`` (CI). The pandas floors need the optional
``bench`` dependencies and are skipped, with a printed reason, without pandas.
"""

from __future__ import annotations

import importlib.util
import os
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from clusters.models import Programme
from config.bench.floors import indicators as indicator_floors
from config.bench.floors import outcomes as outcome_floors
from projects.models import Project
from reports.selectors import figures
from reports.selectors.indicators import indicators

pytestmark = pytest.mark.django_db

# The demo's closure of TRIIP 2016–2018, and a day of the running TRIIP 2026.
DAYS = (date(2017, 6, 30), date(2018, 12, 31), date(2026, 11, 30))
PROGRAMMES = ("ERDF-SE-NM-2014-20", "ERDF-SE-NM-2021-27", "VINNOVA-VINNVAXT")


def _skip(reason: str) -> None:
    if os.environ.get("REQUIRE_POSTGRESQL") == "1":
        pytest.fail(f"REQUIRE_POSTGRESQL=1 but {reason}")
    print(f"SKIPPED: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """Seeded once inside a transaction rolled back after the module."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            yield
            return
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", quiet_logins=True, stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        _skip(
            f"the SQL floors are PostgreSQL's; the database is {connection.vendor}"
            " (set DATABASE_URL to a PostgreSQL database to run this test)"
        )


def floors():
    """The floors to check: SQL always, pandas where it is installed."""
    kinds = ["sql"]
    if importlib.util.find_spec("pandas") is not None:
        kinds.append("pandas")
    else:
        print("SKIPPED: the pandas floors (install the optional 'bench' dependencies)")
    return kinds


def scopes():
    """(label, projects, programme): each demo project alone, and each programme."""
    for project in Project.objects.order_by("slug"):
        yield project.slug, Project.objects.filter(pk=project.pk), None
    for programme in Programme.objects.filter(code__in=PROGRAMMES).order_by("code"):
        yield programme.code, figures.projects_of_programme(programme), programme


def _ids(projects) -> list[int]:
    return sorted(projects.values_list("pk", flat=True))


@pytest.mark.parametrize("as_of", DAYS)
def test_the_outcome_floors_give_the_reports_figures(as_of):
    checked = 0
    for label, projects, programme in scopes():
        expected = figures.outcomes(projects, as_of)
        for kind in floors():
            floor = getattr(outcome_floors, kind)
            assert floor(_ids(projects), as_of, programme and programme.pk) == expected, (
                f"{kind} floor of {label} on {as_of}"
            )
            checked += 1
    assert checked >= 5


@pytest.mark.parametrize("as_of", DAYS)
def test_the_indicator_floors_give_the_reports_figures(as_of):
    counted = 0
    for label, projects, programme in scopes():
        expected = indicators(projects, programme, as_of)
        counted += sum(row["achieved"] for s in expected["programmes"] for row in s["indicators"])
        for kind in floors():
            floor = getattr(indicator_floors, kind)
            assert floor(_ids(projects), as_of, programme and programme.pk) == expected, (
                f"{kind} floor of {label} on {as_of}"
            )
    # The demo has firms to count on every day checked: agreement on zeros proves nothing.
    assert counted > 0


def test_the_floors_agree_on_the_bench_scopes_when_they_are_empty():
    """A scope with no supported firm: zeros and empty breakdowns, never an error."""
    empty = Project.objects.none()
    day = date(2026, 6, 30)
    for kind in floors():
        assert getattr(outcome_floors, kind)([], day, None) == figures.outcomes(empty, day)
        assert getattr(indicator_floors, kind)([], day, None) == indicators(empty, None, day)

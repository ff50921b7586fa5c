"""The bench's floors of the participation report (config/bench/floors/) compute what the app
computes: the hand-counted dataset of tests/reports/conftest.py and a small generated world,
every scope, on PostgreSQL (the floors are PostgreSQL SQL). A floor that drifts from the app
would make the bench compare the app with something else, so this keeps them honest.

Skipped on SQLite; with ``REQUIRE_POSTGRESQL=1`` a skip is a failure.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from django.core.management.base import CommandError
from django.db import connection, transaction

from config.bench import reports, world
from config.bench.floors import participation
from reports.selectors.figures import projects_of_programme
from reports.services import report_body
from tests.factories.common import AS_OF

DAYS = (date(2026, 1, 15), AS_OF)


def require_postgresql() -> None:
    if connection.vendor == "postgresql":
        return
    reason = (
        f"the report floors are PostgreSQL SQL; the database is {connection.vendor}"
        " (set DATABASE_URL to a PostgreSQL database to run this test)"
    )
    if os.environ.get("REQUIRE_POSTGRESQL") == "1":
        pytest.fail(f"REQUIRE_POSTGRESQL=1 but {reason}")
    print(f"SKIPPED: {reason}")
    pytest.skip(reason)


def assert_floors_agree(project=None, programme=None, as_of: date = AS_OF) -> dict:
    if project is not None:
        ids = [project.pk]
    else:
        ids = sorted(projects_of_programme(programme).values_list("pk", flat=True))
    app = report_body(kind="participation", project=project, programme=programme, as_of=as_of)
    figures = app["figures"]
    programme_id = programme.pk if programme else None
    assert participation.sql(ids, as_of, programme_id) == figures
    # pandas sums floats where the app sums decimals: compared to 2 places, as the bench does.
    pandas = participation.pandas(ids, as_of, programme_id)
    assert reports.differing_keys(figures, pandas) == []
    return figures


@pytest.mark.django_db
@pytest.mark.parametrize("as_of", DAYS)
def test_the_participation_floors_agree_with_the_app_on_the_hand_counted_data(dataset, as_of):
    require_postgresql()
    alpha = assert_floors_agree(project=dataset.project, as_of=as_of)
    assert_floors_agree(project=dataset.other_project, as_of=as_of)
    assert_floors_agree(programme=dataset.programme, as_of=as_of)
    assert_floors_agree(programme=dataset.regional_programme, as_of=as_of)
    if as_of == AS_OF:  # the data is not empty: the comparison compared something
        assert alpha["firms_applied"] > 0 and alpha["timbank_decision_days_median"] is not None


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """A small bench world (2 % of scale 1), generated once for the module, rolled back."""
    from config.bench.generate import generate

    with django_db_blocker.unblock(), transaction.atomic():
        yield generate(1, scale_fraction=0.02, say=lambda text: None, runs=False)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_participation_floors_agree_with_the_app_on_a_generated_world(generated):
    require_postgresql()
    applied = {
        scope.label: assert_floors_agree(
            project=scope.project, programme=scope.programme, as_of=world.AS_OF
        )["firms_applied"]
        for scope in reports.scopes()
    }
    # At 2 % of scale 1 the small project may be empty; the programme never is.
    assert applied[f"programme {world.PROGRAMME_CODE}"] > 0


def test_the_bench_fails_naming_the_first_differing_figures():
    app = {"firms_applied": 3, "timbank_decision_days_median": 1.004, "by_region": []}
    same = {"firms_applied": 3, "timbank_decision_days_median": 1.0, "by_region": []}
    reports.agreement_check("participation", "project p", app, {"SQL": same, "pandas": same})
    other = {**same, "firms_applied": 4, "by_region": [{"region": "X"}]}
    with pytest.raises(CommandError, match=r"project p and its SQL floor disagree on: by_region"):
        reports.agreement_check("participation", "project p", app, {"SQL": other})

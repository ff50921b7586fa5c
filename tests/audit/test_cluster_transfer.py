"""export_cluster and import_cluster move one cluster's complete data: after an export, a
flush of the whole database (another installation) and an import, every report of the cluster
gives the same checksum."""

from __future__ import annotations

import importlib
import json
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from clusters.models import Cluster
from clusters.transfer import paths_to_cluster
from tests.audit.checksums import report_checksums

pytestmark = pytest.mark.django_db

AS_OF = date(2027, 12, 31)


# A real transaction per statement: PostgreSQL refuses to TRUNCATE (flush) inside the test's
# transaction while deferred constraint checks are pending.
@pytest.mark.django_db(transaction=True)
def test_round_trip_through_an_empty_installation_keeps_every_report_checksum(world, tmp_path):
    slug = world["cluster_a"].slug
    before = report_checksums(slug, AS_OF)
    assert len(before) >= 6
    rows_before = _rows_per_model(slug)
    assert rows_before["projects.enrolment"] and rows_before["internationalization.trip"]
    file = tmp_path / "alpha.json"

    call_command("export_cluster", slug, str(file))
    call_command("flush", "--noinput")
    assert not Cluster.objects.exists()
    call_command("import_cluster", str(file))

    assert report_checksums(slug, AS_OF) == before
    assert _rows_per_model(slug) == rows_before
    data = json.loads(file.read_text())
    assert all(row["model"] != "accounts.apitoken" for row in data["rows"])
    assert "password" not in json.dumps(data["users"])


def test_import_refuses_a_cluster_that_exists(world, tmp_path):
    file = tmp_path / "alpha.json"
    call_command("export_cluster", world["cluster_a"].slug, str(file))
    with pytest.raises(CommandError, match="already exists"):
        call_command("import_cluster", str(file))


def seed_indicator_catalogue() -> None:
    importlib.import_module("clusters.migrations.0003_indicator_catalogue").seed(apps, None)


def _rows_per_model(slug: str) -> dict[str, int]:
    cluster = Cluster.objects.get(slug=slug)
    return {
        model._meta.label_lower: model._base_manager.filter(**{path: cluster.pk}).count()
        for model, path in paths_to_cluster().items()
    }


@pytest.mark.django_db(transaction=True)
def test_the_demo_clusters_move_to_a_fresh_installation_with_every_checksum(tmp_path):
    # The demo has what the world lacks: programmes with indicators and yearly targets,
    # several clusters sharing a programme, years of history. A transactional test that ran
    # before may have flushed the catalogue the migrations seed: it is put back first.
    seed_indicator_catalogue()
    call_command("seed_demo", stdout=StringIO())
    slugs = sorted(Cluster.objects.values_list("slug", flat=True))
    before = {slug: report_checksums(slug, AS_OF) for slug in slugs}
    for slug in slugs:
        call_command("export_cluster", slug, str(tmp_path / f"{slug}.json"))
    call_command("flush", "--noinput")
    # A fresh installation has the common indicator catalogue its migration seeds: the
    # import must match those indicators, not create them again.
    seed_indicator_catalogue()
    for slug in slugs:
        call_command("import_cluster", str(tmp_path / f"{slug}.json"))
    assert {slug: report_checksums(slug, AS_OF) for slug in slugs} == before

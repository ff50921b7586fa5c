"""A person's data is exported on request and erased: the erasure anonymises their name and
address everywhere, history included, and changes no count nor report checksum."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from clusters.transfer import paths_to_cluster
from internationalization.services.timbank import consultant_save
from members.models import Person
from tests.audit.checksums import report_checksums
from tests.factories.clusters import UserFactory

pytestmark = pytest.mark.django_db

AS_OF = date(2027, 12, 31)
EMAIL = "committee.member@example.org"


def _dump() -> str:
    out = StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def _counts(cluster) -> dict[str, int]:
    return {
        model._meta.label_lower: model._base_manager.filter(**{path: cluster.pk}).count()
        for model, path in paths_to_cluster().items()
    }


@pytest.fixture
def cecilia(world):
    person = Person.objects.get(email="", user__email=EMAIL)
    person.email, person.phone = "cecilia@example.org", "+46 70 123 45 67"
    person.save()
    consultant_save(
        cluster=world["cluster_a"],
        data={"name": "Cecilia Committee Consulting", "services": ["legal"], "person": person},
    )
    return person


def test_export_holds_the_person_their_login_and_what_refers_to_them(cecilia, tmp_path):
    file = tmp_path / "cecilia.json"
    call_command("export_person", EMAIL, str(file))
    data = json.loads(file.read_text())
    assert [row["fields"]["first_name"] for row in data["people"]] == ["Cecilia"]
    assert [row["fields"]["email"] for row in data["users"]] == [EMAIL]
    assert "password" not in data["users"][0]["fields"]
    assert any(key.startswith("members.seat") for key in data["related"])
    assert any(key.startswith("members.historicalperson") for key in data["related"])


def test_erasure_leaves_no_trace_of_the_name_and_keeps_counts_and_checksums(world, cecilia):
    cluster = world["cluster_a"]
    before = report_checksums(cluster.slug, AS_OF)
    counts = _counts(cluster)
    assert "Cecilia" in _dump() and EMAIL in _dump()

    call_command("erase_person", EMAIL, "--yes")

    dump = _dump()
    for trace in ("Cecilia", EMAIL, "cecilia@example.org", "123 45 67"):
        assert trace not in dump, trace
    assert report_checksums(cluster.slug, AS_OF) == before
    assert _counts(cluster) == counts
    person = Person.objects.get(pk=cecilia.pk)
    assert person.seats.exists() and not person.user.is_active
    assert not person.user.has_usable_password()


def test_an_installation_admin_erases_a_person_from_the_admin(client, cecilia):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(
        reverse("admin:members_person_changelist"),
        {"action": "erase_personal_data", "_selected_action": [cecilia.pk]},
    )
    assert response.status_code == 302
    cecilia.refresh_from_db()
    assert cecilia.first_name != "Cecilia" and cecilia.email == ""

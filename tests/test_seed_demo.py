import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from clusters.models import Cluster, ClusterRole, FunderUser
from members.models import Organization, Representative
from tests.login import log_in

pytestmark = pytest.mark.django_db

DEMO_EMAILS = [
    "admin@example.com",
    "manager@example.com",
    "coach@example.com",
    "firm@example.com",
    "funder@example.com",
    "manager.kaluga@example.com",
]


def snapshot() -> dict:
    """Every seeded row, with its history count, so a second run that touches anything shows."""
    return {
        "users": list(User.objects.order_by("email").values_list("email", "password")),
        "clusters": list(Cluster.objects.order_by("slug").values()),
        "roles": list(ClusterRole.objects.order_by("pk").values()),
        "organizations": list(Organization.objects.order_by("pk").values()),
        "history": (Cluster.history.count(), Organization.history.count()),
    }


def test_seed_creates_the_three_clusters_and_the_demo_logins(capsys):
    call_command("seed_demo")
    assert set(Cluster.objects.values_list("slug", flat=True)) == {
        "fpx",
        "kaluga-pharma",
        "innokam",
    }
    output = capsys.readouterr().out
    for email in DEMO_EMAILS:
        assert email in output
        assert log_in(Client(), email, "clusterdesk"), email
    assert User.objects.get(email="admin@example.com").is_superuser
    assert ClusterRole.objects.get(user__email="manager@example.com").cluster.slug == "fpx"
    assert ClusterRole.objects.get(user__email="coach@example.com").role == "coach"
    kaluga = ClusterRole.objects.get(user__email="manager.kaluga@example.com")
    assert (kaluga.cluster.slug, kaluga.role) == ("kaluga-pharma", "manager")
    representative = Representative.objects.get(user__email="firm@example.com")
    assert representative.organization.cluster.slug == "fpx"
    assert FunderUser.objects.filter(user__email="funder@example.com").exists()


def test_seed_twice_changes_nothing(capsys):
    call_command("seed_demo")
    before = snapshot()
    capsys.readouterr()
    call_command("seed_demo")
    assert snapshot() == before
    assert "0 created, 0 updated" in capsys.readouterr().out


def test_seed_restores_a_changed_demo_row():
    call_command("seed_demo")
    Cluster.objects.filter(slug="fpx").update(city="Elsewhere")
    call_command("seed_demo")
    assert Cluster.objects.get(slug="fpx").city == "Gävle"


def test_reset_passwords_restores_the_demo_password():
    call_command("seed_demo")
    user = User.objects.get(email="manager@example.com")
    user.set_password("changed-by-someone")
    user.save()
    call_command("seed_demo", "--reset-passwords")
    assert log_in(Client(), "manager@example.com", "clusterdesk")

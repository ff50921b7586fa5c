"""Shared personas: staff of cluster A (manager, coach, viewer, admin), the manager of
cluster B, a firm representative and a funder user, and the anonymous visitor."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from clusters.models import StaffRole
from tests.access.world import build_world
from tests.celery_worker import celery_worker
from tests.factories.clusters import (
    ClusterFactory,
    ClusterRoleFactory,
    FunderUserFactory,
    UserFactory,
)
from tests.factories.members import OrganizationFactory, RepresentativeFactory

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def throttle_counts_in_local_memory(settings):
    """Throttle counters (the "throttle" cache, Redis where REDIS_URL is set) kept in the test
    process's memory beside the default cache, REDIS_URL or not: ``cache.clear()`` resets them
    and no count outlives its test. Tests of the shared cache set their own."""
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": ""},
    }


@pytest.fixture(autouse=True)
def reads_cached_in_local_memory(settings):
    """The read cache (Redis where REDIS_URL is set) in the test process's memory, emptied
    before each test: no test sees answers cached by another."""
    settings.CACHES = {
        **settings.CACHES,
        "reads": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "r"},
    }
    from django.core.cache import caches

    caches["reads"].clear()


@pytest.fixture(autouse=True)
def english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def cluster_a(db):
    return ClusterFactory(name="Alpha Cluster", slug="alpha")


@pytest.fixture
def cluster_b(db):
    return ClusterFactory(name="Beta Cluster", slug="beta", country="RU", city="Kaluga")


def _staff(cluster, role: str, email: str):
    return ClusterRoleFactory(cluster=cluster, role=role, user=UserFactory(email=email)).user


@pytest.fixture
def admin_a(cluster_a):
    return _staff(cluster_a, StaffRole.ADMIN, "admin.a@example.org")


@pytest.fixture
def manager_a(cluster_a):
    return _staff(cluster_a, StaffRole.MANAGER, "manager.a@example.org")


@pytest.fixture
def coach_a(cluster_a):
    return _staff(cluster_a, StaffRole.COACH, "coach.a@example.org")


@pytest.fixture
def viewer_a(cluster_a):
    return _staff(cluster_a, StaffRole.VIEWER, "viewer.a@example.org")


@pytest.fixture
def manager_b(cluster_b):
    return _staff(cluster_b, StaffRole.MANAGER, "manager.b@example.org")


@pytest.fixture
def firm_a(cluster_a):
    return OrganizationFactory(cluster=cluster_a, legal_name="Alpha Sealing AB")


@pytest.fixture
def firm_rep_a(firm_a):
    return RepresentativeFactory(
        organization=firm_a, user=UserFactory(email="rep.a@example.org")
    ).user


@pytest.fixture
def installation_admin(db):
    """An administrator of the whole installation (Django staff), with no cluster role."""
    return UserFactory(email="installation.admin@example.org", is_staff=True)


@pytest.fixture
def funder_user(db):
    return FunderUserFactory(user=UserFactory(email="funder@example.org")).user


@pytest.fixture
def world(cluster_a, cluster_b, manager_a, manager_b) -> dict:
    """One object of every kind in cluster A and the users of the access matrix's personas
    (tests/access/world.py)."""
    return build_world(
        cluster_a=cluster_a, cluster_b=cluster_b, manager_a=manager_a, manager_b=manager_b
    )


@pytest.fixture
def client_for():
    """A logged-in test client for a user: ``client_for(manager_a).get(...)``."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def anonymous_client() -> Client:
    return Client()


@pytest.fixture
def real_celery_worker(transactional_db, settings):
    """A real ``celery worker`` process on Redis, reading this test's database.

    Skipped without REDIS_URL; CI always sets it, so there it runs.
    """
    with celery_worker() as worker:
        yield worker


@pytest.fixture
def eager_tasks(settings):
    """Tasks (notification e-mails, report runs) run in the test's own thread even where
    REDIS_URL names a broker (CI), for tests about what a task does, not how it travels: the
    real worker has its own tests (``real_celery_worker``). Without it, in CI a ``.delay()``
    would wait in Redis for a worker no test runs, and ``.get()`` would wait forever."""
    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def pytest_terminal_summary(terminalreporter):
    """The access tests' routes x personas x methods, for the closing note (tests/access/
    tally.py); nothing when they did not run."""
    from tests.access import tally

    for line in tally.summary():
        terminalreporter.write_line(line)

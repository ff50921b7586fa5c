"""What the timbank, trip and receipt tests start from: a project whose activities span
2020–2030 (so no test depends on today), cluster A's firm enrolled in it with a coach, the
project's timbank pool and a consultant. Modules that need another project or enrolment
define their own."""

from __future__ import annotations

from decimal import Decimal

import pytest

from clusters.models import StaffRole
from internationalization.models import TimbankPool
from internationalization.services.timbank import consultant_save, timbank_pool_set
from tests.factories.clusters import ClusterRoleFactory
from tests.factories.projects import EnrolmentFactory, ProjectFactory


@pytest.fixture
def media_root(settings, tmp_path):
    """Receipts go to a folder of the test, never to the project's media."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def project(cluster_a):
    return ProjectFactory(cluster=cluster_a)


@pytest.fixture
def coach(cluster_a):
    return ClusterRoleFactory(cluster=cluster_a, role=StaffRole.COACH).user


@pytest.fixture
def enrolment(project, firm_a, firm_rep_a, coach):
    """firm_a, active in the project, represented by firm_rep_a and coached by ``coach``."""
    return EnrolmentFactory(project=project, organization=firm_a, coach=coach)


@pytest.fixture
def pool(project):
    return timbank_pool_set(
        project=project, hours_total=Decimal("10"), hourly_value=Decimal("90"), currency="EUR"
    )


@pytest.fixture
def consultant(cluster_a):
    return consultant_save(cluster=cluster_a, data={"name": "Lex Legal AB", "services": ["legal"]})


@pytest.fixture
def reserved(project):
    """``reserved()``: the hours the project's pool holds for approved requests, read now."""
    return lambda: TimbankPool.objects.get(project=project).hours_reserved

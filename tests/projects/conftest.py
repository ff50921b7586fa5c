"""A project of cluster A open for enrolment today, its partners' coaches per region, and
firms in and out of its rules."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from clusters.models import StaffRole
from projects.choices import ProjectStatus
from projects.services import (
    enrolment_apply,
    partner_coach_add,
    project_partner_add,
    project_save,
)
from projects.services.terms import (
    cohort_save,
)
from tests.factories.clusters import ClusterRoleFactory, UserFactory
from tests.factories.common import ASSESSMENT
from tests.factories.members import OrganizationFactory, RepresentativeFactory, micro_firm


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def project(cluster_a, today):
    """TRIIP-like: two regions, micro-firms only, enrolment open since last month."""
    return project_save(
        cluster=cluster_a,
        data={
            "name": "Alpha abroad",
            "slug": "alpha-abroad",
            "status": ProjectStatus.OPEN,
            "start": today - timedelta(days=60),
            "end": today + timedelta(days=700),
            "enrolment_start": today - timedelta(days=30),
            "enrolment_end": today + timedelta(days=300),
            "regions": ["Gävleborg", "Dalarna"],
            "budget": Decimal("2000000"),
            "participation_fee": Decimal("500"),
            "target_firms": 60,
            "target_completed": 20,
            "max_employees": 9,
            "max_turnover_eur": Decimal("2000000"),
        },
    )


@pytest.fixture
def incubator(cluster_a):
    return OrganizationFactory(cluster=cluster_a, legal_name="Alpha Incubator AB")


@pytest.fixture
def coach_gavleborg(cluster_a):
    return ClusterRoleFactory(
        cluster=cluster_a, role=StaffRole.COACH, user=UserFactory(email="carl@example.org")
    ).user


@pytest.fixture
def coach_dalarna(cluster_a):
    return ClusterRoleFactory(
        cluster=cluster_a, role=StaffRole.COACH, user=UserFactory(email="dalia@example.org")
    ).user


@pytest.fixture
def partner(project, incubator, coach_gavleborg, coach_dalarna):
    partner = project_partner_add(project=project, organization=incubator, role="operational")
    partner_coach_add(partner=partner, coach=coach_gavleborg, regions=["Gävleborg"])
    partner_coach_add(partner=partner, coach=coach_dalarna, regions=["Dalarna"])
    return partner


@pytest.fixture
def cohort(project):
    return cohort_save(project=project, data={"name": "Industrial"})


@pytest.fixture
def eligible_firm(firm_a):
    """cluster A's firm (represented by firm_rep_a), made a micro-firm in Dalarna."""
    firm_a.region, firm_a.employees, firm_a.turnover = "Dalarna", 4, Decimal("800000")
    firm_a.sectors = "C22.19"
    firm_a.save()
    return firm_a


@pytest.fixture
def other_firm(cluster_a):
    """A second firm of cluster A with its own representative."""
    firm = micro_firm(cluster_a, "Beta Boats AB")
    RepresentativeFactory(organization=firm, user=UserFactory(email="rep.other@example.org"))
    return firm


@pytest.fixture
def other_rep(other_firm):
    return other_firm.representatives.get().user


@pytest.fixture
def application(project, eligible_firm, firm_rep_a, partner):
    return enrolment_apply(
        project=project, organization=eligible_firm, assessment=ASSESSMENT, actor=firm_rep_a
    )


@pytest.fixture
def other_application(project, other_firm, other_rep, partner):
    return enrolment_apply(
        project=project, organization=other_firm, assessment=ASSESSMENT, actor=other_rep
    )

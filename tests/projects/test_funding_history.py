"""Replacing a project's funding shares keeps the shares of every earlier moment recoverable,
and the project page shows the changes."""

from decimal import Decimal

import pytest
from django.utils import timezone

from projects.models import ProjectFunding
from projects.services import project_set_funding
from tests.projects.test_project_pages import programme

pytestmark = pytest.mark.django_db


def test_replaced_funding_shares_stay_recoverable_as_of_before_the_change(
    client_for, manager_a, project, cluster_a
):
    erdf, region = programme(cluster_a, "ERDF-1"), programme(cluster_a, "REGION-1")
    project_set_funding(project=project, shares={erdf: Decimal("60"), region: Decimal("40")})
    before_change = timezone.now()
    project_set_funding(project=project, shares={erdf: Decimal("100")})

    then = ProjectFunding.history.as_of(before_change).filter(project_id=project.pk)
    assert {f.programme_id: f.share for f in then} == {erdf.pk: 60, region.pk: 40}
    now = ProjectFunding.objects.filter(project=project)
    assert {f.programme_id: f.share for f in now} == {erdf.pk: 100}

    page = client_for(manager_a).get(project.get_absolute_url())
    history = page.context["funding_history"]
    assert [(entry.subject, entry.kind) for entry in history][:2] == [
        ("REGION-1", "-"),
        ("ERDF-1", "~"),
    ]
    assert history[1].changes[0].old == "60.00" and history[1].changes[0].new == "100.00"
    assert "Earlier funding shares" in page.content.decode()

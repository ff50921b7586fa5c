"""Pickers offer only what can be chosen (issue 10, point 7): the application form lists the
firms that may apply (firms, not universities or authorities, not enrolled already); a coach
serving another region is assigned only once the manager confirms it, in the form and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from members.choices import Helix, OrganizationType
from projects.services import enrolment_apply, enrolment_record_interview
from tests.factories.common import ASSESSMENT, TODAY
from tests.factories.members import micro_firm

pytestmark = pytest.mark.django_db


def test_the_apply_form_offers_only_firms_not_yet_enrolled(
    client_for, manager_a, cluster_a, project, eligible_firm
):
    enrolled = micro_firm(cluster_a, "Enrolled Sealing AB", region="Dalarna")
    enrolment_apply(project=project, organization=enrolled, assessment=ASSESSMENT, actor=manager_a)
    university = micro_firm(
        cluster_a,
        "University of Gävle",
        helix=Helix.ACADEMIA,
        org_type=OrganizationType.UNIVERSITY,
    )
    authority = micro_firm(
        cluster_a,
        "Region Gävleborg",
        helix=Helix.GOVERNMENT,
        org_type=OrganizationType.PUBLIC_AUTHORITY,
    )
    page = client_for(manager_a).get(reverse("projects:apply", args=[project.slug]))
    offered = list(page.context["form"].fields["organization"].queryset)
    assert eligible_firm in offered
    assert enrolled not in offered and university not in offered and authority not in offered


def test_an_organization_that_is_not_a_firm_cannot_apply(manager_a, cluster_a, project):
    university = micro_firm(
        cluster_a, "University of Gävle", helix=Helix.ACADEMIA, org_type=OrganizationType.UNIVERSITY
    )
    with pytest.raises(ValidationError) as refused:
        enrolment_apply(
            project=project, organization=university, assessment=ASSESSMENT, actor=manager_a
        )
    assert "firm" in " ".join(refused.value.message_dict["organization"])


@pytest.fixture
def interviewed(application, manager_a):
    return enrolment_record_interview(
        enrolment=application, held_on=TODAY, notes="", actor=manager_a
    )


def test_a_coach_of_another_region_is_assigned_only_once_confirmed(
    client_for, manager_a, interviewed, coach_gavleborg, coach_dalarna
):
    """The firm is in Dalarna; the Gävleborg coach needs the manager's confirmation."""
    client = client_for(manager_a)
    url = reverse("projects:enrolment-decide", args=[interviewed.pk])
    data = {"accept": "yes", "coach": coach_gavleborg.pk, "decided_on": TODAY.isoformat()}
    response = client.post(url, data)
    assert response.status_code == 400
    message = " ".join(response.context["decide_form"].errors["coach"])
    assert "Gävleborg" in message and "Dalarna" in message
    interviewed.refresh_from_db()
    assert interviewed.coach is None
    api = APIClient()
    api.force_authenticate(manager_a)
    refused = api.post(
        reverse("api:enrolment-decide", args=[interviewed.pk]),
        {"accept": True, "coach": coach_gavleborg.pk},
        format="json",
    )
    assert refused.status_code == 400
    assert "Dalarna" in " ".join(refused.json()["coach"])
    confirmed = client.post(url, {**data, "coach_other_region": "on"})
    assert confirmed.status_code == 302
    interviewed.refresh_from_db()
    assert interviewed.coach == coach_gavleborg


def test_a_coach_of_the_firms_region_needs_no_confirmation(
    client_for, manager_a, interviewed, coach_dalarna
):
    url = reverse("projects:enrolment-decide", args=[interviewed.pk])
    response = client_for(manager_a).post(
        url, {"accept": "yes", "coach": coach_dalarna.pk, "decided_on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    interviewed.refresh_from_db()
    assert interviewed.coach == coach_dalarna

"""Issue 10, point 7: sentences with a hole, a default country from the wrong cluster, a
flash message that says what is not true."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from members.models import Organization
from members.services import organization_create
from projects.choices import ProjectStatus
from reports.models import ReportRun, RunStatus
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db

ALLIANCE_LEADS = {
    "en": "Partner agreements of Alpha Cluster with clusters abroad.",
    "sv": "Alpha Cluster",
    "ru": "Alpha Cluster",
}


@pytest.mark.parametrize("language", ["en", "sv", "ru"])
def test_the_alliances_page_names_the_cluster_in_its_lead_sentence(client_for, manager_a, language):
    client = client_for(manager_a)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(reverse("members:alliance-list")).content.decode()
    lead = re.search(r'<p class="lead">(.*?)</p>', page, re.S).group(1)
    assert ALLIANCE_LEADS[language] in lead


CURRENT_CLUSTER_HEADINGS = [
    "members:directory",
    "members:person-list",
    "members:body-list",
    "members:alliance-list",
    "internationalization:trip-list",
    "internationalization:timbank-queue",
    "internationalization:consultant-list",
    "reports:alliance-portfolio",
    "reports:overview",
]


@pytest.mark.parametrize("name", CURRENT_CLUSTER_HEADINGS)
def test_pages_about_the_current_cluster_name_it(client_for, manager_a, name):
    page = client_for(manager_a).get(reverse(name)).content.decode()
    assert " of  " not in page and " of with" not in page and " of </" not in page
    assert "Alpha Cluster" in page


def test_the_new_organization_form_proposes_the_clusters_own_country(client_for, manager_b):
    form = client_for(manager_b).get(reverse("members:organization-create")).context["form"]
    assert form["country"].value() == "RU"


def test_an_organization_created_without_a_country_takes_the_clusters(cluster_b):
    firm = organization_create(
        cluster=cluster_b, data={"legal_name": "OOO Kaluga Parts", "registry_id": "1024000000001"}
    )
    assert Organization.objects.get(pk=firm.pk).country == "RU"


def test_an_organization_created_over_the_api_takes_the_clusters_country(client_for, manager_b):
    response = client_for(manager_b).post(
        reverse("api:organization-list"),
        {"legal_name": "OOO Kaluga Parts", "registry_id": "1024000000002", "cluster": "beta"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Organization.objects.get(legal_name="OOO Kaluga Parts").country == "RU"


def test_a_report_already_done_is_announced_as_ready_with_a_link(
    transactional_db, client_for, manager_a, cluster_a, eager_tasks
):
    project = ProjectFactory(cluster=cluster_a, status=ProjectStatus.RUNNING)
    client = client_for(manager_a)
    url = reverse("reports:project-reports", kwargs={"slug": project.slug})
    response = client.post(url, {"kind": "participation"}, follow=True)
    run = ReportRun.objects.get()
    assert run.status == RunStatus.DONE
    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1
    assert "being computed" not in messages[0]
    assert "ready" in messages[0]
    assert f'href="{run.get_absolute_url()}"' in messages[0]
    assert f'href="{run.get_absolute_url()}"' in response.content.decode()


def test_a_report_still_queued_is_announced_as_being_computed(client_for, manager_a, cluster_a):
    # Inside the test's transaction the task waits for a commit that never comes.
    project = ProjectFactory(cluster=cluster_a, status=ProjectStatus.RUNNING)
    response = client_for(manager_a).post(
        reverse("reports:project-reports", kwargs={"slug": project.slug}),
        {"kind": "participation"},
        follow=True,
    )
    assert ReportRun.objects.get().status == RunStatus.QUEUED
    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["The participation report is being computed."]

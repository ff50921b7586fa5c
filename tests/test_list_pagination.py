"""Every paginated list keeps its filters on the next page.

Each list gets one page and one row of matches (26 at 25 a page) and a decoy that only the
second filter leaves out: the "Next" link must ask for page 2 with every filter, and page 2
must hold exactly the one last match.
"""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from clusters.models import Funder, StaffRole
from internationalization.models import Consultant
from internationalization.services.timbank import timbank_pool_set
from internationalization.services.trips import trip_reject
from members.models import Body, Person
from projects.models import Project
from tests.factories.activities import make_workshop, timbank_request_for, trip_applied_for
from tests.factories.clusters import (
    ClusterFactory,
    ClusterRoleFactory,
    FunderFactory,
    make_programme,
)
from tests.factories.members import OrganizationFactory, alliance
from tests.factories.projects import EnrolmentFactory, ProjectFactory

pytestmark = pytest.mark.django_db

MATCHES = 26
NEXT_LINK = re.compile(r'<a href="([^"]*)"[^>]*>Next</a>')


def enrolments(cluster, project, count: int = MATCHES, status: str = "active"):
    return [
        EnrolmentFactory(
            project=project, organization=OrganizationFactory(cluster=cluster), status=status
        )
        for _ in range(count)
    ]


def trips(cluster, manager):
    project = ProjectFactory(cluster=cluster)
    *matches, decoy = enrolments(cluster, project, MATCHES + 1)
    for enrolment in matches:
        trip_applied_for(enrolment, manager)
    trip_reject(trip=trip_applied_for(decoy, manager), reason="No budget left.", actor=manager)
    return reverse("internationalization:trip-list"), {"q": "Nuremberg", "status": "applied"}


def timbank_queue(cluster, manager):
    project = ProjectFactory(cluster=cluster)
    timbank_pool_set(
        project=project, hours_total=Decimal("1000"), hourly_value=Decimal("90"), currency="EUR"
    )
    *matches, decoy = enrolments(cluster, project, MATCHES + 1)
    for enrolment in matches:
        timbank_request_for(enrolment, manager)
    timbank_request_for(decoy, manager, service="translation")
    return reverse("internationalization:timbank-queue"), {"q": "Firm", "service": "legal"}


def consultants(cluster, manager):
    Consultant.objects.bulk_create(
        Consultant(cluster=cluster, name=name, services=["legal"])
        for name in [*(f"Lex {n} AB" for n in range(MATCHES)), "Translators AB"]
    )
    return reverse("internationalization:consultant-list"), {"q": "Lex"}


def workshops(cluster, manager):
    project = ProjectFactory(cluster=cluster)
    for n in range(MATCHES):
        make_workshop(project, title=f"Export vision {n}", day=date(2024, 1, 1))
    make_workshop(project, title="Export vision, the first", day=date(2021, 1, 1))
    return (
        reverse("internationalization:workshop-list", args=[project.slug]),
        {"q": "vision", "date_after": "2023-12-31"},
    )


def member_directory(cluster, manager):
    for _ in range(MATCHES):
        OrganizationFactory(cluster=cluster, helix="industry")
    OrganizationFactory(cluster=cluster, helix="academia")
    return reverse("members:directory"), {"q": "Firm", "helix": "industry"}


def people(cluster, manager):
    Person.objects.bulk_create(
        Person(cluster=cluster, first_name=f"Anna {n}", last_name="Berg", consent=n < MATCHES)
        for n in range(MATCHES + 1)
    )
    return reverse("members:person-list"), {"q": "Anna Berg", "consent": "true"}


def alliances(cluster, manager):
    for n in range(MATCHES):
        alliance(cluster, name=f"Partner {n}")
    alliance(cluster, name="Partner in a consortium", kind="project_consortium")
    return reverse("members:alliance-list"), {"q": "Partner", "kind": "sister_city"}


def bodies(cluster, manager):
    Body.objects.bulk_create(
        Body(cluster=cluster, name=f"Committee {n}", kind="committee" if n < MATCHES else "board")
        for n in range(MATCHES + 1)
    )
    return reverse("members:body-list"), {"q": "Committee", "kind": "committee"}


def projects(cluster, manager):
    for n in range(MATCHES + 1):
        ProjectFactory(cluster=cluster, slug=f"project-{n}")
    Project.objects.filter(slug="project-0").update(status="open")
    return reverse("projects:project-list"), {"q": "Project", "status": "running"}


def project_enrolments(cluster, manager):
    project = ProjectFactory(cluster=cluster)
    enrolments(cluster, project)
    enrolments(cluster, project, count=1, status="applied")
    return (
        reverse("projects:enrolment-list", args=[project.slug]),
        {"q": "Firm", "status": "active"},
    )


def cluster_list(cluster, manager):
    for n in range(MATCHES + 1):
        ClusterRoleFactory(
            cluster=ClusterFactory(name=f"Node {n}", country="SE" if n < MATCHES else "NO"),
            user=manager,
            role=StaffRole.MANAGER,
        )
    return reverse("clusters:list"), {"q": "Node", "country": "SE"}


def programmes(cluster, manager):
    funder = FunderFactory(name="European Regional Development Fund")
    for n in range(MATCHES):
        make_programme(cluster, funder, code=f"ERDF-{n}")
    make_programme(cluster, funder, code="ERDF-SEK", currency="SEK")
    return reverse("clusters:programme-list"), {"q": "ERDF", "currency": "EUR"}


def funders(cluster, manager):
    Funder.objects.bulk_create(
        Funder(name=f"Fund {n}", kind="eu_fund" if n < MATCHES else "private")
        for n in range(MATCHES + 1)
    )
    return reverse("clusters:funder-list"), {"q": "Fund", "kind": "eu_fund"}


LISTS = [
    trips,
    timbank_queue,
    consultants,
    workshops,
    member_directory,
    people,
    alliances,
    bodies,
    projects,
    project_enrolments,
    cluster_list,
    programmes,
    funders,
]


@pytest.mark.parametrize("make_list", LISTS, ids=[make_list.__name__ for make_list in LISTS])
def test_the_next_page_keeps_every_filter(make_list, client_for, cluster_a, manager_a):
    url, filters = make_list(cluster_a, manager_a)
    client = client_for(manager_a)
    first = client.get(url, filters)
    assert first.status_code == 200
    links = NEXT_LINK.findall(first.content.decode())
    assert links, f"{url} with {filters} shows no link to a next page"
    query = parse_qs(urlparse(html.unescape(links[0])).query)
    assert query == {**{key: [value] for key, value in filters.items()}, "page": ["2"]}
    second = client.get(url, {**filters, "page": 2})
    assert len(second.context["page_obj"].object_list) == 1

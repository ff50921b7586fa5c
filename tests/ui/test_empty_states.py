"""Issue 10, point 7: an empty state never hides a refusal. A persona that may see no row of
a list, whatever the data, is told why (403 with the reason) instead of reading "nothing yet";
a persona that may see rows but has none is told what it sees, not that the cluster has none.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

NOTHING_YET = (
    "No firm has applied yet",
    "No governance bodies recorded yet",
    "No people recorded yet",
    "No fee schedule yet",
    "No fees for this selection",
    "This cluster has no organizations yet",
    "This cluster has no projects yet",
)

# (persona's world key, route, its kwargs from the world, a words of the reason)
REFUSED_LISTS = [
    ("funder_user", "projects:enrolment-list", "project", "firms"),
    ("other_funder_user", "members:body-list", None, "members of each body"),
    ("funder_user", "members:body-list", None, "members of each body"),
    ("coach", "members:body-list", None, "members of each body"),
    ("other_coach", "members:body-list", None, "members of each body"),
    ("firm_rep", "members:body-list", None, "members of each body"),
    ("coach", "members:person-list", None, "administrators, managers and viewers"),
    ("coach", "members:fees", None, "administrators, managers and viewers"),
]


def url_of(world, name, kwarg):
    if kwarg == "project":
        return reverse(name, kwargs={"slug": world["project"].slug})
    return reverse(name)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("persona", "name", "kwarg", "reason"), REFUSED_LISTS)
def test_a_list_no_row_of_which_the_persona_may_see_is_refused_with_the_reason(
    world, persona, name, kwarg, reason
):
    response = client_of(world[persona]).get(url_of(world, name, kwarg))
    page = response.content.decode()
    assert response.status_code == 403
    assert reason in page
    assert not [text for text in NOTHING_YET if text in page]


def test_a_committee_member_still_reads_the_bodies_it_sits_in(world):
    page = client_of(world["committee_member"]).get(reverse("members:body-list"))
    assert page.status_code == 200
    assert "HR committee" in page.content.decode()


def test_a_coach_with_no_firm_is_told_none_is_assigned_not_that_the_cluster_has_none(world):
    client = client_of(world["other_coach"])
    for name in ("members:directory", "projects:project-list"):
        page = client.get(reverse(name)).content.decode()
        assert not [text for text in NOTHING_YET if text in page], name
        assert "assigned to you" in page, name


def test_the_office_still_reads_its_empty_lists_as_empty(client_for, manager_a):
    page = client_for(manager_a).get(reverse("members:body-list")).content.decode()
    assert "No governance bodies recorded yet" in page

"""People pages: the list, a person's page, adding and editing people and affiliations."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from members.choices import BodyKind, SeatRole
from members.models import Affiliation, Person
from members.services import affiliation_save, body_save, person_save, seat_save
from tests.factories.clusters import UserFactory
from tests.factories.members import OrganizationFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def make_person(cluster, first: str = "Ann", last: str = "Alpha", **extra) -> Person:
    return person_save(cluster=cluster, data={"first_name": first, "last_name": last, **extra})


def person_form(**changes) -> dict:
    data = {
        "first_name": "Karin",
        "last_name": "Ek",
        "email": "karin.ek@example.org",
        "phone": "+46 26 100 000",
        "consent": "on",
        "consent_on": "2024-01-15",
        "user": "",
    }
    return {**data, **changes}


def affiliation_form(organization, **changes) -> dict:
    data = {
        "organization": organization.pk,
        "title": "Lecturer",
        "share_of_time": "40",
        "start": "2020-01-01",
        "end": "",
    }
    return {**data, **changes}


@pytest.fixture
def ann(cluster_a):
    return make_person(cluster_a)


# Adding and editing people ------------------------------------------------------------------


def test_manager_adds_a_person_who_then_has_a_page_with_history(client_for, manager_a, cluster_a):
    client = client_for(manager_a)
    response = client.post(reverse("members:person-create"), person_form())
    person = Person.objects.get(cluster=cluster_a, last_name="Ek")
    assert response.status_code == 302
    assert response["Location"] == person.get_absolute_url()
    assert person.consent_on == date(2024, 1, 15)
    page = client.get(person.get_absolute_url()).content.decode()
    assert "karin.ek@example.org" in page
    assert manager_a.email in page  # who created it, from the audit history


def test_consent_without_a_date_is_refused_at_the_field(client_for, manager_a):
    response = client_for(manager_a).post(
        reverse("members:person-create"), person_form(consent_on="")
    )
    assert response.status_code == 200
    assert "Say when the consent was given." in str(response.context["form"].errors["consent_on"])
    assert 'class="field-errors"' in response.content.decode()
    assert not Person.objects.exists()


def representative_of(cluster, email: str):
    """An account tied to ``cluster``: it represents one of its members."""
    return RepresentativeFactory(
        organization=OrganizationFactory(cluster=cluster), user=UserFactory(email=email)
    ).user


NOT_LINKABLE = "No account that can be linked here has this e-mail address."


def test_a_user_account_is_linked_by_its_email(client_for, manager_a, cluster_a, ann):
    account = representative_of(cluster_a, "ann.alpha@example.org")
    client = client_for(manager_a)
    url = reverse("members:person-edit", args=[ann.pk])

    unknown = client.post(url, person_form(first_name="Ann", user="nobody@example.org"))
    assert unknown.status_code == 200
    assert NOT_LINKABLE in str(unknown.context["form"].errors["user"])
    ann.refresh_from_db()
    assert ann.user is None

    linked = client.post(url, person_form(first_name="Ann", user="Ann.Alpha@example.org"))
    assert linked.status_code == 302
    ann.refresh_from_db()
    assert ann.user == account
    assert client.get(url).context["form"]["user"].value() == "ann.alpha@example.org"
    assert "ann.alpha@example.org" in client.get(ann.get_absolute_url()).content.decode()


def test_one_account_links_to_one_person_only(client_for, manager_a, cluster_a, ann):
    account = representative_of(cluster_a, "shared@example.org")
    make_person(cluster_a, "Bo", "Beta", user=account)
    response = client_for(manager_a).post(
        reverse("members:person-edit", args=[ann.pk]), person_form(user="shared@example.org")
    )
    assert response.status_code == 200
    assert "user" in response.context["form"].errors


def test_a_person_is_not_linked_to_an_account_without_a_tie_to_the_cluster(
    client_for, manager_a, manager_b, cluster_b, ann
):
    """Another cluster's manager, a firm of another cluster, an account linked to a person of
    another cluster: refused with the one message a made-up address gets, so the form does
    not tell which accounts exist."""
    elsewhere = representative_of(cluster_b, "rep.beta@example.org")
    linked_elsewhere = UserFactory(email="linked.beta@example.org")
    make_person(cluster_b, "Lin", "Beta", user=linked_elsewhere)
    client = client_for(manager_a)
    url = reverse("members:person-edit", args=[ann.pk])
    answers = {}
    for email in (manager_b.email, elsewhere.email, linked_elsewhere.email, "nobody@example.org"):
        response = client.post(url, person_form(first_name="Ann", user=email))
        assert response.status_code == 200
        answers[email] = response.context["form"].errors["user"]
    assert len({str(errors) for errors in answers.values()}) == 1, answers
    assert NOT_LINKABLE in str(answers["nobody@example.org"])
    ann.refresh_from_db()
    assert ann.user is None


# Affiliations -------------------------------------------------------------------------------


def test_manager_adds_and_edits_an_affiliation(client_for, manager_a, cluster_a, ann):
    university = OrganizationFactory(cluster=cluster_a, legal_name="University of Gävle")
    client = client_for(manager_a)
    response = client.post(
        reverse("members:affiliation-create", args=[ann.pk]), affiliation_form(university)
    )
    assert response["Location"] == ann.get_absolute_url()
    affiliation = Affiliation.objects.get(person=ann)
    response = client.post(
        reverse("members:affiliation-edit", args=[affiliation.pk]),
        affiliation_form(university, end="2024-06-30"),
    )
    assert response["Location"] == ann.get_absolute_url()
    affiliation.refresh_from_db()
    assert affiliation.end == date(2024, 6, 30)
    page = client.get(ann.get_absolute_url()).content.decode()
    assert "University of Gävle" in page and "Lecturer" in page and "40 %" in page
    edit_page = client.get(reverse("members:affiliation-edit", args=[affiliation.pk]))
    assert manager_a.email in edit_page.content.decode()  # the affiliation's history


def test_an_affiliation_ending_before_it_starts_is_refused_at_the_field(
    client_for, manager_a, cluster_a, ann
):
    organization = OrganizationFactory(cluster=cluster_a)
    response = client_for(manager_a).post(
        reverse("members:affiliation-create", args=[ann.pk]),
        affiliation_form(organization, start="2024-01-01", end="2023-01-01"),
    )
    assert response.status_code == 200
    assert "The end comes before the start." in str(response.context["form"].errors["end"])
    assert not Affiliation.objects.exists()


def test_a_share_of_time_over_100_percent_is_refused_at_the_field(
    client_for, manager_a, cluster_a, ann
):
    organization = OrganizationFactory(cluster=cluster_a)
    response = client_for(manager_a).post(
        reverse("members:affiliation-create", args=[ann.pk]),
        affiliation_form(organization, share_of_time="120"),
    )
    assert response.status_code == 200
    assert "share_of_time" in response.context["form"].errors
    assert not Affiliation.objects.exists()


def test_affiliation_organizations_are_those_of_the_persons_cluster(
    client_for, manager_a, cluster_a, cluster_b, ann
):
    own = OrganizationFactory(cluster=cluster_a)
    foreign = OrganizationFactory(cluster=cluster_b)
    client = client_for(manager_a)
    url = reverse("members:affiliation-create", args=[ann.pk])
    assert list(client.get(url).context["form"].fields["organization"].queryset) == [own]
    response = client.post(url, affiliation_form(foreign))
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not Affiliation.objects.exists()


# The list -----------------------------------------------------------------------------------


def test_people_list_shows_the_current_clusters_people_and_searches_them(
    client_for, manager_a, cluster_a, cluster_b
):
    make_person(cluster_a, "Karin", "Ek", email="karin@gavle.example")
    make_person(cluster_a, "Anders", "Holm", email="anders@hig.example")
    make_person(cluster_b, "Olga", "Petrova")
    client = client_for(manager_a)
    names = [p.last_name for p in client.get(reverse("members:person-list")).context["people"]]
    assert names == ["Ek", "Holm"]

    def found(query: str) -> list[str]:
        response = client.get(reverse("members:person-list"), {"q": query})
        return [p.last_name for p in response.context["people"]]

    assert found("holm") == ["Holm"]
    assert found("gavle.example") == ["Ek"]
    assert found("Karin Ek") == ["Ek"]
    nothing = client.get(reverse("members:person-list"), {"q": "Petrova"})
    assert "Nobody matches" in nothing.content.decode()


def test_people_list_paginates_and_has_an_empty_state(client_for, manager_a, cluster_a):
    client = client_for(manager_a)
    empty = client.get(reverse("members:person-list"))
    assert "No people recorded yet." in empty.content.decode()
    for number in range(30):
        make_person(cluster_a, "P", f"Person{number:02d}")
    first_page = client.get(reverse("members:person-list"))
    assert first_page.context["is_paginated"]
    assert len(first_page.context["people"]) == 25
    assert len(client.get(reverse("members:person-list"), {"page": 2}).context["people"]) == 5


def test_people_list_query_budget(client_for, manager_a, cluster_a, django_assert_max_num_queries):
    organizations = [OrganizationFactory(cluster=cluster_a) for _ in range(3)]
    for number in range(12):
        person = make_person(cluster_a, "P", f"Person{number:02d}", user=UserFactory())
        for organization in organizations:
            affiliation_save(person=person, data={"organization": organization})
    client = client_for(manager_a)
    # session, user, current cluster, paginator count, the page of people with their user
    # accounts, their current affiliations with organizations, the user's staff roles (can
    # manage), the switcher's clusters.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("members:person-list"))
    assert len(response.context["people"]) == 12


def test_person_detail_query_budget(
    client_for, manager_a, cluster_a, django_assert_max_num_queries
):
    person = make_person(cluster_a, user=UserFactory())
    for _ in range(3):
        affiliation_save(
            person=person, data={"organization": OrganizationFactory(cluster=cluster_a)}
        )
        body = body_save(
            cluster=cluster_a, data={"name": f"Body {_}{person.pk}", "kind": BodyKind.BOARD}
        )
        seat_save(
            body=body,
            data={"person": person, "role": SeatRole.MEMBER, "term_start": date(2024, 1, 1)},
        )
    url = person.get_absolute_url()
    client = client_for(manager_a)
    # session, user, the person with cluster and account, the user's staff roles,
    # affiliations with organizations, seats with bodies and organizations, history, current
    # cluster, switcher.
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert len(response.context["seats"]) == 3


# Who may do what ----------------------------------------------------------------------------


def test_viewer_reads_people_but_cannot_change_them_and_is_told_why(
    client_for, viewer_a, cluster_a, ann
):
    affiliation = affiliation_save(
        person=ann, data={"organization": OrganizationFactory(cluster=cluster_a)}
    )
    client = client_for(viewer_a)
    assert client.get(reverse("members:person-list")).status_code == 200
    assert client.get(ann.get_absolute_url()).status_code == 200
    for url in (
        reverse("members:person-create"),
        reverse("members:person-edit", args=[ann.pk]),
        reverse("members:affiliation-create", args=[ann.pk]),
        reverse("members:affiliation-edit", args=[affiliation.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "administrators and managers" in response.content.decode(), url
    response = client.post(reverse("members:person-edit", args=[ann.pk]), person_form())
    assert response.status_code == 403
    ann.refresh_from_db()
    assert ann.last_name == "Alpha"


def test_manager_of_another_cluster_gets_404_and_changes_nothing(client_for, manager_b, ann):
    client = client_for(manager_b)
    assert client.get(ann.get_absolute_url()).status_code == 404
    response = client.post(reverse("members:person-edit", args=[ann.pk]), person_form())
    assert response.status_code == 404
    ann.refresh_from_db()
    assert ann.last_name == "Alpha"
    assert list(client.get(reverse("members:person-list")).context["people"]) == []


def test_coach_sees_no_people(client_for, coach_a, ann):
    client = client_for(coach_a)
    # Told why, not shown an empty list (issue 10, point 7).
    response = client.get(reverse("members:person-list"))
    assert response.status_code == 403
    assert "administrators, managers and viewers" in response.content.decode()
    assert client.get(ann.get_absolute_url()).status_code == 404


def test_a_person_linked_to_an_account_sees_their_own_record_only(client_for, cluster_a, ann):
    user = UserFactory()
    me = make_person(cluster_a, "Rustam", "Galiev", user=user)
    client = client_for(user)
    page = client.get(me.get_absolute_url())
    assert page.status_code == 200
    assert not page.context["can_manage"]
    assert not page.context["show_history"]
    assert client.get(ann.get_absolute_url()).status_code == 404
    assert client.get(reverse("members:person-edit", args=[me.pk])).status_code == 403

"""A project's completion rules: what "the whole process" requires, set by the cluster's
managers on the project page and over the API (docs/domain.md §2)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from projects.models import CompletionRule, Project
from projects.services.terms import (
    completion_rule_save,
    project_set_completion_rules,
)
from tests.factories.members import micro_firm
from tests.factories.projects import running_project

pytestmark = pytest.mark.django_db


def rules_of(project) -> list[tuple]:
    return sorted(
        project.completion_rules.values_list("activity", "minimum", "stage"),
    )


def create_url(project) -> str:
    return reverse("projects:completion-rule-create", args=[project.slug])


def remove_url(rule) -> str:
    return reverse("projects:completion-rule-remove", args=[rule.project.slug, rule.pk])


def field_errors(response, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))


@pytest.fixture
def coaching_rule(project):
    return completion_rule_save(project=project, data={"activity": "coaching", "minimum": 10})


# The project page -------------------------------------------------------------------------


def test_a_manager_sets_a_rule_on_the_project_page(client_for, manager_a, project):
    client = client_for(manager_a)
    form_page = client.get(create_url(project))
    assert form_page.status_code == 200
    response = client.post(create_url(project), {"activity": "workshops", "minimum": "2"})
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert rules_of(project) == [("workshops", Decimal("2"), "")]
    page = client.get(project.get_absolute_url())
    assert [str(rule) for rule in page.context["completion_rules"]] == [
        "Workshops: 2 workshops attended"
    ]
    assert remove_url(project.completion_rules.get()) in page.content.decode()


def test_the_export_lab_asks_for_a_stage_and_other_activities_forget_it(
    client_for, manager_a, project
):
    client = client_for(manager_a)
    client.post(
        create_url(project), {"activity": "export_lab", "minimum": "0", "stage": "pilot_launch"}
    )
    client.post(create_url(project), {"activity": "trip", "minimum": "1", "stage": "evaluation"})
    assert rules_of(project) == [
        ("export_lab", Decimal("0"), "pilot_launch"),
        ("trip", Decimal("1"), ""),
    ]
    page = client.get(project.get_absolute_url())
    # In the order of the process, not of the activities' codes.
    assert [str(rule) for rule in page.context["completion_rules"]] == [
        "Trip to the target market: 1 trip done",
        "Export lab: reached Pilot launch",
    ]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"activity": "coaching", "minimum": "0"}, "minimum", "Give a minimum above zero."),
        ({"activity": "coaching", "minimum": "-2"}, "minimum", None),
        ({"activity": "workshops", "minimum": "1.5"}, "minimum", "Count whole workshops or trips."),
        (
            {"activity": "export_lab", "minimum": "0", "stage": ""},
            "stage",
            "Say which stage the firm must reach.",
        ),
        ({"activity": "mentoring", "minimum": "3"}, "activity", None),
    ],
)
def test_a_bad_rule_is_refused_next_to_its_field(
    client_for, manager_a, project, data, field, message
):
    response = client_for(manager_a).post(create_url(project), data)
    assert response.status_code == 200
    errors = field_errors(response, field)
    assert errors
    if message:
        assert errors == [message]
    assert not CompletionRule.objects.exists()


def test_a_rule_for_an_activity_already_listed_replaces_it(
    client_for, manager_a, project, coaching_rule
):
    response = client_for(manager_a).post(
        create_url(project), {"activity": "coaching", "minimum": "12.5"}
    )
    assert response.status_code == 302
    assert rules_of(project) == [("coaching", Decimal("12.5"), "")]
    assert project.completion_rules.get().pk == coaching_rule.pk


def test_a_manager_removes_a_rule(client_for, manager_a, project, coaching_rule):
    response = client_for(manager_a).post(remove_url(coaching_rule))
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert not project.completion_rules.exists()
    page = client_for(manager_a).get(project.get_absolute_url()).content.decode()
    assert "No rule set" in page


def test_the_rules_are_shown_to_those_who_see_the_project_without_the_buttons(
    client_for, viewer_a, firm_rep_a, project, coaching_rule
):
    for user in (viewer_a, firm_rep_a):
        page = client_for(user).get(project.get_absolute_url())
        assert [str(rule) for rule in page.context["completion_rules"]] == [
            "Business coaching: 10 h"
        ]
        content = page.content.decode()
        assert create_url(project) not in content
        assert remove_url(coaching_rule) not in content


def test_viewers_and_firms_may_not_set_or_remove_rules(
    client_for, viewer_a, firm_rep_a, coach_a, manager_b, project, coaching_rule
):
    # The viewer and the firm see the project (open) but may not change it; the coach of no
    # firm of it and another cluster's manager do not see it.
    for user, code in ((viewer_a, 403), (firm_rep_a, 403), (coach_a, 404), (manager_b, 404)):
        client = client_for(user)
        assert client.get(create_url(project)).status_code == code
        assert (
            client.post(create_url(project), {"activity": "trip", "minimum": "1"}).status_code
            == code
        )
        assert client.post(remove_url(coaching_rule)).status_code == code
    assert rules_of(project) == [("coaching", Decimal("10"), "")]


def test_a_rule_of_another_project_is_not_removed_through_this_one(
    client_for, manager_a, project, cluster_a
):
    other = running_project(
        cluster_a, "other", completion_rules=[{"activity": "trip", "minimum": 1}]
    )
    rule = other.completion_rules.get()
    url = reverse("projects:completion-rule-remove", args=[project.slug, rule.pk])
    assert client_for(manager_a).post(url).status_code == 404
    assert other.completion_rules.exists()


# The API ------------------------------------------------------------------------------------


@pytest.fixture
def api_for():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


def detail_url(project) -> str:
    return reverse("api:project-detail", args=[project.slug])


def test_a_patch_with_rules_replaces_them(api_for, manager_a, project, coaching_rule):
    response = api_for(manager_a).patch(
        detail_url(project),
        {
            "completion_rules": [
                {"activity": "workshops", "minimum": "2"},
                {"activity": "export_lab", "stage": "evaluation"},
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert rules_of(project) == [
        ("export_lab", Decimal("0"), "evaluation"),
        ("workshops", Decimal("2"), ""),
    ]
    assert sorted(rule["activity"] for rule in response.json()["completion_rules"]) == [
        "export_lab",
        "workshops",
    ]


def test_a_patch_without_rules_keeps_them_and_an_empty_list_clears_them(
    api_for, manager_a, project, coaching_rule
):
    client = api_for(manager_a)
    assert client.patch(detail_url(project), {"name": "Renamed"}, format="json").status_code == 200
    assert rules_of(project) == [("coaching", Decimal("10"), "")]
    response = client.patch(detail_url(project), {"completion_rules": []}, format="json")
    assert response.status_code == 200
    assert response.json()["completion_rules"] == []
    assert not project.completion_rules.exists()


@pytest.mark.parametrize(
    ("rules", "errors"),
    [
        (
            [{"activity": "trip", "minimum": "1"}, {"activity": "coaching", "minimum": "0"}],
            {"completion_rules": [{}, {"minimum": ["Give a minimum above zero."]}]},
        ),
        (
            [{"activity": "export_lab"}],
            {"completion_rules": [{"stage": ["Say which stage the firm must reach."]}]},
        ),
        (
            [{"activity": "export_lab", "stage": "orbit"}],
            {"completion_rules": [{"stage": ['"orbit" is not a valid choice.']}]},
        ),
        (
            [{"activity": "mentoring", "minimum": "1"}],
            {"completion_rules": [{"activity": ['"mentoring" is not a valid choice.']}]},
        ),
        (
            [{"activity": "trip", "minimum": "1"}, {"activity": "trip", "minimum": "2"}],
            {"completion_rules": ["One rule per activity."]},
        ),
    ],
)
def test_bad_rules_answer_400_with_field_errors_and_change_nothing(
    api_for, manager_a, project, coaching_rule, rules, errors
):
    response = api_for(manager_a).patch(
        detail_url(project), {"name": "Renamed", "completion_rules": rules}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == errors
    project.refresh_from_db()
    assert project.name == "Alpha abroad"
    assert rules_of(project) == [("coaching", Decimal("10"), "")]


def test_a_rule_refused_by_the_service_names_its_activity(manager_a, project):
    with pytest.raises(Exception) as error:
        project_set_completion_rules(
            project=project, rules=[{"activity": "coaching", "minimum": Decimal(0)}]
        )
    assert error.value.message_dict == {
        "completion_rules": ["Business coaching: Give a minimum above zero."]
    }


def test_a_project_is_created_with_its_rules_or_not_at_all(api_for, manager_a):
    payload = {
        "cluster": "alpha",
        "name": "Beta abroad",
        "slug": "beta-abroad",
        "start": "2026-08-01",
        "end": "2028-12-31",
        "enrolment_start": "2026-08-01",
        "enrolment_end": "2027-12-31",
    }
    client = api_for(manager_a)
    duplicate = [{"activity": "trip", "minimum": "1"}, {"activity": "trip", "minimum": "1"}]
    refused = client.post(
        reverse("api:project-list"), {**payload, "completion_rules": duplicate}, format="json"
    )
    assert refused.status_code == 400
    assert not Project.objects.exists()
    rules = [{"activity": "coaching", "minimum": "10"}]
    created = client.post(
        reverse("api:project-list"), {**payload, "completion_rules": rules}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert created.json()["completion_rules"] == [
        {"activity": "coaching", "minimum": "10.00", "stage": ""}
    ]


def test_viewers_may_not_change_the_rules_over_the_api(
    api_for, viewer_a, manager_b, project, coaching_rule
):
    body = {"completion_rules": []}
    assert api_for(viewer_a).patch(detail_url(project), body, format="json").status_code == 403
    assert api_for(manager_b).patch(detail_url(project), body, format="json").status_code == 404
    assert rules_of(project) == [("coaching", Decimal("10"), "")]


def test_the_project_list_shows_the_rules_in_a_fixed_number_of_queries(
    api_for, viewer_a, cluster_a, django_assert_max_num_queries
):
    for number in range(6):
        running_project(
            cluster_a,
            f"project-{number}",
            completion_rules=[
                {"activity": "coaching", "minimum": Decimal(10)},
                {"activity": "workshops", "minimum": Decimal(2)},
                {"activity": "export_lab", "stage": "evaluation"},
            ],
        )
    micro_firm(cluster_a, "Unrelated")
    client = api_for(viewer_a)
    # count, the page of projects with their cluster, their completion rules (one prefetch),
    # the viewer's staff roles.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("api:project-list"))
    rows = response.json()["results"]
    assert len(rows) == 6
    assert all(len(row["completion_rules"]) == 3 for row in rows)
    assert {"activity": "export_lab", "minimum": "0.00", "stage": "evaluation"} in rows[0][
        "completion_rules"
    ]

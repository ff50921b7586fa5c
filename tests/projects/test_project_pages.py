"""The project pages: list, detail, and the manager's forms for the project, its funding,
partners, coaches, targets and cohorts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from clusters.services import programme_save
from projects.choices import ProjectStatus
from projects.models import PartnerCoach, Project, ProjectFunding, ProjectPartner, ProjectTarget
from projects.services import (
    enrolment_apply,
    project_save,
    project_set_funding,
)
from projects.services.terms import (
    project_set_completion_rules,
    project_target_save,
)
from tests.factories.clusters import FunderFactory
from tests.factories.common import ASSESSMENT, TODAY
from tests.factories.members import micro_firm

pytestmark = pytest.mark.django_db


def project_form(**changes) -> dict:
    data = {
        "name": "Beta abroad",
        "slug": "beta-abroad",
        "status": ProjectStatus.PLANNED,
        "start": "2026-08-01",
        "end": "2028-12-31",
        "enrolment_start": "2026-08-01",
        "enrolment_end": "2027-12-31",
        "regions": "Gävleborg, Dalarna,  Värmland, Dalarna",
        "budget": "2000000",
        "currency": "EUR",
        "target_firms": "60",
        "target_completed": "20",
        "participation_fee": "500",
        "coaching_hours_default": "20",
        "max_employees": "9",
        "max_turnover_eur": "2000000",
        "allowed_size_classes": ["micro"],
        "allowed_sectors": "c22, J62.01",
        "description": "",
    }
    data.update(changes)
    return data


def programme(cluster, code: str):
    return programme_save(
        cluster=cluster,
        data={
            "funder": FunderFactory(),
            "name": code,
            "code": code,
            "budget": Decimal("1000000"),
            "currency": "EUR",
            "start": date(2020, 1, 1),
            "end": date(2030, 12, 31),
            "cofinancing_rate": Decimal("50"),
            "hourly_value": Decimal("90"),
        },
    )


def field_errors(response, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))


# The list


def test_staff_see_the_current_clusters_projects_with_their_counts(
    client_for, viewer_a, project, application, cluster_b
):
    project_save(
        cluster=cluster_b,
        data={
            "name": "Beta only",
            "slug": "beta-only",
            "start": date(2026, 1, 1),
            "end": date(2026, 12, 31),
            "enrolment_start": date(2026, 1, 1),
            "enrolment_end": date(2026, 6, 30),
        },
    )
    response = client_for(viewer_a).get(reverse("projects:project-list"))
    assert response.status_code == 200
    assert [project for project, _own in response.context["rows"]] == [project]
    assert response.context["rows"][0][0].applied_count == 1
    assert "Beta only" not in response.content.decode()


def test_the_status_filter_narrows_the_list_and_an_empty_result_says_so(
    client_for, manager_a, project
):
    client = client_for(manager_a)
    open_page = client.get(reverse("projects:project-list"), {"status": "open"})
    closed_page = client.get(reverse("projects:project-list"), {"status": "closed"})
    assert len(open_page.context["rows"]) == 1
    assert closed_page.context["rows"] == []
    assert "No project matches these filters." in closed_page.content.decode()


def test_a_cluster_without_projects_shows_an_empty_state(client_for, manager_a):
    response = client_for(manager_a).get(reverse("projects:project-list"))
    assert "This cluster has no projects yet." in response.content.decode()


def test_a_firm_representative_sees_open_projects_and_those_it_takes_part_in(
    client_for, firm_rep_a, project, cluster_a, today
):
    planned = project_save(
        cluster=cluster_a,
        data={
            "name": "Not yet",
            "slug": "not-yet",
            "status": ProjectStatus.PLANNED,
            "start": today,
            "end": today + timedelta(days=90),
            "enrolment_start": today,
            "enrolment_end": today + timedelta(days=30),
        },
    )
    response = client_for(firm_rep_a).get(reverse("projects:project-list"))
    listed = [project for project, _own in response.context["rows"]]
    assert listed == [project]
    assert planned not in listed
    assert reverse("projects:apply", args=[project.slug]) in response.content.decode()


def many_projects(cluster, today, count: int = 6) -> list[Project]:
    return [
        project_save(
            cluster=cluster,
            data={
                "name": f"Project {number}",
                "slug": f"project-{number}",
                "status": ProjectStatus.OPEN,
                "start": today,
                "end": today + timedelta(days=365),
                "enrolment_start": today - timedelta(days=1),
                "enrolment_end": today + timedelta(days=30),
            },
        )
        for number in range(count)
    ]


def test_project_list_query_budget(
    client_for, manager_a, firm_rep_a, firm_a, cluster_a, today, django_assert_max_num_queries
):
    for project in many_projects(cluster_a, today):
        enrolment_apply(
            project=project, organization=firm_a, assessment=ASSESSMENT, actor=manager_a
        )
    staff, firm = client_for(manager_a), client_for(firm_rep_a)
    # session, user, current cluster, the user's staff roles, page count, the page of
    # projects with cluster and enrolment counts, switcher, the navigation role.
    with django_assert_max_num_queries(8):
        response = staff.get(reverse("projects:project-list"))
    assert len(response.context["rows"]) == 6
    # session, user, current cluster (none), page count, the page of projects, the firm's
    # enrolments in them, switcher, the navigation role (staff roles, representations).
    with django_assert_max_num_queries(9):
        response = firm.get(reverse("projects:project-list"))
    assert all(enrolment is not None for _project, enrolment in response.context["rows"])


# The detail


def test_project_page_shows_funding_partners_targets_and_counts_to_office_staff(
    client_for, viewer_a, project, partner, cohort, application, coach_dalarna, cluster_a
):
    erdf = programme(cluster_a, "ERDF-1")
    region = programme(cluster_a, "REGION-1")
    project_set_funding(project=project, shares={erdf: Decimal("60"), region: Decimal("40")})
    project_target_save(project=project, data={"name": "Replicable model", "number": 1})
    response = client_for(viewer_a).get(project.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "ERDF-1" in page and "60 %" in page and "1,200,000 EUR" in page
    assert "Alpha Incubator AB" in page and "Operational partner" in page
    assert f"{coach_dalarna}: Dalarna" in page
    assert "Replicable model" in page and "Industrial" in page
    counts = {row.status: row.count for row in response.context["counts"]}
    assert counts["applied"] == 1
    assert response.context["progress"].involved == 0
    assert reverse("projects:enrolment-list", args=[project.slug]) in page
    assert not response.context["can_manage"]
    assert response.context["history"]


def test_firms_involved_counts_every_enrolment_ever_accepted(
    client_for, manager_a, project, partner, cluster_a
):
    from projects.services import (
        enrolment_activate,
        enrolment_decide,
        enrolment_drop,
        enrolment_record_interview,
    )

    def accepted(name):
        enrolment = enrolment_apply(
            project=project,
            organization=micro_firm(cluster_a, name),
            assessment=ASSESSMENT,
            actor=manager_a,
        )
        enrolment_record_interview(enrolment=enrolment, held_on=TODAY, notes="", actor=manager_a)
        return enrolment_decide(enrolment=enrolment, accept=True, reason="", actor=manager_a)

    accepted("One AB")
    enrolment_activate(enrolment=accepted("Two AB"), actor=manager_a)
    enrolment_drop(
        enrolment=accepted("Three AB"),
        phase="coaching",
        reason="lack_of_time",
        note="",
        actor=manager_a,
    )
    enrolment_apply(
        project=project,
        organization=micro_firm(cluster_a, "Four AB"),
        assessment=ASSESSMENT,
        actor=manager_a,
    )
    progress = client_for(manager_a).get(project.get_absolute_url()).context["progress"]
    assert (progress.involved, progress.target_firms, progress.involved_percent) == (3, 60, 5)


def test_a_firm_sees_the_terms_and_its_own_enrolment_but_no_internals(
    client_for, firm_rep_a, project, partner, application, other_application, cluster_a
):
    project_set_funding(project=project, shares={programme(cluster_a, "ERDF-1"): Decimal(100)})
    response = client_for(firm_rep_a).get(project.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Maximum employees" in page
    assert response.context["own_enrolments"] == [application]
    assert "ERDF-1" not in page
    assert "Alpha Incubator AB" not in page
    assert "Beta Boats" not in page
    assert "counts" not in response.context


def test_the_project_page_renders_without_the_activity_pages(client_for, manager_a, project):
    # The export-lab board and the timbank queue are linked only when their routes exist.
    assert client_for(manager_a).get(project.get_absolute_url()).status_code == 200


def test_another_clusters_staff_get_404_for_the_project(client_for, manager_b, project):
    assert client_for(manager_b).get(project.get_absolute_url()).status_code == 404


def test_project_detail_query_budget(
    client_for, manager_a, project, partner, cohort, cluster_a, django_assert_max_num_queries
):
    for number in range(5):
        enrolment_apply(
            project=project,
            organization=micro_firm(cluster_a, f"Firm {number}"),
            assessment=ASSESSMENT,
            actor=manager_a,
        )
        project_target_save(project=project, data={"name": f"Target {number}", "number": 1})
    project_set_completion_rules(
        project=project,
        rules=[
            {"activity": "coaching", "minimum": Decimal(10)},
            {"activity": "workshops", "minimum": Decimal(2)},
            {"activity": "export_lab", "stage": "evaluation"},
        ],
    )
    project_set_funding(project=project, shares={programme(cluster_a, "ERDF-1"): Decimal(100)})
    client = client_for(manager_a)
    # session, user, the project with its cluster, the user's staff roles, whether a firm is
    # left to apply for, completion rules, targets, cohorts, enrolment counts per status,
    # funding shares with programmes, partners, their coaches, history, the funding shares'
    # history and the records before each, current cluster, switcher.
    with django_assert_max_num_queries(17):
        response = client.get(project.get_absolute_url())
    assert len(response.context["targets"]) == 5
    assert len(response.context["completion_rules"]) == 3


# Create and edit


def test_a_manager_creates_a_project_with_lists_from_the_form(client_for, manager_a, cluster_a):
    response = client_for(manager_a).post(reverse("projects:project-create"), project_form())
    project = Project.objects.get(slug="beta-abroad")
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.cluster == cluster_a
    assert project.regions == ["Gävleborg", "Dalarna", "Värmland"]
    assert not project.completion_rules.exists()
    assert project.allowed_size_classes == ["micro"]
    assert project.allowed_sectors == ["C22", "J62.01"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end": "2026-01-01"}, "end"),
        ({"enrolment_end": "2026-07-01"}, "enrolment_end"),
        ({"budget": "-1"}, "budget"),
        ({"target_firms": "-5"}, "target_firms"),
        ({"participation_fee": "-500"}, "participation_fee"),
        ({"coaching_hours_default": "-2"}, "coaching_hours_default"),
        ({"allowed_sectors": "C22, plastics"}, "allowed_sectors"),
        ({"slug": "new"}, "slug"),
    ],
)
def test_bad_project_input_is_refused_at_the_field(client_for, manager_a, changes, field):
    response = client_for(manager_a).post(
        reverse("projects:project-create"), project_form(**changes)
    )
    assert response.status_code == 200
    assert field_errors(response, field), response.context["form"].errors
    assert not Project.objects.exists()


def test_a_slug_taken_elsewhere_is_refused(client_for, manager_b, project):
    response = client_for(manager_b).post(
        reverse("projects:project-create"), project_form(slug=project.slug)
    )
    assert field_errors(response, "slug")


def test_a_taken_slug_is_refused_without_saying_a_project_holds_it(client_for, manager_b, project):
    """Another cluster's project holds the slug: the refusal names no project, offers a free
    slug, and reads the same as for a slug the user's own cluster holds."""
    response = client_for(manager_b).post(
        reverse("projects:project-create"), project_form(slug=project.slug)
    )
    (message,) = response.context["form"].errors["slug"]
    assert "project" not in message.lower()
    assert f"{project.slug}-2 is free" in message


def test_a_manager_edits_the_project_and_the_change_is_audited(client_for, manager_a, project):
    client = client_for(manager_a)
    data = project_form(slug=project.slug, name="Alpha abroad II", regions="Dalarna")
    response = client.post(reverse("projects:project-edit", args=[project.slug]), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.name, project.regions) == ("Alpha abroad II", ["Dalarna"])
    history = client.get(project.get_absolute_url()).context["history"]
    assert any(change.field == "name" for change in history[0].changes)


def test_viewers_coaches_and_firms_may_not_edit(client_for, viewer_a, coach_a, firm_rep_a, project):
    url = reverse("projects:project-edit", args=[project.slug])
    assert client_for(viewer_a).get(url).status_code == 403
    # The coach and the firm see the project (open) but may not change it.
    assert client_for(firm_rep_a).get(url).status_code == 403
    assert client_for(coach_a).get(url).status_code == 404


def test_an_edit_refused_by_the_rules_changes_nothing(client_for, manager_a, project):
    data = project_form(slug=project.slug, name="Changed", end="2020-01-01")
    client_for(manager_a).post(reverse("projects:project-edit", args=[project.slug]), data)
    project.refresh_from_db()
    assert project.name == "Alpha abroad"


# Funding, partners, coaches, targets, cohorts


def test_funding_shares_must_add_up_to_100(client_for, manager_a, project, cluster_a):
    erdf, region = programme(cluster_a, "ERDF-1"), programme(cluster_a, "REGION-1")
    client = client_for(manager_a)
    url = reverse("projects:project-funding", args=[project.slug])
    form = client.get(url).context["form"]
    assert [p.code for p in form.programmes] == ["ERDF-1", "REGION-1"]
    refused = client.post(url, {f"share_{erdf.pk}": "60", f"share_{region.pk}": "30"})
    assert refused.status_code == 400
    assert refused.context["form"].share_errors == ["The shares add up to 90 %, not 100 %."]
    assert "The shares add up to 90 %" in refused.content.decode()
    assert not ProjectFunding.objects.exists()
    saved = client.post(url, {f"share_{erdf.pk}": "60", f"share_{region.pk}": "40"})
    assert saved.status_code == 302
    assert dict(ProjectFunding.objects.values_list("programme__code", "share")) == {
        "ERDF-1": Decimal("60.00"),
        "REGION-1": Decimal("40.00"),
    }


def test_only_the_clusters_programmes_are_offered_for_funding(
    client_for, manager_a, project, cluster_b
):
    programme(cluster_b, "BETA-ONLY")
    form = (
        client_for(manager_a)
        .get(reverse("projects:project-funding", args=[project.slug]))
        .context["form"]
    )
    assert form.programmes == []


def test_a_partner_is_an_organization_of_the_cluster(
    client_for, manager_a, project, incubator, cluster_b
):
    client = client_for(manager_a)
    url = reverse("projects:partner-create", args=[project.slug])
    outsider = micro_firm(cluster_b, "Outsider AB")
    refused = client.post(url, {"organization": outsider.pk, "role": "operational"})
    assert "organization" in refused.context["form"].errors
    client.post(url, {"organization": incubator.pk, "role": "owner"})
    assert ProjectPartner.objects.get().role == "owner"


def test_a_partner_coach_has_a_coach_role_and_serves_project_regions(
    client_for, manager_a, project, incubator, coach_a, viewer_a
):
    from projects.services import project_partner_add

    partner = project_partner_add(project=project, organization=incubator, role="operational")
    client = client_for(manager_a)
    url = reverse("projects:partner-coach-create", args=[project.slug, partner.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["coach"].queryset) == [coach_a]
    assert "coach" in client.post(url, {"coach": viewer_a.pk}).context["form"].errors
    wrong_region = client.post(url, {"coach": coach_a.pk, "regions": ["Värmland"]})
    assert "regions" in wrong_region.context["form"].errors
    client.post(url, {"coach": coach_a.pk, "regions": ["Dalarna"]})
    assert PartnerCoach.objects.get().regions == ["Dalarna"]


def test_targets_are_added_and_removed_by_managers(client_for, manager_a, project):
    client = client_for(manager_a)
    url = reverse("projects:target-create", args=[project.slug])
    assert (
        "number" in client.post(url, {"name": "Prototypes", "number": "-1"}).context["form"].errors
    )
    client.post(url, {"name": "Prototypes", "number": "12"})
    target = ProjectTarget.objects.get()
    assert target.number == 12
    client.post(reverse("projects:target-remove", args=[project.slug, target.pk]))
    assert not ProjectTarget.objects.exists()


def test_cohort_names_are_unique_in_a_project(client_for, manager_a, project, cohort):
    client = client_for(manager_a)
    url = reverse("projects:cohort-create", args=[project.slug])
    refused = client.post(url, {"name": "industrial"})
    assert "name" in refused.context["form"].errors
    client.post(url, {"name": "Food and drink"})
    assert project.cohorts.count() == 2

"""Projects and enrolments over /api/v1/."""

from datetime import date

import pytest
from django.urls import reverse

from projects.models import Enrolment, Project
from projects.services import enrolment_apply, enrolment_set_commitment
from tests.factories.clusters import FunderFactory, ProgrammeFactory, ProgrammeParticipationFactory
from tests.factories.common import ASSESSMENT, TODAY
from tests.factories.members import OrganizationFactory, micro_firm
from tests.factories.projects import EnrolmentFactory, ProjectFactory, ProjectFundingFactory

pytestmark = pytest.mark.django_db


def project_payload(**changes) -> dict:
    data = {
        "cluster": "alpha",
        "name": "Beta abroad",
        "slug": "beta-abroad",
        "start": "2026-08-01",
        "end": "2028-12-31",
        "enrolment_start": "2026-08-01",
        "enrolment_end": "2027-12-31",
        "regions": ["Gävleborg", "Dalarna"],
        "budget": "2000000.00",
        "currency": "EUR",
        "target_firms": 60,
        "target_completed": 20,
        "allowed_sectors": ["c22"],
    }
    data.update(changes)
    return data


def application_payload(project, organization, **changes) -> dict:
    return {"project": project.slug, "organization": organization.pk, **ASSESSMENT, **changes}


def action(client, enrolment, name: str, data: dict | None = None):
    return client.post(
        reverse(f"api:enrolment-{name}", args=[enrolment.pk]), data or {}, format="json"
    )


@pytest.fixture
def api_for(client_for):
    def make(user):
        from rest_framework.test import APIClient

        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


# Projects


def test_projects_list_with_their_fields(api_for, viewer_a, project):
    response = api_for(viewer_a).get(reverse("api:project-list"))
    assert response.status_code == 200
    row = response.json()["results"][0]
    assert {
        "slug": row["slug"],
        "cluster": row["cluster"],
        "regions": row["regions"],
        "target_firms": row["target_firms"],
        "status": row["status"],
    } == {
        "slug": "alpha-abroad",
        "cluster": "alpha",
        "regions": ["Gävleborg", "Dalarna"],
        "target_firms": 60,
        "status": "open",
    }
    for field in ("start", "end", "enrolment_start", "enrolment_end", "budget", "currency"):
        assert field in row
    detail = api_for(viewer_a).get(reverse("api:project-detail", args=[project.slug]))
    assert detail.json()["name"] == "Alpha abroad"


def test_projects_filter_by_status(api_for, manager_a, project):
    client = api_for(manager_a)
    assert client.get(reverse("api:project-list"), {"status": "open"}).json()["count"] == 1
    assert client.get(reverse("api:project-list"), {"status": "closed"}).json()["count"] == 0


def test_a_manager_creates_and_updates_a_project(api_for, manager_a, cluster_a):
    client = api_for(manager_a)
    created = client.post(reverse("api:project-list"), project_payload(), format="json")
    assert created.status_code == 201, created.json()
    project = Project.objects.get(slug="beta-abroad")
    assert (project.cluster, project.allowed_sectors) == (cluster_a, ["C22"])
    updated = client.patch(
        reverse("api:project-detail", args=[project.slug]), {"status": "open"}, format="json"
    )
    assert updated.status_code == 200
    project.refresh_from_db()
    assert project.status == "open"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end": "2026-01-01"}, "end"),
        ({"enrolment_end": "2026-01-01"}, "enrolment_end"),
        ({"budget": "-5"}, "budget"),
        ({"allowed_sectors": ["plastics"]}, "allowed_sectors"),
        ({"cluster": None}, "cluster"),
    ],
)
def test_bad_project_input_answers_400_with_field_errors(api_for, manager_a, changes, field):
    payload = {k: v for k, v in project_payload(**changes).items() if v is not None}
    response = api_for(manager_a).post(reverse("api:project-list"), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Project.objects.exists()


def test_viewers_and_other_clusters_may_not_write_projects(api_for, viewer_a, manager_b, project):
    assert (
        api_for(viewer_a).post(reverse("api:project-list"), project_payload(), format="json")
    ).status_code == 403
    url = reverse("api:project-detail", args=[project.slug])
    assert api_for(viewer_a).patch(url, {"name": "x"}, format="json").status_code == 403
    assert api_for(manager_b).patch(url, {"name": "x"}, format="json").status_code == 404
    assert (
        api_for(manager_b)
        .post(reverse("api:project-list"), project_payload(slug="x"), format="json")
        .status_code
        == 400
    )  # cluster "alpha" is not among the clusters B's manager sees


def test_projects_are_never_deleted(api_for, manager_a, project):
    response = api_for(manager_a).delete(reverse("api:project-detail", args=[project.slug]))
    assert response.status_code == 405


# Enrolments


def test_a_firm_applies_over_the_api_and_a_second_time_is_refused(
    api_for, firm_rep_a, project, eligible_firm, partner
):
    client = api_for(firm_rep_a)
    payload = application_payload(project, eligible_firm)
    created = client.post(reverse("api:enrolment-list"), payload, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "applied"
    assert "commitment" not in created.json()
    again = client.post(reverse("api:enrolment-list"), payload, format="json")
    assert again.status_code == 400
    assert again.json()["organization"] == ["This firm has already applied to this project."]
    assert Enrolment.objects.count() == 1


def test_an_application_is_refused_outside_the_window(api_for, firm_rep_a, project, eligible_firm):
    Project.objects.filter(pk=project.pk).update(
        enrolment_start=date(2020, 1, 1), enrolment_end=date(2020, 12, 31)
    )
    response = api_for(firm_rep_a).post(
        reverse("api:enrolment-list"), application_payload(project, eligible_firm), format="json"
    )
    assert response.status_code == 400
    assert "applied_on" in response.json()


def test_a_firm_may_not_apply_for_another_firm(api_for, firm_rep_a, project, other_firm):
    response = api_for(firm_rep_a).post(
        reverse("api:enrolment-list"), application_payload(project, other_firm), format="json"
    )
    # Another firm is outside the caller's view: answered like an unknown id.
    assert response.status_code == 400
    assert "organization" in response.json()


def test_bad_scores_answer_400(api_for, manager_a, project, other_firm):
    response = api_for(manager_a).post(
        reverse("api:enrolment-list"),
        application_payload(project, other_firm, score_market=0),
        format="json",
    )
    assert response.status_code == 400
    assert "score_market" in response.json()


def test_a_firm_sees_only_its_own_enrolment_and_never_the_commitment(
    api_for, firm_rep_a, application, other_application
):
    enrolment_set_commitment(enrolment=application, commitment="inactive")
    client = api_for(firm_rep_a)
    listed = client.get(reverse("api:enrolment-list")).json()["results"]
    assert [row["id"] for row in listed] == [application.pk]
    for row in [*listed, client.get(reverse("api:enrolment-detail", args=[application.pk])).json()]:
        assert "commitment" not in row
        assert "interview_notes" not in row
    assert client.get(reverse("api:enrolment-detail", args=[other_application.pk])).status_code == (
        404
    )
    assert [
        row["id"]
        for row in client.get(reverse("api:enrolment-list"), {"commitment": "leader"}).json()[
            "results"
        ]
    ] == [application.pk]


def test_staff_see_the_commitment_and_filter_by_project_and_status(
    api_for, viewer_a, application, other_application, manager_a
):
    enrolment_set_commitment(enrolment=application, commitment="leader")
    client = api_for(viewer_a)
    rows = client.get(
        reverse("api:enrolment-list"), {"project": "alpha-abroad", "status": "applied"}
    ).json()["results"]
    assert {row["id"]: row["commitment"] for row in rows} == {
        application.pk: "leader",
        other_application.pk: "",
    }
    assert client.get(reverse("api:enrolment-list"), {"project": "other"}).json()["count"] == 0


def test_the_lifecycle_over_the_api(api_for, manager_a, application, coach_dalarna, cohort):
    client = api_for(manager_a)
    skipped = action(client, application, "activate")
    assert skipped.status_code == 400
    assert "status" in skipped.json()
    scheduled = action(
        client, application, "interview", {"interview_at": f"{TODAY.isoformat()}T10:00:00Z"}
    )
    assert scheduled.status_code == 200
    assert scheduled.json()["interview_at"]
    recorded = action(
        client, application, "interview", {"held_on": TODAY.isoformat(), "notes": "Ok"}
    )
    assert recorded.json()["status"] == "interviewed"
    no_reason = action(client, application, "decide", {"accept": False})
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()
    accepted = action(client, application, "decide", {"accept": True, "cohort": cohort.pk})
    assert accepted.status_code == 200
    body = accepted.json()
    assert (body["status"], body["coach"], body["fee_due"], body["cohort"]) == (
        "accepted",
        coach_dalarna.email,
        "500.00",
        cohort.pk,
    )
    assert action(client, application, "activate").json()["status"] == "active"
    assert (
        action(client, application, "commitment", {"commitment": "follower"}).json()["commitment"]
        == "follower"
    )
    incomplete = action(client, application, "drop", {"note": "Busy"})
    assert incomplete.status_code == 400
    assert set(incomplete.json()) == {"phase", "reason"}
    dropped = action(
        client, application, "drop", {"phase": "trip", "reason": "bureaucracy", "note": "Busy"}
    )
    assert dropped.json()["status"] == "dropped"
    assert [change["to_status"] for change in dropped.json()["status_changes"]] == [
        "applied",
        "interviewed",
        "accepted",
        "active",
        "dropped",
    ]


def test_override_then_accept_over_the_api(api_for, manager_a, project, partner, cluster_a):
    firm = micro_firm(cluster_a, "Far AB", region="Värmland")
    enrolment = enrolment_apply(
        project=project, organization=firm, assessment=ASSESSMENT, actor=manager_a
    )
    client = api_for(manager_a)
    action(client, enrolment, "interview", {"held_on": TODAY.isoformat()})
    assert "accept" in action(client, enrolment, "decide", {"accept": True}).json()
    assert "justification" in action(client, enrolment, "override", {}).json()
    overridden = action(client, enrolment, "override", {"justification": "Opens in Dalarna."})
    assert overridden.json()["eligible"] is True
    coach = partner.coaches.first().coach
    accepted = action(
        client, enrolment, "decide", {"accept": True, "coach": coach.pk, "coach_other_region": True}
    )
    assert accepted.status_code == 200
    assert accepted.json()["coach"] == coach.email
    paid = action(client, enrolment, "fee-paid", {"paid_on": TODAY.isoformat()})
    assert paid.json()["fee_paid_on"] == TODAY.isoformat()


def test_firms_and_coaches_may_not_take_manager_steps(
    api_for, firm_rep_a, coach_dalarna, viewer_a, application
):
    for user in (firm_rep_a, viewer_a):
        assert (
            action(
                api_for(user), application, "interview", {"held_on": TODAY.isoformat()}
            ).status_code
            == 403
        )
    # Not yet the firm's coach: the enrolment is outside the coach's view.
    assert action(api_for(coach_dalarna), application, "activate").status_code == 404
    assert (
        action(api_for(firm_rep_a), application, "commitment", {"commitment": "leader"}).status_code
        == 403
    )


def test_enrolments_are_never_deleted_nor_edited(api_for, manager_a, application):
    url = reverse("api:enrolment-detail", args=[application.pk])
    client = api_for(manager_a)
    assert client.delete(url).status_code == 405
    assert client.patch(url, {"status": "active"}, format="json").status_code == 405


def test_enrolment_api_list_query_budget(
    api_for, manager_a, project, cluster_a, django_assert_max_num_queries
):
    for number in range(10):
        enrolment_apply(
            project=project,
            organization=micro_firm(cluster_a, f"Firm {number}"),
            assessment=ASSESSMENT,
            actor=manager_a,
        )
    client = api_for(manager_a)
    # count, the page of enrolments with project, firm, coach and cohort, their status
    # changes with actors, the user's staff roles (for the commitment).
    with django_assert_max_num_queries(4):
        response = client.get(reverse("api:enrolment-list"))
    assert response.json()["count"] == 10


def test_a_funder_lists_the_projects_of_its_programme(client_for, funder_user, cluster_a):
    from datetime import date
    from decimal import Decimal

    def programme(code, funder):
        created = ProgrammeFactory(
            funder=funder,
            name=code,
            code=code,
            budget=1,
            start=date(2020, 1, 1),
            end=date(2030, 1, 1),
            cofinancing_rate=50,
            hourly_value=Decimal(90),
        )
        ProgrammeParticipationFactory(cluster=cluster_a, programme=created)
        return created

    def project(slug, funded_by):
        created = ProjectFactory(
            cluster=cluster_a,
            name=slug,
            slug=slug,
            status="planned",
            start=date(2026, 1, 1),
            end=date(2026, 12, 31),
            enrolment_start=date(2026, 1, 1),
            enrolment_end=date(2026, 6, 30),
        )
        ProjectFundingFactory(project=created, programme=funded_by, share=100)
        return created

    own = programme("OWN-1", funder_user.funder_link.funder)
    other = programme("OTHER-1", FunderFactory(name="Other", kind="region"))
    project("funded-by-own", own)
    project("funded-by-other", other)
    client = client_for(funder_user)
    listed = client.get(reverse("api:project-list"), {"programme": "OWN-1"}).json()
    assert [row["slug"] for row in listed["results"]] == ["funded-by-own"]
    assert client.get(reverse("api:project-list"), {"programme": "OTHER-1"}).json()["count"] == 0
    assert client.get(reverse("api:project-detail", args=["funded-by-other"])).status_code == 404
    assert client.get(reverse("api:enrolment-list")).json()["count"] == 0


@pytest.mark.parametrize("count", [2, 8])
def test_the_enrolment_list_reads_the_same_queries_for_few_and_many(
    client_for, manager_a, cluster_a, count, django_assert_max_num_queries
):
    """The page is chosen on ids (sorted by project and firm), then read in full: seven
    queries (session, user and role reads among them) for 2 enrolments as for 8."""
    projects = [ProjectFactory(cluster=cluster_a, slug=slug) for slug in ("b-second", "a-first")]
    for number in range(count):
        organization = OrganizationFactory(cluster=cluster_a, legal_name=f"Firm {number:02d}")
        EnrolmentFactory(project=projects[number % 2], organization=organization)
    client = client_for(manager_a)
    with django_assert_max_num_queries(7):
        body = client.get(reverse("api:enrolment-list")).json()
    listed = [(row["project"], row["organization_name"]) for row in body["results"]]
    assert body["count"] == count
    assert listed == sorted(listed)

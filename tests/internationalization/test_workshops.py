"""Workshops: dates within the project's activities, cohorts of the same project, invitations
(by default the cohort's accepted and active firms, or everyone's) and attendance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from internationalization.models import Workshop, WorkshopParticipation
from internationalization.services.workshops import (
    workshop_invite,
    workshop_record_attendance,
)
from projects.choices import EnrolmentStatus
from projects.services.terms import (
    cohort_save,
)
from tests.factories.activities import make_workshop
from tests.factories.clusters import UserFactory
from tests.factories.common import RUNNING_END, RUNNING_START, TODAY
from tests.factories.members import firm_with_rep
from tests.factories.projects import enrolment_through_intake, running_project

pytestmark = pytest.mark.django_db

PAST = TODAY - timedelta(days=10)


@pytest.fixture
def project(cluster_a):
    return running_project(cluster_a)


@pytest.fixture
def cohort(project):
    return cohort_save(project=project, data={"name": "Food and drink"})


@pytest.fixture
def firms(project, cohort, cluster_a, manager_a, coach_a, firm_a, firm_rep_a):
    """firm_a active in the cohort, a second active firm in it coached by someone else, an
    accepted firm outside it, and an applicant and a dropout in the cohort."""
    other_coach = UserFactory(email="other.coach@example.org")

    def enrol(name, **kwargs):
        firm, _rep = firm_with_rep(cluster_a, name)
        return enrolment_through_intake(project, firm, manager=manager_a, **kwargs)

    return {
        "mine": enrolment_through_intake(
            project, firm_a, manager=manager_a, coach=coach_a, cohort=cohort
        ),
        "colleague": enrol("Cohort Colleague AB", coach=other_coach, cohort=cohort),
        "outside": enrol("Outside AB", coach=coach_a, status=EnrolmentStatus.ACCEPTED),
        "applicant": enrol("Applicant AB", status=EnrolmentStatus.APPLIED),
        "dropout": enrol(
            "Dropout AB", coach=coach_a, cohort=cohort, status=EnrolmentStatus.DROPPED
        ),
    }


def invited_names(workshop) -> set[str]:
    return {
        p.enrolment.organization.legal_name
        for p in WorkshopParticipation.objects.filter(workshop=workshop)
    }


# The services -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day", [RUNNING_START - timedelta(days=1), RUNNING_END + timedelta(days=1)]
)
def test_a_workshop_outside_the_activities_is_refused(project, day):
    with pytest.raises(ValidationError) as error:
        make_workshop(project, day=day)
    assert "within the project's activities" in error.value.message_dict["date"][0]
    assert not Workshop.objects.exists()


def test_a_cohort_of_another_project_is_refused(project, cluster_a):
    elsewhere = cohort_save(
        project=running_project(cluster_a, "beta-abroad"), data={"name": "Wood"}
    )
    with pytest.raises(ValidationError) as error:
        make_workshop(project, cohort=elsewhere)
    assert "another project" in error.value.message_dict["cohort"][0]
    assert not Workshop.objects.exists()


def test_default_invitation_is_the_cohorts_accepted_and_active_firms(project, cohort, firms):
    workshop = make_workshop(project, cohort=cohort)
    assert workshop_invite(workshop=workshop) == 2
    assert invited_names(workshop) == {"Alpha Sealing AB", "Cohort Colleague AB"}


def test_default_invitation_of_a_workshop_for_everyone(project, firms):
    workshop = make_workshop(project)
    workshop_invite(workshop=workshop)
    assert invited_names(workshop) == {"Alpha Sealing AB", "Cohort Colleague AB", "Outside AB"}


def test_inviting_twice_keeps_one_invitation(project, firms):
    workshop = make_workshop(project)
    workshop_invite(workshop=workshop, enrolments=[firms["mine"]])
    assert workshop_invite(workshop=workshop, enrolments=[firms["mine"], firms["outside"]]) == 1
    assert WorkshopParticipation.objects.filter(workshop=workshop).count() == 2


@pytest.mark.parametrize("who", ["applicant", "dropout"])
def test_a_firm_not_taking_part_cannot_be_invited(project, firms, who):
    workshop = make_workshop(project)
    with pytest.raises(ValidationError) as error:
        workshop_invite(workshop=workshop, enrolments=[firms["mine"], firms[who]])
    assert "Only firms accepted into or active" in error.value.message_dict["enrolments"][0]
    assert not WorkshopParticipation.objects.exists()


def test_a_firm_of_another_project_cannot_be_invited(project, firms, cluster_a, manager_a):
    elsewhere = running_project(cluster_a, "beta-abroad")
    firm, _rep = firm_with_rep(cluster_a, "Elsewhere AB")
    stranger = enrolment_through_intake(elsewhere, firm, manager=manager_a, coach=manager_a)
    with pytest.raises(ValidationError):
        workshop_invite(workshop=make_workshop(project), enrolments=[stranger])


def test_attendance_marks_who_came_and_who_did_not(project, firms):
    workshop = make_workshop(project)
    workshop_invite(workshop=workshop, enrolments=[firms["mine"], firms["colleague"]])
    workshop_record_attendance(workshop=workshop, attended=[firms["mine"]])
    attended = dict(
        WorkshopParticipation.objects.filter(workshop=workshop).values_list(
            "enrolment_id", "attended"
        )
    )
    assert attended == {firms["mine"].pk: True, firms["colleague"].pk: False}


def test_an_uninvited_firm_cannot_attend(project, firms):
    workshop = make_workshop(project)
    workshop_invite(workshop=workshop, enrolments=[firms["mine"]])
    with pytest.raises(ValidationError) as error:
        workshop_record_attendance(workshop=workshop, attended=[firms["outside"]])
    assert "Outside AB were not invited" in error.value.message_dict["attended"][0]
    assert WorkshopParticipation.objects.get().attended is None


def test_attendance_waits_until_the_workshop_has_taken_place(project, firms):
    workshop = make_workshop(project, day=TODAY + timedelta(days=5))
    workshop_invite(workshop=workshop, enrolments=[firms["mine"]])
    with pytest.raises(ValidationError) as error:
        workshop_record_attendance(workshop=workshop, attended=[firms["mine"]])
    assert "once it has happened" in error.value.message_dict["attended"][0]


# Pages --------------------------------------------------------------------------------------


def test_manager_plans_a_workshop_and_is_sent_to_invite(client_for, manager_a, project, cohort):
    url = reverse("internationalization:workshop-create", args=[project.slug])
    data = {
        "title": "Product strategy",
        "topic": "",
        "date": PAST.isoformat(),
        "place": "Falun",
        "expert_name": "Sven",
        "expert_organization": "Science park",
        "cohort": cohort.pk,
    }
    response = client_for(manager_a).post(url, data)
    workshop = Workshop.objects.get()
    assert response["Location"] == reverse(
        "internationalization:workshop-invite", args=[workshop.pk]
    )
    assert workshop.cohort == cohort


def test_workshop_form_refuses_a_date_outside_the_window_at_the_field(
    client_for, manager_a, project
):
    url = reverse("internationalization:workshop-create", args=[project.slug])
    data = {"title": "Pitch", "date": (RUNNING_END + timedelta(days=1)).isoformat()}
    response = client_for(manager_a).post(url, data)
    assert "within the project's activities" in " ".join(response.context["form"].errors["date"])
    assert not Workshop.objects.exists()


def test_workshop_edit_goes_through_the_rules(client_for, manager_a, project):
    workshop = make_workshop(project)
    url = reverse("internationalization:workshop-edit", args=[workshop.pk])
    client = client_for(manager_a)
    refused = client.post(
        url, {"title": "Moved", "date": (RUNNING_START - timedelta(days=1)).isoformat()}
    )
    assert "date" in refused.context["form"].errors
    workshop.refresh_from_db()
    assert workshop.title == "Export vision"
    assert client.post(url, {"title": "Moved", "date": PAST.isoformat()}).status_code == 302
    workshop.refresh_from_db()
    assert workshop.title == "Moved"


def test_invite_page_preselects_the_cohort_and_invites_the_ticked_firms(
    client_for, manager_a, project, cohort, firms
):
    workshop = make_workshop(project, cohort=cohort)
    url = reverse("internationalization:workshop-invite", args=[workshop.pk])
    client = client_for(manager_a)
    form = client.get(url).context["form"]
    assert set(form.initial["enrolments"]) == {firms["mine"].pk, firms["colleague"].pk}
    offered = {e.pk for e in form.fields["enrolments"].queryset}
    assert offered == {firms["mine"].pk, firms["colleague"].pk, firms["outside"].pk}
    response = client.post(url, {"enrolments": [firms["mine"].pk, firms["outside"].pk]})
    assert response.status_code == 302
    assert invited_names(workshop) == {"Alpha Sealing AB", "Outside AB"}


def test_invite_page_with_nothing_ticked_says_so(client_for, manager_a, project, firms):
    workshop = make_workshop(project)
    url = reverse("internationalization:workshop-invite", args=[workshop.pk])
    response = client_for(manager_a).post(url, {})
    assert "choose at least one" in " ".join(response.context["form"].errors["enrolments"])


def test_attendance_page_records_the_ticked_firms(client_for, manager_a, project, firms):
    workshop = make_workshop(project)
    workshop_invite(workshop=workshop, enrolments=[firms["mine"], firms["outside"]])
    url = reverse("internationalization:workshop-attendance", args=[workshop.pk])
    response = client_for(manager_a).post(url, {"attended": [firms["outside"].pk]})
    assert response.status_code == 302
    came = WorkshopParticipation.objects.filter(workshop=workshop, attended=True)
    assert [p.enrolment for p in came] == [firms["outside"]]


def test_workshop_list_shows_expert_cohort_and_counts(
    client_for, manager_a, project, cohort, firms, django_assert_max_num_queries
):
    for n in range(6):
        workshop = make_workshop(project, title=f"Workshop {n}", cohort=cohort if n % 2 else None)
        workshop_invite(workshop=workshop, enrolments=[firms["mine"], firms["outside"]])
        workshop_record_attendance(workshop=workshop, attended=[firms["mine"]])
    url = reverse("internationalization:workshop-list", args=[project.slug])
    client = client_for(manager_a)
    # session, user, the project with its cluster, the user's staff roles, paginator count,
    # the page of workshops with cohort and counts, current cluster, switcher.
    with django_assert_max_num_queries(8):
        response = client.get(url)
    rows = list(response.context["workshops"])
    assert len(rows) == 6
    assert {(w.invited_count, w.attended_count) for w in rows} == {(2, 1)}
    page = response.content.decode()
    assert "Eva Expert" in page and "Food and drink" in page


def test_workshop_list_search(client_for, manager_a, project):
    make_workshop(project, title="Export vision")
    make_workshop(project, title="Planning the pitch")
    url = reverse("internationalization:workshop-list", args=[project.slug])
    response = client_for(manager_a).get(url, {"q": "pitch"})
    assert [w.title for w in response.context["workshops"]] == ["Planning the pitch"]


def test_a_firm_does_not_see_the_workshop_pages(client_for, firm_rep_a, project, firms):
    workshop = make_workshop(project)
    client = client_for(firm_rep_a)
    assert (
        client.get(reverse("internationalization:workshop-list", args=[project.slug])).status_code
        == 403
    )
    assert (
        client.get(reverse("internationalization:workshop-detail", args=[workshop.pk])).status_code
        == 403
    )


def test_an_invited_firm_reads_the_workshop_and_only_its_own_invitation(
    client_for, firm_rep_a, project, firms
):
    # Issue 10, point 7: a firm answered 403 on the workshop it was invited to.
    workshop = make_workshop(project)
    workshop_invite(workshop=workshop, enrolments=[firms["mine"], firms["colleague"]])
    client = client_for(firm_rep_a)
    response = client.get(reverse("internationalization:workshop-detail", args=[workshop.pk]))
    assert response.status_code == 200
    assert [p.enrolment for p in response.context["participations"]] == [firms["mine"]]
    assert "Cohort Colleague AB" not in response.content.decode()
    assert not response.context["can_manage"]
    for name in ("workshop-edit", "workshop-invite", "workshop-attendance"):
        url = reverse(f"internationalization:{name}", args=[workshop.pk])
        assert client.get(url).status_code == 403, name


def test_the_portal_links_the_workshops_the_firm_is_invited_to(
    client_for, firm_rep_a, project, firms
):
    workshop = make_workshop(project, title="Pricing abroad", day=TODAY + timedelta(days=5))
    workshop_invite(workshop=workshop, enrolments=[firms["mine"]])
    page = client_for(firm_rep_a).get(reverse("internationalization:portal")).content.decode()
    assert reverse("internationalization:workshop-detail", args=[workshop.pk]) in page
    assert "Pricing abroad" in page


def test_a_coach_reads_the_workshop_with_only_their_firms_and_may_not_change_it(
    client_for, coach_a, project, firms
):
    workshop = make_workshop(project)
    workshop_invite(workshop=workshop, enrolments=[firms["mine"], firms["colleague"]])
    client = client_for(coach_a)
    response = client.get(reverse("internationalization:workshop-detail", args=[workshop.pk]))
    assert [p.enrolment for p in response.context["participations"]] == [firms["mine"]]
    assert "Cohort Colleague AB" not in response.content.decode()
    for name in ("workshop-edit", "workshop-invite", "workshop-attendance"):
        url = reverse(f"internationalization:{name}", args=[workshop.pk])
        assert client.get(url).status_code == 403, name


# API ----------------------------------------------------------------------------------------


def test_api_manager_creates_invites_and_records_attendance(client_for, manager_a, project, firms):
    client = client_for(manager_a)
    created = client.post(
        reverse("api:workshop-list"),
        {"project": project.slug, "title": "Pitch", "date": PAST.isoformat()},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    invited = client.post(
        reverse("api:workshop-invite", args=[pk]), {}, content_type="application/json"
    )
    assert invited.status_code == 200
    assert len(invited.json()["participations"]) == 3
    attendance = client.post(
        reverse("api:workshop-attendance", args=[pk]),
        {"attended": [firms["mine"].pk]},
        content_type="application/json",
    )
    assert attendance.status_code == 200
    came = [p["enrolment"] for p in attendance.json()["participations"] if p["attended"]]
    assert came == [firms["mine"].pk]


def test_api_refuses_a_date_outside_the_window(client_for, manager_a, project):
    response = client_for(manager_a).post(
        reverse("api:workshop-list"),
        {
            "project": project.slug,
            "title": "Pitch",
            "date": (RUNNING_END + timedelta(days=9)).isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "date" in response.json()
    assert not Workshop.objects.exists()


def test_api_firm_sees_only_its_own_invitation(client_for, firm_rep_a, coach_a, project, firms):
    workshop = make_workshop(project)
    workshop_invite(workshop=workshop, enrolments=[firms["mine"], firms["colleague"]])
    response = client_for(firm_rep_a).get(reverse("api:workshop-detail", args=[workshop.pk]))
    assert [p["enrolment"] for p in response.json()["participations"]] == [firms["mine"].pk]


def test_api_coach_may_not_create_a_workshop(client_for, coach_a, project, firms):
    response = client_for(coach_a).post(
        reverse("api:workshop-list"),
        {"project": project.slug, "title": "Pitch", "date": PAST.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Workshop.objects.exists()


def test_workshop_detail_query_budget(
    client_for, coach_a, project, firms, django_assert_max_num_queries
):
    workshop = make_workshop(project)
    workshop_invite(workshop=workshop)
    url = reverse("internationalization:workshop-detail", args=[workshop.pk])
    client = client_for(coach_a)
    # session, user, the workshop with project, cluster and cohort, the user's staff roles,
    # whether the user coaches in the project, the invitations with their firms, current
    # cluster, switcher.
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert len(response.context["participations"]) == 2  # coach_a's own firms only

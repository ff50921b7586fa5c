"""The project workspace's activity tabs (coaching, timbank, trips, outcomes of one project) and
the bulk steps of the enrolments pipeline (internationalization/views/bulk.py): invite to a
workshop, decide, send a message; choose → preview → confirm, all or nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clusters.bulk import RowsRefused
from internationalization.models import WorkshopParticipation
from internationalization.services.workspace import workshop_invite_enrolments
from projects.choices import EnrolmentStatus
from projects.models import Enrolment
from tests.factories.activities import (
    CoachingSessionFactory,
    OutcomeFactory,
    TimbankRequestFactory,
    TripFactory,
    WorkshopFactory,
    WorkshopParticipationFactory,
)
from tests.factories.members import OrganizationFactory, RepresentativeFactory
from tests.factories.projects import EnrolmentFactory, ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

TABS = {
    "coaching": "internationalization:project-coaching",
    "timbank": "internationalization:project-timbank",
    "trips": "internationalization:project-trips",
    "outcomes": "internationalization:project-outcomes",
}
ROWS = {
    "coaching": CoachingSessionFactory,
    "timbank": TimbankRequestFactory,
    "trips": TripFactory,
    "outcomes": OutcomeFactory,
}


def tab_url(tab: str, project) -> str:
    return reverse(TABS[tab], kwargs={"slug": project.slug})


def firm_in(project, name: str, **extra):
    organization = OrganizationFactory(cluster=project.cluster, legal_name=name, short_name=name)
    return EnrolmentFactory(project=project, organization=organization, **extra)


@pytest.fixture
def other_project(cluster_a):
    return ProjectFactory(cluster=cluster_a, slug="other-project")


@pytest.mark.parametrize("tab", list(TABS))
def test_each_activity_tab_shows_only_its_projects_rows(
    tab, client_for, manager_a, project, other_project
):
    ROWS[tab](enrolment=firm_in(project, "Inside Project AB"))
    ROWS[tab](enrolment=firm_in(other_project, "Outside Project AB"))
    response = client_for(manager_a).get(tab_url(tab, project))
    assert response.status_code == 200
    assert b"Inside Project AB" in response.content
    assert b"Outside Project AB" not in response.content
    assert 'aria-current="page"' in response.content.decode()


@pytest.mark.parametrize("tab", list(TABS))
def test_another_clusters_manager_finds_no_tab(tab, client_for, manager_b, project):
    assert client_for(manager_b).get(tab_url(tab, project)).status_code == 404


@pytest.mark.parametrize("tab", list(TABS))
def test_a_firm_is_refused_every_activity_tab(tab, client_for, firm_rep_a, firm_a, project):
    EnrolmentFactory(project=project, organization=firm_a)
    assert client_for(firm_rep_a).get(tab_url(tab, project)).status_code == 403


def test_a_coach_sees_the_coaching_of_its_own_firms_only(client_for, coach, project):
    CoachingSessionFactory(enrolment=firm_in(project, "Coached AB", coach=coach))
    CoachingSessionFactory(enrolment=firm_in(project, "Someone Elses AB"))
    response = client_for(coach).get(tab_url("coaching", project))
    assert b"Coached AB" in response.content
    assert b"Someone Elses AB" not in response.content


def test_a_coach_is_refused_the_office_tabs(client_for, coach, project):
    firm_in(project, "Coached AB", coach=coach)
    client = client_for(coach)
    assert client.get(tab_url("timbank", project)).status_code == 403
    assert client.get(tab_url("trips", project)).status_code == 403


def test_the_cross_project_lists_still_answer(client_for, manager_a, project, other_project):
    TripFactory(enrolment=firm_in(project, "Inside Project AB"))
    TripFactory(enrolment=firm_in(other_project, "Outside Project AB"))
    client = client_for(manager_a)
    every_trip = client.get(reverse("internationalization:trip-list"))
    assert b"Inside Project AB" in every_trip.content
    assert b"Outside Project AB" in every_trip.content
    assert b"workspace-tabs" not in every_trip.content
    assert client.get(reverse("internationalization:timbank-queue")).status_code == 200


@pytest.mark.parametrize("tab", list(TABS))
def test_each_tab_reads_a_flat_number_of_queries(
    tab, client_for, manager_a, project, django_assert_max_num_queries
):
    client = client_for(manager_a)
    ROWS[tab](enrolment=firm_in(project, "First AB"))
    client.get(tab_url(tab, project))
    with django_assert_max_num_queries(20) as few:
        client.get(tab_url(tab, project))
    for n in range(12):
        ROWS[tab](enrolment=firm_in(project, f"Firm {n} AB"))
    with django_assert_max_num_queries(len(few)):
        client.get(tab_url(tab, project))


# Bulk: inviting to a workshop ----------------------------------------------------------------


@pytest.fixture
def workshop(project):
    return WorkshopFactory(project=project, title="Export vision")


def test_invite_invites_new_firms_and_reports_those_invited_already(manager_a, project, workshop):
    new, invited = firm_in(project, "New AB"), firm_in(project, "Invited AB")
    WorkshopParticipationFactory(workshop=workshop, enrolment=invited)
    result = workshop_invite_enrolments(
        actor=manager_a, workshop=workshop, enrolments=[new, invited]
    )
    assert result == {new.pk: "invited", invited.pk: "already invited: left as it is"}
    assert WorkshopParticipation.objects.filter(workshop=workshop).count() == 2


def test_invite_writes_nothing_when_one_firm_may_not_be_invited(manager_a, project, workshop):
    active = firm_in(project, "Active AB")
    applied = firm_in(project, "Applied AB", status=EnrolmentStatus.APPLIED)
    with pytest.raises(RowsRefused) as refused:
        workshop_invite_enrolments(actor=manager_a, workshop=workshop, enrolments=[active, applied])
    assert list(refused.value.reasons) == [applied.pk]
    assert not WorkshopParticipation.objects.filter(workshop=workshop).exists()


# Bulk: the pages -----------------------------------------------------------------------------


def bulk(client, project, **data):
    return client.post(
        reverse("internationalization:enrolment-bulk", kwargs={"slug": project.slug}), data
    )


def test_choosing_shows_the_steps_form_and_writes_nothing(client_for, manager_a, project, workshop):
    firm = firm_in(project, "New AB")
    response = bulk(client_for(manager_a), project, action="invite", enrolments=[firm.pk])
    assert response.status_code == 200
    assert b"Export vision" in response.content
    assert not WorkshopParticipation.objects.exists()


def test_the_preview_says_what_will_happen_and_the_confirm_does_it(
    client_for, manager_a, project, workshop
):
    client = client_for(manager_a)
    new, invited = firm_in(project, "New AB"), firm_in(project, "Invited AB")
    WorkshopParticipationFactory(workshop=workshop, enrolment=invited)
    data = {"action": "invite", "enrolments": [new.pk, invited.pk], "workshop": workshop.pk}
    preview = bulk(client, project, step="preview", **data)
    assert preview.status_code == 200
    assert {
        enrolment.pk: (result, reason) for enrolment, result, reason in preview.context["rows"]
    } == {
        new.pk: ("invited", None),
        invited.pk: ("already invited: left as it is", None),
    }
    assert WorkshopParticipation.objects.count() == 1
    done = bulk(client, project, step="confirm", **data)
    assert done.status_code == 302
    assert done["Location"] == reverse("projects:enrolment-list", kwargs={"slug": project.slug})
    assert WorkshopParticipation.objects.count() == 2


def test_a_refusal_shows_at_its_row_unticked_and_nothing_is_written(client_for, manager_a, project):
    interviewed = firm_in(project, "Interviewed AB", status=EnrolmentStatus.INTERVIEWED)
    active = firm_in(project, "Active AB")
    response = bulk(
        client_for(manager_a),
        project,
        step="confirm",
        action="decide",
        enrolments=[interviewed.pk, active.pk],
        accept="no",
        reason="Not this year",
        decided_on="2026-03-02",
    )
    assert response.status_code == 400
    rows = {enrolment.pk: reason for enrolment, _result, reason in response.context["rows"]}
    assert rows[interviewed.pk] is None and rows[active.pk]
    page = response.content.decode()
    assert f'value="{interviewed.pk}" id="bulk-{interviewed.pk}" checked' in page
    assert f'value="{active.pk}" id="bulk-{active.pk}">' in page
    assert Enrolment.objects.get(pk=interviewed.pk).status == EnrolmentStatus.INTERVIEWED


def test_the_message_goes_out_on_confirm(
    client_for, manager_a, project, mailoutbox, django_capture_on_commit_callbacks
):
    firm = firm_in(project, "Written AB")
    RepresentativeFactory(organization=firm.organization, user__email="ceo@written.se")
    client = client_for(manager_a)
    data = {"action": "message", "enrolments": [firm.pk], "subject": "Fair", "body": "Join us."}
    with django_capture_on_commit_callbacks(execute=True):
        bulk(client, project, step="preview", **data)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert bulk(client, project, step="confirm", **data).status_code == 302
    assert [(m.to, m.subject) for m in mailoutbox] == [(["ceo@written.se"], "Fair")]


def test_an_empty_message_is_told_at_its_field(client_for, manager_a, project):
    firm = firm_in(project, "Written AB")
    response = bulk(
        client_for(manager_a), project, step="preview", action="message", enrolments=[firm.pk]
    )
    assert response.status_code == 400
    assert response.context["form"].errors["subject"]


def test_no_firm_ticked_goes_back_to_the_pipeline_with_the_reason(client_for, manager_a, project):
    response = bulk(client_for(manager_a), project, action="decide")
    assert response.status_code == 302
    assert "Select at least one firm." in [str(m) for m in response.wsgi_request._messages]


def test_a_firm_of_another_project_cannot_be_slipped_in(
    client_for, manager_a, project, other_project, workshop
):
    outsider = firm_in(other_project, "Outsider AB")
    response = bulk(
        client_for(manager_a),
        project,
        step="confirm",
        action="invite",
        enrolments=[outsider.pk],
        workshop=workshop.pk,
    )
    assert response.status_code == 302
    assert not WorkshopParticipation.objects.exists()


def test_viewers_and_coaches_may_not_take_bulk_steps(client_for, viewer_a, coach, project):
    firm = firm_in(project, "Coached AB", coach=coach)
    for user in (viewer_a, coach):
        response = bulk(client_for(user), project, action="decide", enrolments=[firm.pk])
        assert response.status_code == 403


def test_the_decision_preview_shows_the_status_of_today_and_writes_nothing(
    client_for, manager_a, project
):
    interviewed = firm_in(project, "Interviewed AB", status=EnrolmentStatus.INTERVIEWED)
    response = bulk(
        client_for(manager_a),
        project,
        step="preview",
        action="decide",
        enrolments=[interviewed.pk],
        accept="no",
        reason="Not this year",
        decided_on="2026-03-02",
    )
    assert response.status_code == 200
    [(shown, result, reason)] = response.context["rows"]
    assert (shown.status, result, reason) == (EnrolmentStatus.INTERVIEWED, "Rejected", None)
    assert Enrolment.objects.get(pk=interviewed.pk).status == EnrolmentStatus.INTERVIEWED

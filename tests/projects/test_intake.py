"""Intake in the browser: applying, the enrolment list, the enrolment page and its steps."""

from datetime import timedelta

import pytest
from django.urls import reverse

from projects.choices import EnrolmentStatus
from projects.models import Enrolment, EnrolmentStatusChange, Project
from projects.services import (
    enrolment_activate,
    enrolment_apply,
    enrolment_decide,
    enrolment_record_interview,
    enrolment_set_commitment,
)
from tests.factories.common import ASSESSMENT, TODAY
from tests.factories.members import RepresentativeFactory, micro_firm

pytestmark = pytest.mark.django_db


def assessment_form(organization, **changes) -> dict:
    data = {"organization": organization.pk, **ASSESSMENT}
    data.update(changes)
    return data


def step(client, enrolment, name: str, data: dict | None = None):
    return client.post(reverse(f"projects:enrolment-{name}", args=[enrolment.pk]), data or {})


def errors_of(response, form_name: str) -> dict:
    return response.context[form_name].errors


def interviewed(enrolment, manager):
    return enrolment_record_interview(
        enrolment=enrolment, held_on=TODAY, notes="Motivated", actor=manager
    )


def active(enrolment, manager):
    interviewed(enrolment, manager)
    enrolment_decide(enrolment=enrolment, accept=True, reason="", actor=manager)
    return enrolment_activate(enrolment=enrolment, actor=manager)


# Applying


def test_a_firm_applies_with_its_self_assessment(
    client_for, firm_rep_a, project, eligible_firm, partner
):
    client = client_for(firm_rep_a)
    url = reverse("projects:apply", args=[project.slug])
    form = client.get(url).context["form"]
    assert list(form.fields["organization"].queryset) == [eligible_firm]
    response = client.post(url, assessment_form(eligible_firm), follow=True)
    enrolment = Enrolment.objects.get()
    assert response.redirect_chain[-1][0] == enrolment.get_absolute_url()
    assert (enrolment.status, enrolment.eligible, enrolment.score_market) == ("applied", True, 3)
    change = EnrolmentStatusChange.objects.get()
    assert (change.to_status, change.actor) == ("applied", firm_rep_a)


def test_scores_outside_1_to_5_are_refused_at_the_field(
    client_for, firm_rep_a, project, eligible_firm
):
    response = client_for(firm_rep_a).post(
        reverse("projects:apply", args=[project.slug]),
        assessment_form(eligible_firm, score_customers=6, score_situation=""),
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"score_customers", "score_situation"}
    assert not Enrolment.objects.exists()


def test_an_ineligible_firm_sees_every_reason_and_is_recorded_for_review(
    client_for, firm_rep_a, project, firm_a
):
    firm_a.region, firm_a.employees, firm_a.turnover = "Värmland", 30, 900_000
    firm_a.save()
    response = client_for(firm_rep_a).post(
        reverse("projects:apply", args=[project.slug]), assessment_form(firm_a), follow=True
    )
    page = response.content.decode()
    enrolment = Enrolment.objects.get()
    assert (enrolment.status, enrolment.eligible) == ("applied", False)
    assert len(enrolment.eligibility_reasons) == 2
    for reason in enrolment.eligibility_reasons:
        assert reason in page
    assert "The cluster will review it." in page


def test_applications_are_refused_outside_the_enrolment_window(
    client_for, firm_rep_a, project, eligible_firm, today
):
    Project.objects.filter(pk=project.pk).update(
        enrolment_start=today - timedelta(days=60), enrolment_end=today - timedelta(days=1)
    )
    client = client_for(firm_rep_a)
    url = reverse("projects:apply", args=[project.slug])
    page = client.get(url)
    assert "does not take any now" in page.content.decode()
    assert b"Send the application" not in page.content
    refused = client.post(url, assessment_form(eligible_firm))
    assert refused.status_code == 400
    assert "Applications are taken from" in str(refused.context["form"].non_field_errors())
    assert not Enrolment.objects.exists()


def test_a_second_application_of_the_same_firm_is_refused_at_the_field(
    client_for, firm_rep_a, project, eligible_firm, application
):
    response = client_for(firm_rep_a).post(
        reverse("projects:apply", args=[project.slug]), assessment_form(eligible_firm)
    )
    assert response.status_code == 400
    # The firm is no longer offered (it has applied); posted anyway, it is refused there.
    assert eligible_firm not in response.context["form"].fields["organization"].queryset
    assert response.context["form"].errors["organization"]
    assert Enrolment.objects.count() == 1


def test_a_firm_may_apply_only_for_itself(client_for, firm_rep_a, project, other_firm):
    response = client_for(firm_rep_a).post(
        reverse("projects:apply", args=[project.slug]), assessment_form(other_firm)
    )
    assert "organization" in response.context["form"].errors
    assert not Enrolment.objects.exists()


def test_a_representative_of_several_firms_chooses_one(
    client_for, firm_rep_a, project, firm_a, cluster_a
):
    second = micro_firm(cluster_a, "Second AB")
    RepresentativeFactory(organization=second, user=firm_rep_a)
    client = client_for(firm_rep_a)
    url = reverse("projects:apply", args=[project.slug])
    assert set(client.get(url).context["form"].fields["organization"].queryset) == {
        firm_a,
        second,
    }
    client.post(url, assessment_form(second))
    assert Enrolment.objects.get().organization == second


def test_a_manager_applies_for_any_firm_of_the_cluster(
    client_for, manager_a, project, other_firm, cluster_b
):
    client = client_for(manager_a)
    url = reverse("projects:apply", args=[project.slug])
    offered = client.get(url).context["form"].fields["organization"].queryset
    assert other_firm in offered
    assert micro_firm(cluster_b, "Beta firm") not in offered
    client.post(url, assessment_form(other_firm))
    assert Enrolment.objects.get().organization == other_firm


def test_viewers_and_coaches_may_not_apply(client_for, viewer_a, project):
    assert client_for(viewer_a).get(reverse("projects:apply", args=[project.slug])).status_code == (
        403
    )


# The enrolment list


def test_enrolment_list_filters_by_status_search_region_cohort_and_eligibility(
    client_for, manager_a, project, partner, cohort, cluster_a
):
    def apply(name, region):
        return enrolment_apply(
            project=project,
            organization=micro_firm(cluster_a, name, region=region),
            assessment=ASSESSMENT,
            actor=manager_a,
        )

    north = apply("North AB", "Gävleborg")
    dala = apply("Dala AB", "Dalarna")
    apply("Far AB", "Värmland")
    interviewed(north, manager_a)
    enrolment_decide(enrolment=north, accept=True, reason="", cohort=cohort, actor=manager_a)
    enrolment_set_commitment(enrolment=Enrolment.objects.get(pk=north.pk), commitment="leader")
    client = client_for(manager_a)
    url = reverse("projects:enrolment-list", args=[project.slug])

    def names(**query):
        response = client.get(url, query)
        return [e.organization.legal_name for e in response.context["enrolments"]]

    assert names() == ["Dala AB", "Far AB", "North AB"]
    assert names(status="accepted") == ["North AB"]
    assert names(q="dala") == ["Dala AB"]
    assert names(region="Dalarna") == [dala.organization.legal_name]
    assert names(cohort=cohort.pk) == ["North AB"]
    assert names(eligible="false") == ["Far AB"]
    assert names(commitment="leader") == ["North AB"]
    assert "No enrolment matches these filters." in client.get(url, {"q": "zzz"}).content.decode()


def test_an_empty_project_says_nobody_applied(client_for, manager_a, project):
    response = client_for(manager_a).get(reverse("projects:enrolment-list", args=[project.slug]))
    assert "No firm has applied yet." in response.content.decode()


def test_a_firm_lists_only_its_own_enrolment_and_cannot_filter_by_commitment(
    client_for, firm_rep_a, manager_a, application, other_application
):
    enrolment_set_commitment(enrolment=application, commitment="inactive")
    client = client_for(firm_rep_a)
    url = reverse("projects:enrolment-list", args=[application.project.slug])
    response = client.get(url)
    assert list(response.context["enrolments"]) == [application]
    assert "commitment" not in response.context["filter"].form.fields
    assert "Unclear or inactive" not in response.content.decode()
    # An unknown parameter is ignored, not used to probe the label.
    assert list(client.get(url, {"commitment": "leader"}).context["enrolments"]) == [application]


def test_enrolment_list_paginates_and_keeps_the_filters(client_for, manager_a, project, cluster_a):
    for number in range(27):
        enrolment_apply(
            project=project,
            organization=micro_firm(cluster_a, f"Firm {number:02}"),
            assessment=ASSESSMENT,
            actor=manager_a,
        )
    response = client_for(manager_a).get(
        reverse("projects:enrolment-list", args=[project.slug]), {"status": "applied"}
    )
    assert len(response.context["enrolments"]) == 25
    assert "status=applied&amp;page=2" in response.content.decode()


def test_enrolment_list_query_budget(
    client_for, manager_a, project, partner, cohort, cluster_a, django_assert_max_num_queries
):
    for number in range(12):
        enrolment = enrolment_apply(
            project=project,
            organization=micro_firm(cluster_a, f"Firm {number:02}"),
            assessment=ASSESSMENT,
            actor=manager_a,
        )
        if number % 2:
            interviewed(enrolment, manager_a)
            enrolment_decide(
                enrolment=enrolment, accept=True, reason="", cohort=cohort, actor=manager_a
            )
    client = client_for(manager_a)
    # session, user, the project with its cluster, the user's staff roles, the page count,
    # the page of enrolments with firm, coach and cohort, the pipeline's count per status,
    # the cohorts of the filter, whether a firm is left to apply for, current cluster,
    # switcher.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("projects:enrolment-list", args=[project.slug]))
    assert len(response.context["enrolments"]) == 12


# The enrolment page


def test_a_firm_sees_its_own_enrolment_without_the_commitment_or_actions(
    client_for, firm_rep_a, manager_a, application
):
    active(application, manager_a)
    enrolment_set_commitment(
        enrolment=Enrolment.objects.get(pk=application.pk), commitment="inactive"
    )
    response = client_for(firm_rep_a).get(application.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Unclear or inactive" not in page
    assert "Commitment" not in page
    assert "Motivated" not in page  # interview notes are internal
    assert "drop_form" not in response.context
    assert "Next steps" not in page
    assert [change.to_status for change in response.context["status_changes"]] == [
        "applied",
        "interviewed",
        "accepted",
        "active",
    ]
    assert response.context["history"] == []


def test_another_firms_enrolment_is_404_for_a_firm(client_for, firm_rep_a, other_application):
    client = client_for(firm_rep_a)
    assert client.get(other_application.get_absolute_url()).status_code == 404
    assert step(client, other_application, "commitment", {"commitment": "leader"}).status_code == (
        404
    )


def test_staff_see_the_commitment_and_the_status_history_with_actors(
    client_for, manager_a, viewer_a, application
):
    active(application, manager_a)
    enrolment_set_commitment(
        enrolment=Enrolment.objects.get(pk=application.pk), commitment="leader"
    )
    response = client_for(viewer_a).get(application.get_absolute_url())
    page = response.content.decode()
    assert "Leader" in page
    assert str(manager_a) in page
    assert response.context["history"]
    assert "decide_form" not in response.context  # a viewer has no actions


def test_enrolment_detail_query_budget(
    client_for, manager_a, application, django_assert_max_num_queries
):
    interviewed(application, manager_a)
    client = client_for(manager_a)
    # session, user, the enrolment with project, cluster, firm, coach, cohort and overrider,
    # the user's staff roles, status changes with actors, history, the decision form's cohorts
    # and coaches, current cluster, switcher.
    with django_assert_max_num_queries(10):
        response = client.get(application.get_absolute_url())
    assert "decide_form" in response.context


# The steps


def test_override_needs_a_justification_then_the_ineligible_firm_can_be_accepted(
    client_for, manager_a, project, partner, firm_a
):
    firm_a.region = "Värmland"
    firm_a.save()
    enrolment = enrolment_apply(
        project=project, organization=firm_a, assessment=ASSESSMENT, actor=manager_a
    )
    client = client_for(manager_a)
    step(client, enrolment, "interview-record", {"held_on": TODAY.isoformat(), "notes": ""})
    refused = step(client, enrolment, "decide", {"accept": "yes"})
    assert refused.status_code == 400
    assert "accept" in errors_of(refused, "decide_form")
    blank = step(client, enrolment, "override", {"justification": "  "})
    assert blank.status_code == 400
    assert "justification" in errors_of(blank, "override_form")
    step(client, enrolment, "override", {"justification": "Moving to Dalarna in May."})
    # Värmland has no coach: the manager chooses one of another region, and confirms it.
    coach = partner.coaches.first().coach
    unconfirmed = step(client, enrolment, "decide", {"accept": "yes", "coach": coach.pk})
    assert "Värmland" in " ".join(errors_of(unconfirmed, "decide_form")["coach"])
    accepted = step(
        client,
        enrolment,
        "decide",
        {"accept": "yes", "coach": coach.pk, "coach_other_region": "on"},
    )
    assert accepted.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.eligible, enrolment.override_by) == (
        "accepted",
        True,
        manager_a,
    )
    assert enrolment.override_justification == "Moving to Dalarna in May."


def test_acceptance_assigns_a_coach_serving_the_region_and_the_fee_falls_due(
    client_for, manager_a, application, coach_dalarna, cohort
):
    client = client_for(manager_a)
    step(client, application, "interview-record", {"held_on": TODAY.isoformat(), "notes": "Good"})
    response = step(client, application, "decide", {"accept": "yes", "cohort": cohort.pk})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.coach == coach_dalarna  # the firm is in Dalarna
    assert application.fee_due == application.project.participation_fee
    assert application.fee_paid_on is None
    assert application.cohort == cohort
    paid = step(client, application, "fee-paid", {"paid_on": TODAY.isoformat()})
    assert paid.status_code == 302
    application.refresh_from_db()
    assert application.fee_paid_on == TODAY


def test_a_rejection_needs_a_reason(client_for, manager_a, application):
    client = client_for(manager_a)
    interviewed(application, manager_a)
    refused = step(client, application, "decide", {"accept": "no", "reason": ""})
    assert refused.status_code == 400
    assert errors_of(refused, "decide_form")["reason"] == ["Say why the firm is rejected."]
    application.refresh_from_db()
    assert application.status == "interviewed"
    step(client, application, "decide", {"accept": "no", "reason": "Not ready to export."})
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == (
        "rejected",
        "Not ready to export.",
    )


def test_the_lifecycle_refuses_skipping_a_step(client_for, manager_a, application):
    response = step(client_for(manager_a), application, "activate")
    assert response.status_code == 400
    assert "cannot become active" in str(response.context["activate_form"].non_field_errors())
    application.refresh_from_db()
    assert application.status == "applied"
    assert application.status_changes.count() == 1


def test_a_dropout_needs_a_phase_and_a_reason(client_for, manager_a, application):
    client = client_for(manager_a)
    active(application, manager_a)
    refused = step(client, application, "drop", {"note": "Busy season"})
    assert refused.status_code == 400
    assert set(errors_of(refused, "drop_form")) == {"phase", "reason"}
    step(
        client,
        application,
        "drop",
        {"phase": "after_workshops", "reason": "lack_of_time", "note": "Busy season"},
    )
    application.refresh_from_db()
    assert (application.status, application.dropout_phase, application.dropout_reason) == (
        EnrolmentStatus.DROPPED,
        "after_workshops",
        "lack_of_time",
    )
    assert application.dropped_on is not None


def test_an_interview_is_scheduled_only_for_an_application(client_for, manager_a, application):
    client = client_for(manager_a)
    scheduled = step(
        client, application, "interview-schedule", {"interview_at": f"{TODAY.isoformat()}T10:30"}
    )
    assert scheduled.status_code == 302
    application.refresh_from_db()
    assert application.interview_at is not None
    interviewed(application, manager_a)
    refused = step(
        client, application, "interview-schedule", {"interview_at": f"{TODAY.isoformat()}T11:30"}
    )
    assert "interview_at" in errors_of(refused, "schedule_form")


def test_the_coach_sets_the_commitment_and_the_firm_may_not(
    client_for, manager_a, coach_dalarna, firm_rep_a, application
):
    active(application, manager_a)
    assert (
        step(
            client_for(firm_rep_a), application, "commitment", {"commitment": "leader"}
        ).status_code
        == 403
    )
    response = step(client_for(coach_dalarna), application, "commitment", {"commitment": "leader"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.commitment == "leader"


def test_steps_are_for_managers_only(client_for, viewer_a, coach_dalarna, manager_a, application):
    active(application, manager_a)
    for user in (viewer_a, coach_dalarna):
        response = step(client_for(user), application, "drop", {"phase": "trip", "reason": "other"})
        assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == "active"

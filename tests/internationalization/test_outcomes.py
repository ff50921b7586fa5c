"""Outcomes: typed records of what the project brought a firm, reported by the firm, its coach
or a manager (the source follows from who reports), with the rules on quantity, country and
date."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from internationalization.choices import OutcomeKind, OutcomeSource
from internationalization.models import Outcome
from internationalization.services.outcomes import outcome_record
from members.choices import Helix, OrganizationType
from projects.choices import EnrolmentStatus
from tests.factories.activities import log_session
from tests.factories.common import RUNNING_START, TODAY
from tests.factories.members import OrganizationFactory, firm_with_rep
from tests.factories.projects import enrolment_through_intake, running_project

pytestmark = pytest.mark.django_db

K = OutcomeKind


def record(enrolment, kind=K.NEW_CUSTOMER, day=TODAY, user=None, **extra) -> Outcome:
    return outcome_record(
        enrolment=enrolment,
        kind=kind,
        date=day,
        source=extra.pop("source", OutcomeSource.MANAGER),
        recorded_by=user,
        **extra,
    )


@pytest.fixture
def project(cluster_a):
    return running_project(cluster_a)


@pytest.fixture
def enrolment(project, firm_a, firm_rep_a, manager_a, coach_a):
    return enrolment_through_intake(project, firm_a, manager=manager_a, coach=coach_a)


def outcome_form(kind=K.NEW_RETAILER, day=TODAY, **extra) -> dict:
    return {"kind": kind, "date": day.isoformat(), "country": "", "quantity": "", **extra}


# The service --------------------------------------------------------------------------------


def test_an_outcome_without_quantity_counts_one(enrolment, manager_a):
    outcome = record(enrolment, country="US", user=manager_a)
    assert (outcome.quantity, outcome.country.code) == (1, "US")
    assert outcome.history.get().history_user == manager_a


def test_units_sold_must_say_how_many(enrolment):
    with pytest.raises(ValidationError) as error:
        record(enrolment, K.UNITS_SOLD)
    assert "how many units" in error.value.message_dict["quantity"][0]
    assert record(enrolment, K.UNITS_SOLD, quantity=15).quantity == 15


@pytest.mark.parametrize("quantity", [0, -3])
def test_a_quantity_below_one_is_refused(enrolment, quantity):
    with pytest.raises(ValidationError) as error:
        record(enrolment, K.PROTOTYPE, quantity=quantity)
    assert "at least 1" in error.value.message_dict["quantity"][0]
    assert not Outcome.objects.exists()


def test_a_market_entered_names_the_country(enrolment):
    with pytest.raises(ValidationError) as error:
        record(enrolment, K.MARKET_ENTERED)
    assert "which market" in error.value.message_dict["country"][0]
    assert record(enrolment, K.MARKET_ENTERED, country="CN").country.code == "CN"


def test_an_outcome_in_the_future_or_before_the_project_is_refused(enrolment):
    with pytest.raises(ValidationError) as error:
        record(enrolment, day=TODAY + timedelta(days=1))
    assert "future" in error.value.message_dict["date"][0]
    with pytest.raises(ValidationError) as error:
        record(enrolment, day=RUNNING_START - timedelta(days=1))
    assert "before the project's activities" in error.value.message_dict["date"][0]
    assert not Outcome.objects.exists()


def test_outcomes_only_for_firms_accepted_into_the_project(project, firm_a, manager_a):
    applicant = enrolment_through_intake(
        project, firm_a, manager=manager_a, status=EnrolmentStatus.APPLIED
    )
    with pytest.raises(ValidationError) as error:
        record(applicant)
    assert "accepted into the project" in error.value.message_dict["enrolment"][0]


def test_a_dropped_firm_may_still_report_an_effect(project, firm_a, manager_a, coach_a):
    dropped = enrolment_through_intake(
        project, firm_a, manager=manager_a, coach=coach_a, status=EnrolmentStatus.DROPPED
    )
    assert record(dropped).pk


# Pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "source"),
    [
        ("firm_rep_a", OutcomeSource.FIRM),
        ("coach_a", OutcomeSource.COACH),
        ("manager_a", OutcomeSource.MANAGER),
    ],
)
def test_the_source_follows_from_who_reports(client_for, request, enrolment, persona, source):
    user = request.getfixturevalue(persona)
    url = reverse("internationalization:outcome-create", args=[enrolment.pk])
    response = client_for(user).post(url, outcome_form(K.NEW_CUSTOMER, country="US"))
    assert response.status_code == 302
    assert response["Location"] == reverse("internationalization:outcome-list", args=[enrolment.pk])
    outcome = Outcome.objects.get()
    assert (outcome.source, outcome.recorded_by) == (source, user)


def test_the_firm_returns_to_its_portal(client_for, firm_rep_a, enrolment):
    url = reverse("internationalization:outcome-create", args=[enrolment.pk])
    response = client_for(firm_rep_a).post(f"{url}?next=/activities/portal/", outcome_form())
    assert response["Location"] == "/activities/portal/"


def test_form_shows_the_rules_at_the_fields(client_for, coach_a, enrolment):
    url = reverse("internationalization:outcome-create", args=[enrolment.pk])
    client = client_for(coach_a)
    units = client.post(url, outcome_form(K.UNITS_SOLD))
    assert "how many units" in " ".join(units.context["form"].errors["quantity"])
    market = client.post(url, outcome_form(K.MARKET_ENTERED))
    assert "which market" in " ".join(market.context["form"].errors["country"])
    future = client.post(url, outcome_form(day=TODAY + timedelta(days=3)))
    assert "future" in " ".join(future.context["form"].errors["date"])
    assert not Outcome.objects.exists()


def test_viewer_and_another_firm_may_not_report(client_for, viewer_a, cluster_a, enrolment):
    _firm, other_rep = firm_with_rep(cluster_a, "Other AB", "rep.other@example.org")
    url = reverse("internationalization:outcome-create", args=[enrolment.pk])
    assert client_for(viewer_a).post(url, outcome_form()).status_code == 403
    assert client_for(other_rep).post(url, outcome_form()).status_code == 404
    assert not Outcome.objects.exists()


def test_outcome_list_shows_the_firms_outcomes(
    client_for, firm_rep_a, enrolment, django_assert_max_num_queries
):
    for n in range(5):
        record(enrolment, K.UNITS_SOLD, day=TODAY - timedelta(days=n), quantity=n + 1)
    url = reverse("internationalization:outcome-list", args=[enrolment.pk])
    client = client_for(firm_rep_a)
    # session, user, the enrolment with project, cluster, firm, coach and cohort, the user's
    # representations, the user's staff roles, paginator count, the page of outcomes,
    # current cluster, switcher, whether the user represents a firm (navigation).
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert [o.quantity for o in response.context["outcomes"]] == [1, 2, 3, 4, 5]
    assert not response.context["offer_completion"]


# API ----------------------------------------------------------------------------------------


def test_api_records_with_the_callers_source(client_for, firm_rep_a, enrolment):
    response = client_for(firm_rep_a).post(
        reverse("api:outcome-list"),
        {"enrolment": enrolment.pk, "kind": K.NEW_RETAILER, "date": TODAY.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["source"] == OutcomeSource.FIRM
    assert response.json()["quantity"] == 1


def test_api_refuses_units_sold_without_quantity(client_for, coach_a, enrolment):
    response = client_for(coach_a).post(
        reverse("api:outcome-list"),
        {"enrolment": enrolment.pk, "kind": K.UNITS_SOLD, "date": TODAY.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "quantity" in response.json()
    assert not Outcome.objects.exists()


def test_api_another_firm_sees_none_of_the_outcomes(client_for, cluster_a, enrolment):
    record(enrolment)
    _firm, other_rep = firm_with_rep(cluster_a, "Other AB", "rep.other@example.org")
    assert client_for(other_rep).get(reverse("api:outcome-list")).json()["results"] == []


# Joint activities with research (what CO26 / RCO10 count) -----------------------------------


def test_a_joint_activity_names_a_research_organisation_of_the_cluster(
    enrolment, cluster_a, cluster_b, manager_a
):
    university = OrganizationFactory(cluster=cluster_a, helix=Helix.ACADEMIA, legal_name="Uni")
    institute = OrganizationFactory(
        cluster=cluster_a, org_type=OrganizationType.RESEARCH_INSTITUTE, legal_name="RISE"
    )
    supplier = OrganizationFactory(cluster=cluster_a, legal_name="Supplier AB")
    elsewhere = OrganizationFactory(cluster=cluster_b, helix=Helix.ACADEMIA, legal_name="Far")
    for partner in (None, supplier, elsewhere):
        with pytest.raises(ValidationError) as refused:
            record(enrolment, K.RESEARCH_COOPERATION, partner=partner)
        assert "partner" in refused.value.message_dict
    # A partner belongs to a joint activity with research only.
    with pytest.raises(ValidationError) as refused:
        record(enrolment, K.NEW_CUSTOMER, partner=university)
    assert "partner" in refused.value.message_dict
    for partner in (university, institute):
        assert record(enrolment, K.RESEARCH_COOPERATION, partner=partner).partner == partner


def test_the_outcome_form_offers_the_clusters_research_organisations(
    client_for, enrolment, cluster_a, manager_a
):
    university = OrganizationFactory(cluster=cluster_a, helix=Helix.ACADEMIA, legal_name="Uni")
    OrganizationFactory(cluster=cluster_a, legal_name="Supplier AB")
    url = reverse("internationalization:outcome-create", kwargs={"pk": enrolment.pk})
    client = client_for(manager_a)
    form = client.get(url).context["form"]
    assert list(form.fields["partner"].queryset) == [university]
    response = client.post(
        url, outcome_form(K.RESEARCH_COOPERATION, partner=str(university.pk), country="")
    )
    assert response.status_code == 302
    assert Outcome.objects.get(kind=K.RESEARCH_COOPERATION).partner == university


def test_the_completion_checks_cost_one_query_per_rule_not_per_activity(
    client_for, cluster_a, firm_a, manager_a, coach_a, django_assert_max_num_queries
):
    """A manager's outcome page checks each of the project's five completion rules in one
    query each, however many sessions the firm logged."""
    project = running_project(
        cluster_a,
        "all-rules",
        completion_rules=[
            {"activity": "coaching", "minimum": 10},
            {"activity": "workshops", "minimum": 2},
            {"activity": "timbank", "minimum": 4},
            {"activity": "trip", "minimum": 1},
            {"activity": "export_lab", "stage": "evaluation"},
        ],
    )
    enrolment = enrolment_through_intake(project, firm_a, manager=manager_a, coach=coach_a)
    url = reverse("internationalization:outcome-list", args=[enrolment.pk])
    client = client_for(manager_a)

    def checks_with_budget():
        # The page as the firm sees it (above) less the representations, the completion
        # rules, then one query per rule: fourteen.
        with django_assert_max_num_queries(14):
            return client.get(url).context["checks"]

    log_session(enrolment, coach_a, "2", day=TODAY - timedelta(days=3))
    assert len(checks_with_budget()) == 5
    for days in range(4, 12):
        log_session(enrolment, coach_a, "1", day=TODAY - timedelta(days=days))
    coaching = checks_with_budget()[0]
    assert (coaching.done, coaching.met) == (10, True)

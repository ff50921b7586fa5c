"""Pickers offer only what can be chosen (issue 10, point 7): the export lab's "move to"
offers the stages the track may go to and never preselects a move that changes nothing; the
trip's country has no default, the firm chooses it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from internationalization.choices import ExportLabStage
from internationalization.services.export_lab import export_lab_advance, export_lab_start
from tests.factories.common import TODAY
from tests.factories.projects import enrolment_through_intake, running_project

pytestmark = pytest.mark.django_db

S = ExportLabStage
DAY0 = TODAY - timedelta(days=60)


@pytest.fixture
def enrolment(cluster_a, firm_a, firm_rep_a, manager_a, coach_a):
    return enrolment_through_intake(
        running_project(cluster_a), firm_a, manager=manager_a, coach=coach_a
    )


@pytest.fixture
def track(enrolment):
    return export_lab_start(enrolment=enrolment, target_market="US", entered_on=DAY0, notes="")


def offered(client, track) -> tuple[list[str], object]:
    page = client.get(reverse("internationalization:export-lab-track", args=[track.pk]))
    field = page.context["form"]["to_stage"]
    return [value for value, _label in field.field.choices if value], field.value()


def test_move_to_offers_only_the_next_stage_preselected(client_for, coach_a, track):
    stages, chosen = offered(client_for(coach_a), track)
    assert stages == [S.MARKET_ANALYSIS]
    assert chosen == S.MARKET_ANALYSIS


def test_from_evaluation_both_moves_are_offered_and_none_is_preselected(client_for, coach_a, track):
    for offset, stage in enumerate((S.MARKET_ANALYSIS, S.INCUBATION, S.PILOT_LAUNCH, S.EVALUATION)):
        track = export_lab_advance(
            track=track, to_stage=stage, entered_on=DAY0 + timedelta(days=offset + 1), notes=""
        )
    stages, chosen = offered(client_for(coach_a), track)
    assert sorted(stages) == sorted([S.ACCELERATION, S.INCUBATION])
    assert chosen in (None, "")
    assert S.EVALUATION not in stages


def test_a_stage_that_is_not_offered_is_refused_at_the_field(client_for, coach_a, track):
    url = reverse("internationalization:export-lab-track", args=[track.pk])
    response = client_for(coach_a).post(
        url, {"to_stage": S.MARKET_CHOICE, "entered_on": TODAY.isoformat()}
    )
    assert "Market analysis" in " ".join(response.context["form"].errors["to_stage"])


def test_the_trip_country_has_no_default_and_must_be_chosen(client_for, firm_rep_a, enrolment):
    url = reverse("internationalization:trip-apply", args=[enrolment.pk])
    client = client_for(firm_rep_a)
    page = client.get(url)
    field = page.context["form"]["country"]
    assert field.value() in (None, "")
    first_value, first_label = list(field.field.choices)[0]
    assert first_value == "" and "country" in str(first_label).lower()
    html = page.content.decode()
    assert re.search(r'<select name="country"[^>]*required', html)
    response = client.post(
        url,
        {
            "country": "",
            "city": "Nuremberg",
            "start": TODAY.isoformat(),
            "end": TODAY.isoformat(),
            "purpose": "fair",
            "budget_requested": "100",
        },
    )
    assert "country" in response.context["form"].errors

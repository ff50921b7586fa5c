"""HTML in free text is shown as text (issue 11, input limits): notes, decisions and
descriptions holding a script or an image with an error handler appear escaped on the pages
that render them, never as markup. The text is written straight into the database, as an
import or an old record could hold it."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from members.models import Decision
from projects.choices import EnrolmentStatus
from tests.factories.activities import (
    CoachingSessionFactory,
    TimbankRequestFactory,
    TripFactory,
    WorkshopFactory,
)
from tests.factories.members import BodyFactory, MeetingFactory
from tests.factories.projects import EnrolmentFactory, ProjectFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src=x onerror="alert(2)">'
HOSTILE = f"First line {SCRIPT}\nsecond line {IMAGE}"
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=")


def cluster_description(cluster, manager):
    cluster.description = HOSTILE
    cluster.save()
    return cluster.get_absolute_url()


def project_description(cluster, manager):
    return ProjectFactory(cluster=cluster, description=HOSTILE).get_absolute_url()


def body_description(cluster, manager):
    return BodyFactory(cluster=cluster, description=HOSTILE).get_absolute_url()


def meeting_agenda_and_minutes(cluster, manager):
    meeting = MeetingFactory(body=BodyFactory(cluster=cluster), agenda=HOSTILE, minutes=HOSTILE)
    return meeting.get_absolute_url()


def decision_text(cluster, manager):
    meeting = MeetingFactory(body=BodyFactory(cluster=cluster))
    return Decision.objects.create(
        meeting=meeting, text=HOSTILE, outcome="adopted"
    ).get_absolute_url()


def meeting_decisions(cluster, manager):
    meeting = MeetingFactory(body=BodyFactory(cluster=cluster))
    Decision.objects.create(meeting=meeting, text=HOSTILE, outcome="adopted")
    return meeting.get_absolute_url()


def enrolment_interview_notes(cluster, manager):
    enrolment = EnrolmentFactory(
        project=ProjectFactory(cluster=cluster),
        status=EnrolmentStatus.ACTIVE,
        interview_notes=HOSTILE,
    )
    return enrolment.get_absolute_url()


def coaching_session_notes(cluster, manager):
    enrolment = EnrolmentFactory(project=ProjectFactory(cluster=cluster), coach=manager)
    session = CoachingSessionFactory(enrolment=enrolment, coach=manager, notes=HOSTILE)
    return session.get_absolute_url()


def timbank_request_purpose(cluster, manager):
    enrolment = EnrolmentFactory(project=ProjectFactory(cluster=cluster))
    timbank_request = TimbankRequestFactory(
        enrolment=enrolment, purpose=HOSTILE, decision_note=HOSTILE
    )
    return reverse("internationalization:timbank-request-detail", args=[timbank_request.pk])


def trip_decision_note(cluster, manager):
    trip = TripFactory(
        enrolment=EnrolmentFactory(project=ProjectFactory(cluster=cluster)),
        decision_note=HOSTILE,
    )
    return reverse("internationalization:trip-detail", args=[trip.pk])


def workshop_topic(cluster, manager):
    workshop = WorkshopFactory(project=ProjectFactory(cluster=cluster), topic=HOSTILE)
    return reverse("internationalization:workshop-detail", args=[workshop.pk])


PAGES = [
    cluster_description,
    project_description,
    body_description,
    meeting_agenda_and_minutes,
    decision_text,
    meeting_decisions,
    enrolment_interview_notes,
    coaching_session_notes,
    timbank_request_purpose,
    trip_decision_note,
    workshop_topic,
]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.__name__)
def test_free_text_with_html_is_shown_escaped(client_for, manager_a, cluster_a, page):
    response = client_for(manager_a).get(page(cluster_a, manager_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert SCRIPT not in html
    assert "<img src=x" not in html
    for escaped in ESCAPED:
        assert escaped in html
    assert "<br>second line" in html, "line breaks are kept as line breaks"


# Charts: Plotly draws a subset of HTML in the texts it shows ---------------------------------


def test_a_chart_shows_markup_in_its_data_as_text():
    from reports.charts.builders import horizontal_bar_chart

    label = f"{IMAGE} <a href='/x'>link</a> region with a name long enough to wrap"
    chart = horizontal_bar_chart("by-region", "By region", [(label, 3), ("Dalarna", 4)], "Firms")
    spec = json.dumps(chart.figure)
    assert "<img" not in spec and "<a " not in spec
    assert "&lt;img src=x onerror=" in spec
    assert chart.rows[0][0] == label, "the table beside the chart is escaped by its template"

"""The personal iCalendar feed (reports.views.calendar_feed): a secret URL per user that a
calendar application fetches without a session, holding exactly the user's own events with
stable UIDs; rotating or revoking the key closes the old URL."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.models import CalendarFeedToken
from accounts.services import calendar_feed_revoke, calendar_feed_rotate
from members.services import meeting_save
from projects.services import enrolment_schedule_interview
from tests.factories.activities import TripFactory, WorkshopFactory, WorkshopParticipationFactory


@pytest.fixture
def coming(world):
    """Events of the firm around today (the world's own are months away): a workshop it is
    invited to, the rival's interview, a trip and a committee meeting; and a workshop of the
    project the firm is not invited to."""
    today = timezone.localdate()
    workshop = WorkshopFactory(project=world["project"], date=today + timedelta(days=5))
    WorkshopParticipationFactory(workshop=workshop, enrolment=world["enrolment"])
    at = timezone.make_aware(datetime.combine(today + timedelta(days=3), time(10)))
    return {
        "workshop": workshop,
        "uninvited": WorkshopFactory(project=world["project"], date=today + timedelta(days=6)),
        "trip": TripFactory(
            enrolment=world["enrolment"],
            status="approved",
            city="Oslo",
            start=today + timedelta(days=10),
            end=today + timedelta(days=12),
        ),
        "long_ago": TripFactory(
            enrolment=world["enrolment"],
            start=today - timedelta(days=200),
            end=today - timedelta(days=198),
        ),
        "interview": enrolment_schedule_interview(
            enrolment=world["other_enrolment"], at=at, actor=world["manager_a"]
        ),
        "meeting": meeting_save(
            body=world["other_committee"], data={"date": today + timedelta(days=7), "title": "HR"}
        ),
    }


def feed_url(token: CalendarFeedToken) -> str:
    return reverse("reports:calendar-feed", kwargs={"key": token.key})


def fetch(url: str):
    """As a calendar application asks: no session, no cookies."""
    return Client().get(url)


def vevents(response) -> list:
    return Calendar.from_ical(response.content).walk("VEVENT")


@pytest.mark.django_db
def test_the_feed_opens_without_a_session_as_text_calendar(world, coming):
    response = fetch(feed_url(calendar_feed_rotate(user=world["firm_rep"])))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert response["Content-Disposition"].endswith('.ics"')
    assert b"\r\n" in response.content
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert "Clusterdesk" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"])


@pytest.mark.django_db
def test_the_feed_holds_exactly_the_users_events_in_its_window(world, coming):
    response = fetch(feed_url(calendar_feed_rotate(user=world["firm_rep"])))
    assert {str(event["UID"]).split("@")[0] for event in vevents(response)} == {
        f"workshop-{coming['workshop'].pk}",
        f"trip-{coming['trip'].pk}",
    }


@pytest.mark.django_db
def test_the_feed_of_a_committee_member_holds_the_committees_meeting(world, coming):
    response = fetch(feed_url(calendar_feed_rotate(user=world["committee_member"])))
    (meeting,) = vevents(response)
    assert str(meeting["UID"]).startswith(f"meeting-{coming['meeting'].pk}@")
    assert str(meeting["URL"]) == f"http://testserver{coming['meeting'].get_absolute_url()}"


@pytest.mark.django_db
def test_feed_events_are_all_day_dates_or_utc_times(world, coming):
    response = fetch(feed_url(calendar_feed_rotate(user=world["other_firm_rep"])))
    (interview,) = vevents(response)
    start, end = interview.decoded("DTSTART"), interview.decoded("DTEND")
    assert start == coming["interview"].interview_at
    assert start.utcoffset() == timedelta(0) and end - start == timedelta(hours=1)
    assert b"Z\r\n" in response.content
    trip = next(
        event
        for event in vevents(fetch(feed_url(calendar_feed_rotate(user=world["firm_rep"]))))
        if str(event["UID"]).startswith("trip-")
    )
    assert trip.decoded("DTSTART") == coming["trip"].start
    # DTEND of an all-day event is the day after its last.
    assert trip.decoded("DTEND") == coming["trip"].end + timedelta(days=1)
    assert not isinstance(trip.decoded("DTSTART"), datetime)
    assert "Oslo" in str(trip["LOCATION"])


@pytest.mark.django_db
def test_uids_stay_the_same_from_one_fetch_to_the_next(world, coming):
    url = feed_url(calendar_feed_rotate(user=world["manager_a"]))
    first = [str(event["UID"]) for event in vevents(fetch(url))]
    second = [str(event["UID"]) for event in vevents(fetch(url))]
    assert first == second
    assert len(set(first)) == len(first) > 0


@pytest.mark.django_db
def test_a_rotated_key_answers_404_and_the_new_one_works(world):
    old = calendar_feed_rotate(user=world["firm_rep"])
    new = calendar_feed_rotate(user=world["firm_rep"])
    assert fetch(feed_url(old)).status_code == 404
    assert fetch(feed_url(new)).status_code == 200
    assert CalendarFeedToken.objects.active().filter(user=world["firm_rep"]).get() == new


@pytest.mark.django_db
def test_a_revoked_or_unknown_key_answers_404(world):
    token = calendar_feed_rotate(user=world["firm_rep"])
    calendar_feed_revoke(user=world["firm_rep"])
    assert fetch(feed_url(token)).status_code == 404
    unknown = reverse("reports:calendar-feed", kwargs={"key": "not-a-key"})
    assert fetch(unknown).status_code == 404


@pytest.mark.django_db
def test_the_feed_of_a_deactivated_user_answers_404(world):
    token = calendar_feed_rotate(user=world["firm_rep"])
    world["firm_rep"].is_active = False
    world["firm_rep"].save()
    assert fetch(feed_url(token)).status_code == 404


@pytest.mark.django_db
def test_the_feed_query_budget_is_flat_in_the_number_of_events(
    world, django_assert_max_num_queries
):
    url = feed_url(calendar_feed_rotate(user=world["manager_a"]))
    today = timezone.localdate()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert fetch(url).status_code == 200
        return len(captured)

    WorkshopFactory(project=world["project"], date=today)
    few = queries()
    for day in range(20):
        WorkshopFactory(project=world["project"], date=today + timedelta(days=day))
        TripFactory(enrolment=world["enrolment"], start=today, end=today + timedelta(days=day))
    # The key with its user, the user's roles, then one query per kind of event.
    with django_assert_max_num_queries(6):
        assert queries() == few


# The page to get, rotate and revoke the URL ---------------------------------------------------


@pytest.mark.django_db
def test_the_subscribe_page_offers_a_url_then_shows_it_to_copy_again(client_for, world):
    client = client_for(world["firm_rep"])
    page = reverse("reports:calendar-subscribe")
    assert "You have no calendar feed yet." in client.get(page).content.decode()
    response = client.post(reverse("reports:calendar-subscribe-rotate"), follow=True)
    token = CalendarFeedToken.objects.get(user=world["firm_rep"])
    assert f"http://testserver{feed_url(token)}" in response.content.decode()
    shown_again = client.get(page).content.decode()
    assert f"http://testserver{feed_url(token)}" in shown_again
    assert f'href="webcal://testserver{feed_url(token)}"' in shown_again


@pytest.mark.django_db
def test_the_subscribe_page_revokes_the_feed(client_for, world):
    client = client_for(world["firm_rep"])
    token = calendar_feed_rotate(user=world["firm_rep"])
    client.post(reverse("reports:calendar-subscribe-revoke"))
    assert fetch(feed_url(token)).status_code == 404
    assert not CalendarFeedToken.objects.active().filter(user=world["firm_rep"]).exists()


@pytest.mark.django_db
def test_one_user_cannot_rotate_anothers_feed(client_for, world):
    token = calendar_feed_rotate(user=world["firm_rep"])
    client_for(world["other_firm_rep"]).post(reverse("reports:calendar-subscribe-rotate"))
    assert fetch(feed_url(token)).status_code == 200


@pytest.mark.django_db
def test_the_subscribe_page_asks_to_log_in(world):
    response = Client().get(reverse("reports:calendar-subscribe"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))

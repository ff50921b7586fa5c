"""The notification core: who gets a row, who gets an e-mail and in which language, the daily
digest, the inbox page and its badge, the settings page and the API."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Delivery, NotificationKind
from accounts.models import Notification, NotificationPreference
from accounts.notifications.services import notify, notify_message
from accounts.tasks import send_daily_digests
from tests.factories.clusters import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

TRIP = NotificationKind.TRIP_DECIDED
TRIP_PARAMS = {"firm": "Alpha Sealing AB", "country": "DE", "day": date(2026, 3, 10)}


def send(recipients, capture, kind=TRIP, params=None, **extra):
    with capture(execute=True):
        return notify(
            recipients=recipients,
            kind=kind,
            params=params or {**TRIP_PARAMS, "outcome": "approved"},
            url="/activities/trips/1/",
            **extra,
        )


def test_a_notification_is_kept_and_emailed_at_once_by_default(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="rep@example.org")
    send([user], django_capture_on_commit_callbacks)
    notification = Notification.objects.get(recipient=user)
    assert notification.kind == TRIP and notification.read_at is None
    assert notification.emailed_at is not None
    [mail] = mailoutbox
    assert mail.to == ["rep@example.org"]
    assert mail.subject == "Your trip to Germany was approved"
    assert "10 Mar 2026" in mail.body
    assert mail.body.endswith("http://localhost:8000/activities/trips/1/")


def test_the_email_is_written_in_the_recipients_language_not_the_senders(
    mailoutbox, django_capture_on_commit_callbacks
):
    # The locale files get their strings after the merge; Django's own Swedish and Russian
    # month and country names already show which language the e-mail was rendered in.
    swede = UserFactory(language="sv")
    russian = UserFactory(language="ru")
    send([swede, russian], django_capture_on_commit_callbacks)
    bodies = {mail.to[0]: mail.body for mail in mailoutbox}
    assert "10 mars 2026" in bodies[swede.email] and "Tyskland" in bodies[swede.email]
    assert "10 марта 2026" in bodies[russian.email] and "Германия" in bodies[russian.email]


def test_repeated_and_inactive_recipients_and_none_are_dropped(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    gone = UserFactory(is_active=False)
    send([user, user, None, gone], django_capture_on_commit_callbacks)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [user.pk]
    assert len(mailoutbox) == 1


def test_off_keeps_no_row_and_sends_nothing(mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory()
    NotificationPreference.objects.create(user=user, kind=TRIP, delivery=Delivery.OFF)
    assert send([user], django_capture_on_commit_callbacks) == []
    assert not Notification.objects.exists() and mailoutbox == []


def test_digest_sends_nothing_at_once_and_one_digest_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="digest@example.org")
    other = UserFactory()
    NotificationPreference.objects.create(user=user, kind=TRIP, delivery=Delivery.DIGEST)
    send([user, other], django_capture_on_commit_callbacks)
    send([user], django_capture_on_commit_callbacks, params={**TRIP_PARAMS, "outcome": "rejected"})
    assert [mail.to for mail in mailoutbox] == [[other.email]]
    mailoutbox.clear()

    assert send_daily_digests.delay().get() == 1
    [digest] = mailoutbox
    assert digest.to == ["digest@example.org"]
    assert "approved" in digest.body and "rejected" in digest.body
    assert not Notification.objects.filter(recipient=user, emailed_at__isnull=True).exists()
    assert send_daily_digests.delay().get() == 0
    assert len(mailoutbox) == 1


def test_reminder_kinds_go_to_the_digest_by_default(mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory()
    send([user], django_capture_on_commit_callbacks, kind=NotificationKind.ACTION_ITEM_DUE)
    assert Notification.objects.get().delivery == Delivery.DIGEST
    assert mailoutbox == []


def test_a_once_key_sends_a_reminder_once(django_capture_on_commit_callbacks):
    user = UserFactory()
    assert len(send([user], django_capture_on_commit_callbacks, once_key="trip:1")) == 1
    assert send([user], django_capture_on_commit_callbacks, once_key="trip:1") == []
    assert Notification.objects.count() == 1


def test_a_message_carries_its_sender_subject_and_text(
    mailoutbox, django_capture_on_commit_callbacks
):
    manager = UserFactory(full_name="Maja Manager")
    rep = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify_message(
            sender=manager,
            recipients=[rep],
            subject="Workshop moved",
            body="The workshop moves to Friday.",
            url="/activities/portal/",
        )
    [mail] = mailoutbox
    assert mail.subject == "Workshop moved"
    assert "Maja Manager writes:" in mail.body and "moves to Friday" in mail.body


# The inbox -----------------------------------------------------------------------------------


def _notification(user, url="/activities/trips/7/", **extra) -> Notification:
    return Notification.objects.create(
        recipient=user,
        kind=TRIP,
        params={**TRIP_PARAMS, "day": "2026-03-10", "outcome": "approved"},
        url=url,
        **extra,
    )


def test_the_inbox_lists_only_own_notifications_newest_first(client_for):
    user, other = UserFactory(), UserFactory()
    old = _notification(user, created_at=timezone.now() - timezone.timedelta(days=2))
    new = _notification(user, read_at=timezone.now())
    _notification(other, url="/elsewhere/")
    page = client_for(user).get(reverse("accounts:inbox"))
    assert list(page.context["notifications"]) == [new, old]
    assert b"/elsewhere/" not in page.content
    html = page.content.decode()
    assert html.count('class="inbox-item unread"') == 1


def test_the_inbox_query_count_is_flat(client_for, django_assert_max_num_queries):
    user = UserFactory()
    for _ in range(30):
        _notification(user)
    client = client_for(user)
    # session, user, the current cluster and the switcher's clusters, the navigation's role
    # questions (representative, funder), whether any is unread (the "mark all" button), the
    # paginator's count and the page of rows: none grows with the rows
    with django_assert_max_num_queries(9):
        page = client.get(reverse("accounts:inbox"))
    assert len(page.context["notifications"]) == 25


def test_opening_marks_read_and_goes_where_the_user_acts(client_for):
    user = UserFactory()
    notification = _notification(user)
    answer = client_for(user).get(reverse("accounts:notification-open", args=[notification.pk]))
    assert answer.status_code == 302 and answer.url == "/activities/trips/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_nobody_opens_another_users_notification(client_for):
    notification = _notification(UserFactory())
    answer = client_for(UserFactory()).get(
        reverse("accounts:notification-open", args=[notification.pk])
    )
    assert answer.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_link_to_another_host_is_not_followed(client_for):
    user = UserFactory()
    notification = _notification(user, url="https://evil.example.com/")
    answer = client_for(user).get(reverse("accounts:notification-open", args=[notification.pk]))
    assert answer.url == reverse("accounts:inbox")


def test_the_header_badge_counts_unread_and_mark_all_read_clears_it(
    client_for, django_assert_max_num_queries
):
    user = UserFactory()
    for _ in range(3):
        _notification(user)
    _notification(user, read_at=timezone.now())
    _notification(UserFactory())
    client = client_for(user)
    # The page asks for its badge once loaded (htmx), so no page's budget pays for it.
    assert reverse("accounts:inbox-badge") in client.get(reverse("clusters:list")).content.decode()
    # session, user, the current cluster (middleware), the count
    with django_assert_max_num_queries(4):
        badge = client.get(reverse("accounts:inbox-badge"))
    assert '<span class="badge" title="unread">3</span>' in badge.content.decode()
    client.post(reverse("accounts:inbox-read-all"))
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert "badge" not in client.get(reverse("accounts:inbox-badge")).content.decode()


def test_the_settings_page_saves_each_kind_and_the_language(client_for):
    user = UserFactory()
    client = client_for(user)
    page = client.get(reverse("accounts:notification-settings"))
    assert page.status_code == 200
    data = {kind: Delivery.IMMEDIATELY for kind in NotificationKind.values}
    data |= {TRIP: Delivery.OFF, NotificationKind.MESSAGE: Delivery.DIGEST, "language": "sv"}
    answer = client.post(reverse("accounts:notification-settings"), data)
    assert answer.status_code == 302
    user.refresh_from_db()
    assert user.language == "sv"
    assert dict(user.notification_preferences.values_list("kind", "delivery")) == {
        TRIP: Delivery.OFF,
        NotificationKind.MESSAGE: Delivery.DIGEST,
        # Reminders default to the digest: the user chose otherwise.
        NotificationKind.SESSION_UNCONFIRMED: Delivery.IMMEDIATELY,
        NotificationKind.REQUEST_UNDECIDED: Delivery.IMMEDIATELY,
        NotificationKind.ACTION_ITEM_DUE: Delivery.IMMEDIATELY,
    }


def test_a_bad_choice_on_the_settings_page_is_shown_and_nothing_saved(client_for):
    user = UserFactory()
    data = {kind: "loud" for kind in NotificationKind.values} | {"language": "xx"}
    answer = client_for(user).post(reverse("accounts:notification-settings"), data)
    assert answer.status_code == 200
    assert answer.context["form"].errors["language"]
    assert answer.context["form"].errors[TRIP]
    user.refresh_from_db()
    assert user.language == "en" and not user.notification_preferences.exists()


# The API -------------------------------------------------------------------------------------


def test_the_api_lists_own_notifications_rendered(client_for):
    user = UserFactory()
    mine = _notification(user)
    _notification(UserFactory())
    answer = client_for(user).get("/api/v1/notifications/")
    assert [row["id"] for row in answer.json()["results"]] == [mine.pk]
    assert answer.json()["results"][0]["subject"] == "Your trip to Germany was approved"


def test_the_api_marks_one_and_all_read_but_not_anothers(client_for):
    user = UserFactory()
    first, second = _notification(user), _notification(user)
    theirs = _notification(UserFactory())
    client = client_for(user)
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    answer = client.post(f"/api/v1/notifications/{first.pk}/read/")
    assert answer.status_code == 200 and answer.json()["read_at"]
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 1}
    second.refresh_from_db()
    theirs.refresh_from_db()
    assert second.read_at is not None and theirs.read_at is None


def test_the_header_language_buttons_set_the_language_of_a_users_emails(client_for):
    user = UserFactory()
    answer = client_for(user).post(
        reverse("accounts:set-language"), {"language": "ru", "next": "/clusters/"}
    )
    assert answer.status_code == 302 and answer.url == "/clusters/"
    assert answer.cookies["django_language"].value == "ru"
    user.refresh_from_db()
    assert user.language == "ru"


def test_an_anonymous_visitor_switches_language_too(client):
    answer = client.post(reverse("accounts:set-language"), {"language": "sv", "next": "/"})
    assert answer.status_code == 302 and answer.cookies["django_language"].value == "sv"

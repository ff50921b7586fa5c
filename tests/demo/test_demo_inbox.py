"""The demo logins find work in their inboxes, told through the apps' notification helpers,
and seeding again tells nobody twice."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.choices import NotificationKind as K
from accounts.models import Notification
from tests.login import log_in

pytestmark = pytest.mark.django_db


def kinds_of(email: str) -> set[str]:
    return set(Notification.objects.filter(recipient__email=email).values_list("kind", flat=True))


def test_the_demo_inboxes_and_a_second_seed_adds_nothing():
    call_command("seed_demo", quiet_logins=True, stdout=StringIO())
    assert {K.SESSION_TO_CONFIRM, K.WORKSHOP_INVITATION, K.MESSAGE} <= kinds_of("firm@example.com")
    assert K.REQUEST_UNDECIDED in kinds_of("manager@example.com")
    before = sorted(Notification.objects.values_list("recipient__email", "kind", "url"))

    call_command("seed_demo", quiet_logins=True, stdout=StringIO())
    assert sorted(Notification.objects.values_list("recipient__email", "kind", "url")) == before

    client = Client()
    assert log_in(client, "firm@example.com", "clusterdesk")
    inbox = client.get(reverse("accounts:inbox")).content.decode()
    assert "Confirm the coaching session of 10 Nov 2026" in inbox
    assert "Export workshop: bring your market shortlist" in inbox

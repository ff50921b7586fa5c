"""A constraint violation no form or service foresaw answers 409 with a clear message, in
the API and on a page, never a 500 (clusters/guards.py, clusters/api/exceptions.py).

The services check what they can before writing ("the cluster already has a body with this
name"); what only the database can see is a row another transaction is writing at the same
moment. Each test makes that moment happen for real on PostgreSQL: a second connection inserts
the same governance body and holds its transaction open; the request passes the service's
check (it cannot see the uncommitted row), waits on the unique index, and fails on
``unique_body_name_per_cluster`` once the other transaction commits.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from members.choices import BodyKind
from members.models import Body
from tests.concurrency import require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Audit committee"


@pytest.fixture(autouse=True)
def postgresql_only(db):
    require_postgresql()


def waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


def while_the_same_body_is_being_inserted(cluster, send):
    """``send()`` runs while another transaction has inserted a body of the same name and not
    yet committed; it commits once ``send`` waits on the unique index. Returns the response."""
    inserted, release = threading.Event(), threading.Event()
    answers = []

    def insert_and_hold():
        try:
            with transaction.atomic():
                Body.objects.create(cluster=cluster, name=NAME, kind=BodyKind.COMMITTEE)
                inserted.set()
                release.wait(timeout=60)
        finally:
            connections.close_all()

    def request():
        try:
            answers.append(send())
        finally:
            connections.close_all()

    holder = threading.Thread(target=insert_and_hold)
    holder.start()
    assert inserted.wait(timeout=30)
    requester = threading.Thread(target=request)
    requester.start()
    for _ in range(600):
        if waiting_on_a_lock() or not requester.is_alive():
            break
        requester.join(timeout=0.1)
    release.set()
    holder.join(timeout=60)
    requester.join(timeout=60)
    assert answers, "the request did not finish"
    return answers[0]


def test_the_api_answers_a_unique_constraint_with_409_and_says_what_exists(
    cluster_a, manager_a
):
    client = Client(raise_request_exception=False)
    client.force_login(manager_a)

    response = while_the_same_body_is_being_inserted(
        cluster_a,
        lambda: client.post(
            reverse("api:body-list"),
            {"cluster": cluster_a.slug, "name": NAME, "kind": BodyKind.COMMITTEE},
            content_type="application/json",
        ),
    )

    assert response.status_code == 409, response.content
    assert response.json() == {
        "detail": "A governance body with this Cluster and Name already exists."
    }
    assert Body.objects.filter(cluster=cluster_a, name=NAME).count() == 1


def test_a_page_answers_a_unique_constraint_with_a_409_page_saying_nothing_was_saved(
    cluster_a, manager_a
):
    client = Client(raise_request_exception=False)
    client.force_login(manager_a)

    response = while_the_same_body_is_being_inserted(
        cluster_a,
        lambda: client.post(
            reverse("members:body-create"), {"name": NAME, "kind": BodyKind.COMMITTEE}
        ),
    )

    assert response.status_code == 409
    text = response.content.decode()
    assert "Not saved" in text
    assert "A governance body with this Cluster and Name already exists." in text
    assert Body.objects.filter(cluster=cluster_a, name=NAME).count() == 1

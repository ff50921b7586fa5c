"""Cached figures live until an activity changes, and a change inside a transaction makes them
stale again at commit: a page computed between the write and its commit read the old rows."""

from __future__ import annotations

from django.db import transaction

from clusters.read_cache import cached_read, data_changed


def test_a_cached_figure_is_reused_until_an_activity_changes(db):
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    assert cached_read("k", compute, seconds=60) == 1
    assert cached_read("k", compute, seconds=60) == 1
    data_changed()
    assert cached_read("k", compute, seconds=60) == 2


def test_a_figure_cached_before_the_commit_is_dropped_at_the_commit(
    db, django_capture_on_commit_callbacks
):
    values = iter(["read before the commit", "read after the commit"])

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        data_changed()
        # Another request computes now, still seeing the rows as they were.
        assert cached_read("k", lambda: next(values), seconds=60) == "read before the commit"

    assert cached_read("k", lambda: next(values), seconds=60) == "read after the commit"


def test_rows_inserted_in_bulk_make_cached_reads_stale(db):
    from accounts.models import User
    from clusters.inserts import insert_many

    count = lambda: User.objects.count()  # noqa: E731
    before = cached_read("users", count, seconds=60)

    insert_many(User, [User(email="bulk@example.org", password="!")])

    assert cached_read("users", count, seconds=60) == before + 1


def test_a_transaction_asks_once_to_refresh_at_commit_however_many_rows_it_writes(
    db, django_capture_on_commit_callbacks
):
    from clusters.read_cache import is_read_cache_callback

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for _ in range(5):
            data_changed()

    assert len([c for c in callbacks if is_read_cache_callback(c)]) == 1

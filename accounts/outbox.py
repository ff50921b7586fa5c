"""The outbox: background work that is never lost when the broker (Redis) is down.

``outbox_enqueue`` writes the task in the caller's transaction; once it commits, the message is
handed to the broker at once with short timeouts (config/settings.py: a down broker costs a
request about two seconds, not the result store's 19). What the broker refused stays in the
table: the periodic task ``accounts.tasks.dispatch_outbox`` and ``manage.py dispatch_outbox``
send it when the broker is back. Tasks that go through the outbox take ids and are idempotent,
so a message sent twice (a dispatcher that died between publishing and marking) does no harm.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import OutboxMessage

logger = logging.getLogger(__name__)

# After a failed hand-over, requests of this process stop trying for this long (each try costs
# the broker timeout); the periodic dispatch keeps trying.
BROKER_BACKOFF_SECONDS = 30
# Sent messages are kept this long, for the record, then deleted by the dispatch.
KEEP_SENT = timedelta(days=7)

_broker_down_until = 0.0
NOT_TRIED_BROKER_DOWN = "not tried: the broker refused a message moments before"


@dataclass(frozen=True)
class DispatchResult:
    sent: int
    pending: int
    error: str = ""


def outbox_enqueue(*, task: str, args: Iterable = (), key: str = "") -> OutboxMessage:
    """Write ``task(*args)`` to the outbox in the caller's transaction; it is handed to the
    broker once the transaction commits (or later, if the broker is down then)."""
    message = OutboxMessage.objects.create(task=task, args=list(args), key=key)
    # robust: with eager Celery the task runs here, and its failure (already recorded by the
    # task, e.g. a failed run) must not turn the caller's committed request into a 500.
    transaction.on_commit(lambda: _dispatch_after_commit(message.pk), robust=True)
    return message


def _dispatch_after_commit(message_id: int) -> None:
    if time.monotonic() < _broker_down_until:
        # Not tried, but the broker refused another message moments ago: recorded as such, so
        # pages can say that this one waits for the broker too.
        OutboxMessage.objects.filter(pk=message_id).update(
            attempts=F("attempts") + 1, last_error=NOT_TRIED_BROKER_DOWN
        )
        return
    outbox_dispatch(ids=[message_id])


def outbox_refused_keys(keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` have a message the broker has not taken after being offered it: the
    ones waiting for the broker to come back (not those whose transaction is still open)."""
    keys = [key for key in keys if key]
    if not keys:
        return set()
    return set(
        OutboxMessage.objects.filter(
            key__in=keys, sent_at__isnull=True, attempts__gt=0
        ).values_list(
            "key", flat=True
        )
    )


def _publish(message: OutboxMessage) -> str:
    """Hand one message to the broker (or, with eager Celery, run it); its task id."""
    if message.task not in current_app.tasks:
        # The apps' tasks modules are imported lazily (autodiscovery); a web process may not
        # have loaded them yet.
        current_app.loader.import_default_modules()
    task = current_app.tasks[message.task]
    if current_app.conf.task_always_eager:
        # The task records its own failures (a failed run, a mail left unsent).
        return task.apply(args=message.args, throw=False).id
    # ignore_result: no result is read, and subscribing to one would wait on the result store.
    return task.apply_async(args=message.args, ignore_result=True).id


def outbox_dispatch(*, ids: Iterable[int] | None = None, limit: int = 500) -> DispatchResult:
    """Hand pending messages (all, or those of ``ids``) to the broker, oldest first; stop at
    the first refusal, as the broker is then down for the rest too. Each message is locked
    while it is sent, so two dispatchers never send one message twice."""
    global _broker_down_until
    pending = OutboxMessage.objects.filter(sent_at__isnull=True)
    if ids is not None:
        pending = pending.filter(pk__in=list(ids))
    sent, error = 0, ""
    for message_id in list(pending.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=message_id, sent_at__isnull=True)
                .first()
            )
            if message is None:
                continue
            try:
                task_id = _publish(message)
            except Exception as failure:  # noqa: BLE001 - any refusal leaves the message pending
                error = f"{type(failure).__name__}: {failure}"[:2000]
                OutboxMessage.objects.filter(pk=message.pk).update(
                    attempts=message.attempts + 1, last_error=error
                )
                logger.warning("The broker refused %s: %s", message, error)
                _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
                break
            # The broker took it: it is up again, so what this task enqueues (sent once this
            # transaction commits) goes out at once too.
            _broker_down_until = 0.0
            OutboxMessage.objects.filter(pk=message.pk).update(
                sent_at=timezone.now(), task_id=task_id or "", attempts=message.attempts + 1
            )
            sent += 1
    if not error:
        _broker_down_until = 0.0
        if ids is None:
            OutboxMessage.objects.filter(sent_at__lt=timezone.now() - KEEP_SENT).delete()
    return DispatchResult(
        sent=sent, pending=OutboxMessage.objects.filter(sent_at__isnull=True).count(), error=error
    )

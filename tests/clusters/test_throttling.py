"""API throttles count per user in a cache every worker shares (Redis when REDIS_URL is set),
and fail open, with a warning, when that cache is down."""

import copy
import logging
import os
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.core import mail
from django.core.cache import caches
from django.urls import reverse

from accounts.ratelimit import count_in_window
from accounts.services import api_token_create

pytestmark = pytest.mark.django_db

ME = reverse("api:me")
# Nothing listens on port 1: a Redis that is down.
CLOSED_PORT = "redis://127.0.0.1:1/0"
COUNTERS = 20


@pytest.fixture
def tiny_user_rate(settings):
    rest = copy.deepcopy(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"].update({"user": "5/min", "anon": "3/min"})
    settings.REST_FRAMEWORK = rest
    caches["throttle"].clear()


def redis_throttle_cache(settings, location: str, prefix: str = "throttle") -> None:
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }


def test_two_tokens_of_one_user_share_the_user_limit(client, tiny_user_rate, funder_user):
    _first, first = api_token_create(user=funder_user, name="nightly")
    _second, second = api_token_create(user=funder_user, name="dashboard")
    statuses = [
        client.get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code for key in [first, second] * 3
    ]
    assert statuses == [200] * 5 + [429]


def test_a_session_and_a_token_of_one_user_share_the_limit(
    client_for, client, tiny_user_rate, funder_user
):
    _token, key = api_token_create(user=funder_user, name="script")
    session = client_for(funder_user)
    for _ in range(5):
        assert session.get(ME).status_code == 200
    assert client.get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code == 429


def test_another_user_has_a_budget_of_their_own(client, tiny_user_rate, funder_user, manager_a):
    _token, funder_key = api_token_create(user=funder_user, name="script")
    _token, manager_key = api_token_create(user=manager_a, name="script")
    for _ in range(5):
        client.get(ME, HTTP_AUTHORIZATION=f"Token {funder_key}")
    assert client.get(ME, HTTP_AUTHORIZATION=f"Token {manager_key}").status_code == 200


def test_with_the_throttle_cache_down_the_api_answers_and_warns(
    settings, client, tiny_user_rate, funder_user, caplog
):
    redis_throttle_cache(settings, CLOSED_PORT)
    _token, key = api_token_create(user=funder_user, name="script")
    with caplog.at_level(logging.WARNING, logger="clusters.api.throttling"):
        statuses = [client.get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code for _ in range(8)]
    assert statuses == [200] * 8
    assert "Throttle cache unreachable" in caplog.text


def test_with_the_throttle_cache_down_pages_and_reset_mails_still_work(
    settings, anonymous_client, client_for, manager_a, caplog
):
    redis_throttle_cache(settings, CLOSED_PORT)
    assert anonymous_client.get(reverse("login")).status_code == 200
    assert client_for(manager_a).get(reverse("home")).status_code == 200
    with caplog.at_level(logging.WARNING, logger="accounts.ratelimit"):
        response = anonymous_client.post(reverse("password_reset"), {"email": manager_a.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "Throttle cache unreachable" in caplog.text


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: no Redis")
def test_with_redis_the_counts_live_in_redis_for_every_worker(
    settings, client, tiny_user_rate, funder_user
):
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    redis_throttle_cache(settings, os.environ["REDIS_URL"], prefix)
    _token, key = api_token_create(user=funder_user, name="script")
    statuses = [client.get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    # Another worker's connection sees the same count.
    server = redis.Redis.from_url(os.environ["REDIS_URL"])
    keys = server.keys(f"{prefix}:*")
    try:
        assert any(f"user-{funder_user.pk}".encode() in name for name in keys)
    finally:
        if keys:
            server.delete(*keys)


def test_a_refused_request_says_when_to_retry(client, tiny_user_rate, funder_user):
    _token, key = api_token_create(user=funder_user, name="script")
    for _ in range(5):
        client.get(ME, HTTP_AUTHORIZATION=f"Token {key}")
    refused = client.get(ME, HTTP_AUTHORIZATION=f"Token {key}")
    assert refused.status_code == 429
    # The window began with the first request and lasts a minute.
    assert 1 <= int(refused["Retry-After"]) <= 60


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: no Redis")
def test_with_redis_counts_taken_at_the_same_moment_are_each_counted_once(settings):
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    redis_throttle_cache(settings, os.environ["REDIS_URL"], prefix)
    barrier = threading.Barrier(COUNTERS)

    def count(_number: int) -> int:
        barrier.wait(timeout=10)
        return count_in_window(caches["throttle"], "rate:user:user-1", 60)[0]

    try:
        with ThreadPoolExecutor(max_workers=COUNTERS) as pool:
            counts = sorted(pool.map(count, range(COUNTERS)))
    finally:
        server = redis.Redis.from_url(os.environ["REDIS_URL"])
        if keys := server.keys(f"{prefix}:*"):
            server.delete(*keys)
    # A read-then-write count would give two threads the same number.
    assert counts == list(range(1, COUNTERS + 1))


def test_the_redis_throttle_cache_reuses_one_client_per_process(settings):
    # Django's backend builds a redis.Redis per operation, as long as a round trip to Redis.
    redis_throttle_cache(settings, CLOSED_PORT)
    backend = caches["throttle"]._cache
    assert backend.get_client("a", write=True) is backend.get_client("b", write=True)

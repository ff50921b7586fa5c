"""schemathesis against the OpenAPI schema: every operation, by a cluster manager, a firm's
representative and a funder, answers no 5xx and only what the schema documents (status code,
content type, body).

The schema is generated in-process by drf-spectacular (the one ``/api/schema/`` serves), and
the requests go to the Django WSGI application in this thread, against the access matrix's
world (tests/access/world.py) built once in an outer transaction; each request runs in a
savepoint that is rolled back, so no example changes what the next one sees. Examples are
derandomized (the same on every run) and bounded per operation (``MAX_EXAMPLES``): a few
minutes on two cores. Marked ``fuzz``: ``pytest -m "not fuzz"`` leaves it out locally; the
default run (``make test``, CI) includes it. The operations and examples run are printed at
the end (tests/fuzz/conftest.py).
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.services import api_token_create
from config.wsgi import application
from tests.access.world import build_world
from tests.fuzz.conftest import EXAMPLES_RUN

pytestmark = pytest.mark.fuzz

MAX_EXAMPLES = 24
SEED = 20261130
PERSONAS = ("manager_a", "firm_rep", "funder_user")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def openapi_document() -> dict:
    """The document ``/api/schema/`` serves, generated here rather than fetched: that route
    needs a login and costs a request."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": SEED,
        "generation": {"max-examples": MAX_EXAMPLES, "no-shrink": True},
        # The coverage phase sends every boundary of every parameter (over a hundred requests
        # for one POST): too many for CI's two cores; the fuzzing phase draws valid and
        # invalid values within the bound.
        "phases": {"coverage": {"enabled": False}},
    }
)
schema = schemathesis.openapi.from_dict(openapi_document(), config=CONFIG)
schema.app = application


@pytest.fixture(scope="module")
def persona_headers(django_db_setup, django_db_blocker):
    """The world, and an API token for each persona: ``{persona: headers}``."""
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            headers = {}
            for persona in PERSONAS:
                _token, key = api_token_create(user=world[persona], name="schemathesis")
                headers[persona] = {"Authorization": f"Token {key}"}
            yield headers
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def one_connection():
    """The WSGI handler would close the test's connection after each request (it is in a
    transaction); Django's own test client disconnects the same signal handler."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case, persona_headers, one_connection):
    """Each example is sent by the next persona in turn, so each operation is tried by all
    three within its bound."""
    operation = f"{case.method} {case.path}"
    persona = PERSONAS[EXAMPLES_RUN[operation] % len(PERSONAS)]
    EXAMPLES_RUN[operation] += 1
    cache.clear()  # throttle counts: the run asks more often than any rate allows
    with transaction.atomic():
        try:
            case.call_and_validate(headers=persona_headers[persona], checks=CHECKS)
        except Exception as failure:
            failure.add_note(f"as {persona}")
            raise
        finally:
            transaction.set_rollback(True)

"""The OpenAPI schema and its docs: for signed-in users only, and generated once per language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from accounts.services import api_token_create
from config.api_docs import forget_cached_schemas

pytestmark = pytest.mark.django_db

JSON = "application/vnd.oai.openapi+json"


@pytest.fixture(autouse=True)
def no_kept_schema():
    forget_cached_schemas()
    yield
    forget_cached_schemas()


@pytest.fixture
def generations(monkeypatch) -> list[str]:
    """Counts the real schema generations (drf-spectacular's own generator, not ours)."""
    calls: list[str] = []
    original = SchemaGenerator.get_schema

    def counting(self, *args, **kwargs):
        calls.append(self.api_version or "")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counting)
    return calls


def test_the_schema_refuses_anonymous_callers(client):
    response = client.get(reverse("api-schema"))
    assert response.status_code == 401


def test_the_docs_send_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    script = client.get(reverse("api-docs") + "?script")
    assert script.status_code == 302


def test_the_schema_answers_a_token(client, manager_a):
    _token, key = api_token_create(user=manager_a, name="schemathesis")
    response = client.get(
        reverse("api-schema"), headers={"authorization": f"Token {key}", "accept": JSON}
    )
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")
    assert "/api/v1/clusters/" in response.json()["paths"]


def test_the_schema_is_generated_once_per_language(client_for, manager_a, generations):
    client = client_for(manager_a)
    first = client.get(reverse("api-schema"), headers={"accept": JSON})
    again = client.get(reverse("api-schema"), headers={"accept": JSON})
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert len(generations) == 1
    swedish = client.get(reverse("api-schema") + "?lang=sv", headers={"accept": JSON})
    assert swedish.status_code == 200
    assert len(generations) == 2
    client.get(reverse("api-schema") + "?lang=sv", headers={"accept": JSON})
    assert len(generations) == 2


def test_every_user_gets_the_same_schema_so_one_kept_copy_serves_all(
    client_for, manager_a, firm_rep_a, funder_user
):
    """The kept schema ignores who asked: this holds only while the schema does not depend on
    the caller (SERVE_PUBLIC), which this compares with fresh generations."""
    answers = []
    for user in (manager_a, firm_rep_a, funder_user):
        forget_cached_schemas()
        answers.append(client_for(user).get(reverse("api-schema"), headers={"accept": JSON}))
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert answers[0].content == answers[1].content == answers[2].content


def test_the_docs_page_and_its_script_work_for_a_signed_in_user(client_for, manager_a):
    client = client_for(manager_a)
    page = client.get(reverse("api-docs"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<style" not in html
    # Every script of the page is a file: no inline start-up script.
    assert html.count("<script src=") == html.count("<script")
    script = client.get(reverse("api-docs") + "?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()

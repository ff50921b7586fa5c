"""Security headers on every kind of answer: a page, an API response, a refusal.

The Content-Security-Policy allows nothing inline and no eval; the browser proves that every page
works under it (tests/browser: PageWatch fails a page on any CSP violation). Here: the headers
are there, say what they must, and no template holds what the policy would block.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from accounts.services import api_token_create
from config.staticfiles import PLOTLY_CSS, plotly_global_css, plotly_injected_style_ids

pytestmark = pytest.mark.django_db

REPO_ROOT = Path(__file__).resolve().parent.parent
DEVICE_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb")


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_security_headers(response) -> None:
    policy = directives(response)
    for name in ("default-src", "script-src", "style-src"):
        assert policy[name] == ["'self'"], (name, response["Content-Security-Policy"])
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = dict(item.split("=", 1) for item in response["Permissions-Policy"].split(", "))
    for feature in DEVICE_FEATURES:
        assert permissions[feature] == "()", feature


def test_a_page_carries_the_security_headers(client_for, manager_a):
    response = client_for(manager_a).get(reverse("home"))
    assert response.status_code == 200
    assert_security_headers(response)
    assert response["X-Frame-Options"] == "DENY"


def test_an_api_response_carries_the_security_headers(client, manager_a):
    _token, key = api_token_create(user=manager_a, name="headers")
    response = client.get(reverse("api:me"), headers={"authorization": f"Token {key}"})
    assert response.status_code == 200
    assert_security_headers(response)


def test_a_refusal_and_the_login_page_carry_the_security_headers(client):
    assert_security_headers(client.get(reverse("api:me")))
    assert_security_headers(client.get(reverse("login")))


def test_static_files_carry_the_security_headers(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert_security_headers(response)


def test_production_sends_hsts_on_https(settings, client):
    """HSTS is a production setting (config/settings.py); this checks the middleware sends it
    with those values. tests/test_settings.py checks production turns them on."""
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


# What the policy would block, looked for in the templates, where it would be written.
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)


def template_files() -> list[Path]:
    return sorted((REPO_ROOT / "templates").rglob("*.html"))


@pytest.mark.parametrize(
    "pattern", [INLINE_HANDLER, INLINE_SCRIPT, INLINE_STYLE], ids=["on*=", "script", "style"]
)
def test_no_template_holds_what_the_content_security_policy_blocks(pattern):
    found = [
        f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()[:120]}"
        for path in template_files()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line)
    ]
    assert found == []


def test_plotly_css_holds_the_rules_the_installed_plotly_would_inject():
    """static/css/plotly.css stands in for the style element plotly.js would create; after an
    upgrade of plotly, write it again (config/staticfiles.py says how)."""
    assert PLOTLY_CSS.read_text(encoding="utf-8") == plotly_global_css()


def test_the_chart_assets_stand_in_for_every_style_element_plotly_would_inject():
    template = (REPO_ROOT / "templates" / "reports" / "_chart_assets.html").read_text()
    assert 'id="plotly.js-style-global" class="no-inline-styles"' in template
    for style_id in plotly_injected_style_ids():
        assert f'id="{style_id}"' in template


def test_a_csp_violation_report_is_logged_as_one_warning(client, caplog):
    report = {
        "csp-report": {
            "document-uri": "https://clusterdesk.example.org/overview/",
            "violated-directive": "style-src-elem",
            "effective-directive": "style-src-elem",
            "blocked-uri": "inline",
            "source-file": "https://clusterdesk.example.org/static/vendor/plotly/plotly.min.js",
            "line-number": 18,
        }
    }
    with caplog.at_level("WARNING", logger="clusterdesk.csp"):
        response = client.post(
            reverse("csp-report"), data=json.dumps(report), content_type="application/csp-report"
        )
    assert response.status_code == 204
    [record] = [record for record in caplog.records if record.name == "clusterdesk.csp"]
    assert "style-src-elem" in record.getMessage()
    assert "plotly.min.js" in record.getMessage()
    assert directives(client.get(reverse("login")))["report-uri"] == ["/csp-report"]


@pytest.mark.parametrize(
    "body", [b"", b"not json", b"[]", b'{"csp-report": "text"}', b"{" + b" " * 20000 + b"}"]
)
def test_anything_but_a_violation_report_is_refused(client, body, caplog):
    response = client.post(reverse("csp-report"), data=body, content_type="application/json")
    assert response.status_code in (400, 413)
    assert not [record for record in caplog.records if record.name == "clusterdesk.csp"]

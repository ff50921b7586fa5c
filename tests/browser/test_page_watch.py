"""The guard every browser test runs under (``PageWatch`` in conftest) catches what it claims:
a JavaScript error, a request to another host and a missing asset of our own."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from tests.browser.conftest import PageWatch


def test_the_page_watch_reports_script_errors_foreign_hosts_and_missing_assets(
    browser, live_server
):
    context = browser.new_context()
    try:
        page = context.new_page()
        watch = PageWatch(page, urlsplit(live_server.url).netloc)
        page.goto(live_server.url + "/accounts/login/")
        assert watch.problems == [], "the login page itself is clean"
        # Abort the foreign request so the test never touches the network.
        page.route("http://cdn.example.invalid/**", lambda route: route.abort())
        page.evaluate(
            """() => {
                const img = document.createElement("img");
                img.src = "http://cdn.example.invalid/logo.png";
                document.body.appendChild(img);
                const css = document.createElement("link");
                css.rel = "stylesheet"; css.href = "/static/css/missing.css";
                document.head.appendChild(css);
                setTimeout(() => { throw new Error("boom"); }, 0);
            }"""
        )
        page.wait_for_timeout(500)
    finally:
        context.close()
    report = "\n".join(watch.problems)
    assert "request to another host: http://cdn.example.invalid/logo.png" in report
    assert re.search(r"[45]\d\d for stylesheet \S*/static/css/missing.css", report)
    assert "JavaScript error: boom" in report

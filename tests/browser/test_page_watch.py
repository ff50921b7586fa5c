"""The guards every browser test runs under (``PageWatch`` and ``CSP_VIOLATIONS`` in conftest)
catch what they claim: a JavaScript error, a request to another host, a missing asset of our
own, and anything the Content-Security-Policy blocks."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from tests.browser.conftest import CSP_VIOLATIONS, PageWatch


def test_the_page_watch_reports_script_errors_foreign_hosts_and_missing_assets(
    browser, live_server
):
    # The Content-Security-Policy would block the foreign image before it is asked for; bypass
    # it here to see that PageWatch reports such a request on its own.
    context = browser.new_context(bypass_csp=True)
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


def test_the_guards_report_every_content_security_policy_violation(
    browser, live_server, csp_violations
):
    context = browser.new_context()
    try:
        page = context.new_page()
        watch = PageWatch(page, urlsplit(live_server.url).netloc)
        page.goto(live_server.url + "/accounts/login/")
        assert watch.problems == [] and csp_violations == [], "the login page itself is clean"
        page.route("http://cdn.example.invalid/**", lambda route: route.abort())
        page.evaluate(
            """() => {
                const box = document.createElement("div");
                box.innerHTML = '<p style="color: red">styled</p>'
                    + '<img src="/static/img/favicon.svg" onload="window.handlerRan = true">';
                document.body.appendChild(box);
                const inline = document.createElement("script");
                inline.textContent = "window.inlineRan = true;";
                document.body.appendChild(inline);
                const style = document.createElement("style");
                style.textContent = "body { background: red; }";
                document.head.appendChild(style);
                const foreign = document.createElement("script");
                foreign.src = "http://cdn.example.invalid/library.js";
                document.body.appendChild(foreign);
            }"""
        )
        page.wait_for_timeout(500)
        ran = page.evaluate("() => [window.inlineRan === true, window.handlerRan === true]")
    finally:
        context.close()
    assert ran == [False, False], "the policy blocked the inline script and handler"
    report = "\n".join(csp_violations)
    for directive in ("style-src-attr", "script-src-attr", "script-src-elem", "style-src-elem"):
        assert f"CSP violation: {directive} blocked" in report, report
    assert "http://cdn.example.invalid/library.js" in report
    assert any("CSP violation" in problem for problem in watch.problems)
    # Seen and checked: this test caused them on purpose.
    CSP_VIOLATIONS.clear()

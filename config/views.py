import json
import logging

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from config import health


@never_cache
@require_GET
def healthz(request):
    """Answer 200 when the database and the broker respond, else 503 with what failed."""
    checks = {"database": health.database_state, "broker": health.broker_state}
    states: dict[str, str] = {}
    for name, probe in checks.items():
        try:
            states[name] = probe()
        except Exception as error:  # noqa: BLE001 - any failure of a probe means unhealthy
            states[name] = f"error: {type(error).__name__}"
    healthy = all(not state.startswith("error") for state in states.values())
    body = {"status": "ok" if healthy else "unavailable", **states}
    return JsonResponse(body, status=200 if healthy else 503)


csp_log = logging.getLogger("clusterdesk.csp")
# A browser's report is well under 4 KB; anything much larger is not one.
CSP_REPORT_MAX_BYTES = 16 * 1024
CSP_REPORT_FIELDS = (
    "document-uri",
    "violated-directive",
    "effective-directive",
    "blocked-uri",
    "source-file",
    "line-number",
)


@csrf_exempt  # browsers send reports without a CSRF token, and they change no data
@require_POST
def csp_report(request):
    """Log a Content-Security-Policy violation report (the policy's report-uri) as one WARNING
    line, so a page that breaks under the policy in production shows up in the logs."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > CSP_REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    try:
        report = json.loads(request.body).get("csp-report")
    except (ValueError, AttributeError):
        report = None
    if not isinstance(report, dict) or not report:
        return HttpResponse(status=400)
    fields = {name: str(report.get(name, ""))[:200] for name in CSP_REPORT_FIELDS}
    csp_log.warning("CSP violation: %s", json.dumps(fields, sort_keys=True))
    return HttpResponse(status=204)

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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

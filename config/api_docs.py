"""The OpenAPI schema and its Swagger UI, for signed-in users only, and cheap to ask again.

Generating the schema walks every viewset and serializer (about half a second), and writing it
as YAML (the default format) takes about as long again; it depends only on the code, the
language and the API version, never on who asks (SERVE_PUBLIC: every endpoint is described
whatever the caller may do). So each worker process builds it once per language and version,
writes it once per format, and keeps both until the process ends, i.e. until the next
deployment. A per-process memo rather than Django's cache: a shared cache would outlive a
deployment and serve the old schema.

The docs page uses the split Swagger view (its start-up script is a separate file) and a
template without inline <style>, so it runs under the Content-Security-Policy.
"""

from __future__ import annotations

import threading

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

_schemas: dict[tuple[str | None, str | None, bool], dict] = {}
# (id of a kept schema, renderer class) -> the rendered bytes; ids are stable while kept.
_renderings: dict[tuple[int, type], bytes] = {}
_schemas_lock = threading.Lock()


def forget_cached_schemas() -> None:
    """Drop every kept schema and rendering (tests that change the API's code or settings)."""
    with _schemas_lock:
        _schemas.clear()
        _renderings.clear()


def _is_kept(data: object) -> bool:
    return any(data is schema for schema in list(_schemas.values()))


class KeptRendering:
    """Renders a kept schema once per format. Only a plain media type is kept (no parameters
    such as ``; indent=4``), so callers cannot grow the memo with made-up Accept headers."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        plain = accepted_media_type is None or ";" not in accepted_media_type
        if not (plain and _is_kept(data)):
            return super().render(data, accepted_media_type, renderer_context)
        key = (id(data), type(self))
        content = _renderings.get(key)
        if content is None:
            content = super().render(data, accepted_media_type, renderer_context)
            with _schemas_lock:
                _renderings[key] = content
        return content


class CachedSchemaGenerator(SchemaGenerator):
    """drf-spectacular's generator, building each (language, version) schema once per process."""

    def get_schema(self, request=None, public=False):
        key = (translation.get_language(), self.api_version, bool(public))
        schema = _schemas.get(key)
        if schema is None:
            generated = super().get_schema(request=request, public=public)
            with _schemas_lock:
                # Two first requests at once: keep the first copy, so a kept schema is never
                # replaced (renderings are keyed by its id).
                schema = _schemas.setdefault(key, generated)
        return schema


class SchemaView(SpectacularAPIView):
    """``/api/schema/``: a token or a session is needed (anonymous callers get 401)."""

    permission_classes = [IsAuthenticated]
    generator_class = CachedSchemaGenerator
    renderer_classes = [
        type(f"Kept{renderer.__name__}", (KeptRendering, renderer), {})
        for renderer in SpectacularAPIView.renderer_classes
    ]


class ApiDocsView(LoginRequiredMixin, SpectacularSwaggerSplitView):
    """``/api/docs/``: Swagger UI from drf-spectacular-sidecar (no CDN); anonymous visitors are
    sent to the log-in page. ``?script`` answers the UI's start-up script as its own file."""

    permission_classes = [IsAuthenticated]
    template_name = "api/swagger_ui.html"

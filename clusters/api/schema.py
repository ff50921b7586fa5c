"""The OpenAPI schema as the API really answers, so a client (and schemathesis in tests/fuzz/)
can rely on it: the error answers of every operation, and the empty and null values of the
fields that can hold them.

drf-spectacular documents only the success of an operation; the errors come from layers it
does not see (authentication, the access rules' 403 and 404, the filters' and serializers'
400, a constraint's 409 from ``clusters.api.exceptions``, the throttles' 429, the NUL guard's
400 in ``clusters.guards``). They are added here once, for every operation, rather than in an
``extend_schema`` on each view.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# A serializer's field errors ({"field": ["..."]}), a filter's ({"q": ["..."]}), a list of
# non-field errors, or a ``detail``.
VALIDATION_ERRORS = {
    "oneOf": [
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {}},
    ]
}

COMMON_ERRORS = {
    "400": ("The query, the address or the body is not valid.", VALIDATION_ERRORS),
    "401": ("No valid token or session.", DETAIL),
    "403": ("An access rule refuses; ``detail`` gives its reason.", DETAIL),
    "404": ("No such object among those the caller may see, or no such page.", DETAIL),
    "429": ("Too many requests; retry after the time given in Retry-After.", DETAIL),
}
WRITE_ERRORS = {
    "409": ("Conflicts with a record that exists already; nothing was saved.", DETAIL),
}


BLANK = {"type": "string", "enum": [""]}
TEXT_FIELDS = (models.CharField, models.TextField)


def model_field_behind(field) -> tuple[models.Field | None, bool]:
    """The model field a serializer field shows, following a dotted source
    (``organization.membership.status``), and whether any hop on the way may be missing (a
    nullable foreign key, a reverse one-to-one): then the value may be null."""
    serializer = field.parent
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is None or field.source == "*" or getattr(field, "many", False):
        return None, False
    may_be_missing = False
    model_field = None
    for hop in field.source.split("."):
        if model is None:
            return None, False
        try:
            model_field = model._meta.get_field(hop)
        except FieldDoesNotExist:
            return None, False
        if model_field.is_relation and (
            (model_field.one_to_one and not model_field.concrete) or model_field.null
        ):
            may_be_missing = True
        model = model_field.related_model
    return model_field, may_be_missing


class DocumentedErrorsAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, with the error answers every operation may give, and
    read values that may be empty or null documented so.

    drf-spectacular reads blank and null from the serializer field, and DRF drops both from
    read-only fields (and from explicitly declared ones such as ``SlugRelatedField``); the
    model field says what the value can really be: a website left empty (``""`` is not a
    ``uri``), a status change's empty "from" status, an enrolment with no coach yet (null).
    """

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.BooleanField | serializers.ManyRelatedField):
            return schema
        if getattr(field, "allow_blank", False) and _is_text(schema):
            return _allowing_blank(schema)
        model_field, may_be_missing = model_field_behind(field)
        if model_field is None:
            return schema
        if model_field.blank and isinstance(model_field, TEXT_FIELDS) and _is_text(schema):
            schema = _allowing_blank(schema)
        if (model_field.null or may_be_missing) and not schema.get("nullable"):
            schema = _nullable(schema)
        return schema

    def _map_basic_serializer(self, serializer, direction):
        """A serializer's ``fields_shown_to_some`` (the staff's notes on an enrolment) are left
        out for other callers, so they are not required."""
        schema = super()._map_basic_serializer(serializer, direction)
        optional = set(getattr(serializer, "fields_shown_to_some", ()))
        if optional and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in optional]
            if not schema["required"]:
                del schema["required"]
        return schema

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if "400" in responses:
            # A view's own 400 body (the import's row errors) besides the common ones (a
            # body that cannot be parsed, a refused filter).
            for media in responses["400"].get("content", {}).values():
                media["schema"] = {"anyOf": [media["schema"], VALIDATION_ERRORS]}
        errors = COMMON_ERRORS | (WRITE_ERRORS if self.method != "GET" else {})
        for status, (description, body) in errors.items():
            responses.setdefault(
                status,
                {"description": description, "content": {"application/json": {"schema": body}}},
            )
        return responses


def _is_text(schema: dict) -> bool:
    """A string schema that ``""`` would not match: formatted (uri, email) or an enum."""
    if "$ref" in schema:
        return True
    return schema.get("type") == "string" and ("format" in schema or "enum" in schema)


def _allowing_blank(schema: dict) -> dict:
    """A formatted string or an enum that may also be ``""``."""
    read_only = schema.pop("readOnly", None)
    widened = {"anyOf": [schema, BLANK]}
    if read_only:
        widened["readOnly"] = True
    return widened


def _nullable(schema: dict) -> dict:
    if "$ref" in schema or "anyOf" in schema:
        read_only = schema.pop("readOnly", None)
        widened = {"allOf": [schema], "nullable": True} if "$ref" in schema else {**schema}
        widened["nullable"] = True
        if read_only:
            widened["readOnly"] = True
        return widened
    return {**schema, "nullable": True}

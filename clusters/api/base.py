"""Base API viewsets: the visibility choke point for the REST face; base serializers: the
free-text guard of the REST face."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from clusters.permissions import Verdict
from clusters.read_cache import cached_read
from clusters.text import TEXT_MAX_LENGTH, NoControlCharactersValidator, is_multiline


def guard_text_field(field: serializers.Field) -> None:
    """Refuse control characters in a writable text field (tab and line breaks only in
    multi-line text, clusters.text.is_multiline), and bound its length when it declares no
    maximum; the items of a list or dict of text alike."""
    if isinstance(field, serializers.ListField | serializers.DictField):
        guard_text_field(field.child)
        return
    if not isinstance(field, serializers.CharField) or field.read_only:
        return
    textarea = field.style.get("base_template") == "textarea.html"
    multiline = is_multiline(max_length=field.max_length, textarea=textarea)
    field.validators.append(NoControlCharactersValidator(multiline=multiline))
    if field.max_length is None:
        field.max_length = TEXT_MAX_LENGTH
        message = format_lazy(field.error_messages["max_length"], max_length=TEXT_MAX_LENGTH)
        field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH, message=message))


class TextGuardMixin:
    """Guards every text field of the serializer (guard_text_field), declared or generated
    from a model, in the copy of the fields each serializer instance has. Nested serializers
    guard their own fields, being built on these bases too."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            guard_text_field(field)
        return fields


class Serializer(TextGuardMixin, serializers.Serializer):
    """The base of the apps' serializers."""


class ModelSerializer(TextGuardMixin, serializers.ModelSerializer):
    """The base of the apps' model serializers."""


def raise_as_api_error(error: DjangoValidationError) -> None:
    """A service's ValidationError as a 400 with the errors per field."""
    if hasattr(error, "error_dict"):
        raise serializers.ValidationError(error.message_dict) from None
    raise serializers.ValidationError({"non_field_errors": error.messages}) from None


class CachedReadsMixin:
    """GET answers (list and detail) cached per user, language, day and full path in the
    shared read cache until the data changes (``clusters/read_cache.py``), at most
    ``API_CACHE_SECONDS``. Authentication, throttling and the parsing of filters run on every
    request as before; a refusal is never cached. What is cached is the answer's data, so
    every renderer (JSON, the browsable API) draws it the same way."""

    def list(self, request, *args, **kwargs):
        return self._cached_read(request, super().list, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._cached_read(request, super().retrieve, *args, **kwargs)

    def _cached_read(self, request, read, *args, **kwargs):
        if not settings.API_CACHE_SECONDS:
            return read(request, *args, **kwargs)
        key = ":".join(
            (
                "api",
                type(self).__name__,
                str(request.user.pk),
                get_language() or "",
                timezone.localdate().isoformat(),
                request.get_full_path(),
            )
        )
        answered: list[Response] = []

        def compute():
            answered.append(read(request, *args, **kwargs))
            return answered[0].data if answered[0].status_code == 200 else None

        data = cached_read(key, compute, seconds=settings.API_CACHE_SECONDS)
        return answered[0] if answered else Response(data)


class VisibleModelViewSet(CachedReadsMixin, viewsets.ModelViewSet):
    """Scopes every query to ``visible_to(request.user)``; writes go through services.

    Invisible objects answer 404. ``write_permission`` is a ``can_*`` rule checked against the
    object (update, delete) and ``create_permission`` against the validated input (create); a
    refusal answers 403 with the rule's reason. Subclasses set ``output_serializer_class`` and
    ``input_serializer_class`` and implement ``create_with_service`` and ``update_with_service``;
    a service's ValidationError answers 400 with field errors and nothing is written.
    """

    write_permission: Callable[..., Verdict] | None = None
    create_permission: Callable[..., Verdict] | None = None
    output_serializer_class: type[serializers.Serializer] | None = None
    input_serializer_class: type[serializers.Serializer] | None = None

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update") and self.input_serializer_class:
            return self.input_serializer_class
        return self.output_serializer_class or super().get_serializer_class()

    def check_object_permissions(self, request, obj) -> None:
        super().check_object_permissions(request, obj)
        rule = type(self).write_permission
        if request.method in ("GET", "HEAD", "OPTIONS") or rule is None:
            return
        rule(request.user, obj).require()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rule = type(self).create_permission
        if rule is not None:
            rule(request.user, serializer.validated_data).require()
        try:
            instance = self.create_with_service(serializer.validated_data)
        except DjangoValidationError as error:
            raise_as_api_error(error)
        return self.respond(instance, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        partial = kwargs.get("partial", False)
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            instance = self.update_with_service(instance, serializer.validated_data)
        except DjangoValidationError as error:
            raise_as_api_error(error)
        return self.respond(instance, status.HTTP_200_OK)

    def destroy(self, request, *args, **kwargs):
        # Records that reports count are archived through their services, never deleted over
        # the API: a report as of an earlier day must give the same figures tomorrow. A
        # viewset that leaves DELETE in its http_method_names still gets this refusal.
        return Response(
            {"detail": _("Records are never deleted over the API; archive them instead.")},
            status=status.HTTP_405_METHOD_NOT_ALLOWED,
        )

    def respond(self, instance: models.Model, code: int) -> Response:
        output = self.output_serializer_class(instance, context=self.get_serializer_context())
        return Response(output.data, status=code)

    def create_with_service(self, data: dict) -> models.Model:
        raise NotImplementedError(f"{type(self).__name__} does not create objects")

    def update_with_service(self, instance: models.Model, data: dict) -> models.Model:
        raise NotImplementedError(f"{type(self).__name__} does not update objects")


class VisibleReadOnlyViewSet(CachedReadsMixin, viewsets.ReadOnlyModelViewSet):
    """Read-only counterpart of VisibleModelViewSet."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class ObjectStepMixin:
    """POST .../<step>/ on an object, the one way every viewset takes a step: the object
    (404 when unseen), its ``rule`` (403 with the reason), the input (400), the service
    (400 with field errors, nothing written), then the object as it is now.

    ``serializer_kwargs(obj)`` adds arguments to the input serializer that depend on the
    object (e.g. the coaches a decision may choose from).
    """

    def step(
        self,
        input_serializer: type[serializers.Serializer] | None,
        rule: Callable[..., Verdict],
        call: Callable[[models.Model, dict], object],
        serializer_kwargs: Callable[[models.Model], dict] | None = None,
    ) -> Response:
        obj = self.get_object()
        rule(self.request.user, obj).require()
        data = {}
        if input_serializer is not None:
            extra = serializer_kwargs(obj) if serializer_kwargs else {}
            serializer = input_serializer(
                data=self.request.data, context=self.get_serializer_context(), **extra
            )
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        try:
            call(obj, data)
        except DjangoValidationError as error:
            raise_as_api_error(error)
        output = getattr(self, "output_serializer_class", None) or self.serializer_class
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(output(fresh, context=self.get_serializer_context()).data)

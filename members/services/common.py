from __future__ import annotations

from django.db import models


def assign_and_validate(instance: models.Model, data: dict, *, exclude: list[str] | None = None):
    """Copy ``data`` onto the instance and run the model's validation (fields, clean,
    constraints); raises ValidationError with messages per field."""
    for field, value in data.items():
        setattr(instance, field, value)
    instance.full_clean(exclude=exclude)
    return instance

"""A person's data on request: everything about them as JSON, and its erasure.

"The person" is a login (``User``) and every ``Person`` record of any cluster with the same
e-mail address or linked to that login, or one ``Person`` picked by id. What is about them is
found through the app registry (any row of any model, history included, that refers to one
of those users or person records), so a new model is covered without being named here.

Erasure anonymises, never deletes: the fields a model lists in ``personal_fields`` (name,
e-mail, phone...) are overwritten in the rows and in every history record of those rows, and
the login can no longer be used. Seats, attendances, sessions and every other row stay, so
counts and report checksums do not change.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from clusters.transfer import project_models
from members.models import Person

# The login's own fields that name the human (the Person model and others declare theirs as
# ``personal_fields`` on the model).
USER_PERSONAL_FIELDS = ("email", "full_name")
# What an export never contains, even about the person themselves.
SECRET_FIELDS = {"password", "key_hash", "key"}


@dataclass(frozen=True)
class Subject:
    users: list[User]
    people: list[Person]


def find_subject(identifier: str) -> Subject:
    """The person an e-mail address or a ``Person`` id names."""
    if identifier.isdigit():
        people = list(Person.objects.filter(pk=int(identifier)))
        users = [person.user for person in people if person.user_id]
    else:
        users = list(User.objects.filter(email__iexact=identifier))
        people = list(
            Person.objects.filter(
                models.Q(email__iexact=identifier) | models.Q(user__in=users)
            ).distinct()
        )
    if not users and not people:
        raise ValidationError(_("Nobody is recorded as %(who)s.") % {"who": identifier})
    return Subject(users=users, people=people)


def _referring(subject: Subject):
    """(model, field name, queryset) of every row that refers to the subject."""
    targets = {User: [u.pk for u in subject.users], Person: [p.pk for p in subject.people]}
    for model in project_models():
        for field in model._meta.concrete_fields:
            if not (field.is_relation and (field.many_to_one or field.one_to_one)):
                continue
            pks = targets.get(field.related_model)
            if pks:
                yield model, field.name, model._base_manager.filter(**{f"{field.name}__in": pks})


def _rows(queryset) -> list[dict]:
    rows = serializers.serialize("python", queryset.order_by("pk"))
    for row in rows:
        for name in SECRET_FIELDS & set(row["fields"]):
            del row["fields"][name]
    return rows


def person_export(*, subject: Subject) -> dict:
    """Everything recorded about the subject, as plain data."""
    data = {
        "users": _rows(User.objects.filter(pk__in=[u.pk for u in subject.users])),
        "people": _rows(Person.objects.filter(pk__in=[p.pk for p in subject.people])),
        "related": {},
    }
    for model, field, queryset in _referring(subject):
        rows = _rows(queryset)
        if rows:
            data["related"][f"{model._meta.label_lower} by {field}"] = rows
    return data


def _erased(field: models.Field, pk) -> str:
    if field.blank:
        return ""
    if isinstance(field, models.EmailField):
        return f"erased-{pk}@erased.invalid"
    return f"erased-{pk}"[: field.max_length]


def _anonymise(model, pks: list, names: tuple[str, ...]) -> int:
    """Overwrite ``names`` of the rows ``pks`` of ``model`` and of their history records."""
    if not pks:
        return 0
    fields = [model._meta.get_field(name) for name in names]
    for pk in pks:
        model._base_manager.filter(pk=pk).update(**{f.name: _erased(f, pk) for f in fields})
    history = getattr(model, "history", None)
    if history is not None:
        row = model._meta.pk.attname
        for pk in pks:
            history.model.objects.filter(**{row: pk}).update(
                **{f.name: _erased(f, pk) for f in fields}
            )
    return len(pks)


@transaction.atomic
def person_erase(*, subject: Subject) -> int:
    """Anonymise the subject everywhere (see the module's docstring); returns the number of
    rows anonymised (history records not counted)."""
    count = _anonymise(Person, [p.pk for p in subject.people], Person.personal_fields)
    user_pks = [u.pk for u in subject.users]
    count += _anonymise(User, user_pks, USER_PERSONAL_FIELDS)
    User.objects.filter(pk__in=user_pks).update(password=make_password(None), is_active=False)
    for model, _field, queryset in _referring(subject):
        names = getattr(model, "personal_fields", ())
        if names and model not in (Person, User) and not hasattr(model, "instance_type"):
            count += _anonymise(model, list(queryset.values_list("pk", flat=True)), names)
    return count

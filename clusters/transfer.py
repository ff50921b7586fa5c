"""Move one cluster's complete data to another installation (or back into this one).

The cluster is the tenant root: every row belongs to it directly or through its parents. The
export walks the app registry, not a list of models, so a new model is moved without being
named here (and this module, in the lowest app that owns the tenant, imports no app above it):

- a model with a chain of foreign keys up to ``Cluster`` is the cluster's own, and all its rows
  on that chain are exported; history tables are models like any other, so they move too;
- rows of other models that those rows refer to (funders, programmes, the indicator catalogue)
  are shared by the installation: they are exported with the rows hanging under them
  (a programme's indicators and targets) and, on import, matched to the receiving
  installation's rows by a unique field or constraint (a programme's code, a funder's name)
  before any is created;
- users are referenced by e-mail address only: no password, token or session moves. An
  address the receiving installation does not know becomes an account without a password
  (its owner sets one through "forgot password").

The import gives every row a new primary key and rewrites the references, so it never
collides with the receiving installation's own rows. Uploaded files (receipts) keep their
stored names; their content is copied with the media folder, not in this file.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils.translation import gettext as _

FORMAT = "clusterdesk-cluster/1"


def _label(model) -> str:
    return model._meta.label_lower


def _is_historical(model) -> bool:
    return hasattr(model, "instance_type")


def project_models() -> list[type[models.Model]]:
    """The models of the project's own apps (not Django's nor a library's, but with the
    history tables that simple_history adds to our apps)."""
    root = Path(settings.BASE_DIR).resolve()
    ours = {
        config.label
        for config in apps.get_app_configs()
        if root in Path(config.path).resolve().parents
    }
    return [model for model in apps.get_models() if model._meta.app_label in ours]


def _foreign_keys(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if field.is_relation and (field.many_to_one or field.one_to_one)
    ]


def paths_to_cluster() -> dict[type[models.Model], str]:
    """{model: lookup from the model to its cluster's pk} for every model the cluster owns.

    Non-null links are followed first, so a row reaches its cluster through its real parent
    (an outcome through its enrolment, not through the research partner it may name); a
    nullable link is taken only for a model that has no other. A history table follows the
    same chain as the model it records (its fields have the same names).
    """
    cluster = apps.get_model("clusters", "Cluster")
    paths: dict[type[models.Model], str] = {cluster: "pk"}
    candidates = [m for m in project_models() if m is not cluster and not _is_historical(m)]
    for allow_null in (False, True):
        changed = True
        while changed:
            changed = False
            for model in candidates:
                if model in paths:
                    continue
                for field in _foreign_keys(model):
                    parent = field.related_model
                    if (field.null and not allow_null) or parent is model or parent not in paths:
                        continue
                    above = paths[parent]
                    paths[model] = field.name if above == "pk" else f"{field.name}__{above}"
                    changed = True
                    break
    for model in project_models():
        if _is_historical(model) and model.instance_type in paths:
            path = paths[model.instance_type]
            paths[model] = "id" if path == "pk" else path
    return paths


def _dependency_order(chosen: list[type[models.Model]]) -> list[type[models.Model]]:
    """Parents before children (self-references and remaining cycles are fixed up after)."""
    chosen_set = set(chosen)
    needs = {
        model: {
            f.related_model
            for f in _foreign_keys(model)
            if f.related_model in chosen_set and f.related_model is not model
        }
        for model in chosen
    }
    ordered: list[type[models.Model]] = []
    remaining = sorted(chosen, key=_label)
    while remaining:
        ready = [m for m in remaining if not (needs[m] - set(ordered))]
        if not ready:
            # A cycle: its nullable links are deferred; take the model with fewest hard needs.
            ready = [
                min(
                    remaining,
                    key=lambda m: sum(
                        1
                        for f in _foreign_keys(m)
                        if not f.null and f.related_model in set(remaining) - {m}
                    ),
                )
            ]
        ordered.append(ready[0])
        remaining.remove(ready[0])
    return ordered


def _serialize(queryset) -> list[dict]:
    return serializers.serialize("python", queryset.order_by("pk"))


def cluster_export(*, slug: str) -> dict:
    """Everything of the cluster ``slug`` as plain data (see the module's docstring)."""
    cluster_model = apps.get_model("clusters", "Cluster")
    user_model = get_user_model()
    if not cluster_model.objects.filter(slug=slug).exists():
        raise ValidationError(_("No cluster has the slug %(slug)s.") % {"slug": slug})
    cluster = cluster_model.objects.get(slug=slug)
    paths = paths_to_cluster()
    owned: dict[type[models.Model], list[dict]] = {}
    for model, path in paths.items():
        rows = _serialize(model._base_manager.filter(**{path: cluster.pk}))
        if rows:
            owned[model] = rows

    shared: dict[type[models.Model], dict[object, dict]] = defaultdict(dict)
    user_pks: set = set()

    def refer(model, rows) -> list[tuple[type[models.Model], set]]:
        wanted = []
        for field in _foreign_keys(model):
            target = field.related_model
            values = {row["fields"].get(field.name) for row in rows} - {None}
            if not values:
                continue
            if target is user_model:
                user_pks.update(values)
            elif target not in paths:
                wanted.append((target, values - set(shared[target])))
        return wanted

    pending = [pair for model, rows in owned.items() for pair in refer(model, rows)]
    shareable = [
        m
        for m in project_models()
        if m not in paths and m is not user_model and not _is_historical(m)
    ]
    expanded: dict[type[models.Model], set] = defaultdict(set)
    while pending:
        target, pks = pending.pop()
        pks = set(pks) - expanded[target]
        if not pks:
            continue
        expanded[target] |= pks
        rows = _serialize(target._base_manager.filter(pk__in=pks))
        for row in rows:
            shared[target][row["pk"]] = row
        pending.extend(refer(target, rows))
        # The rows that hang under a shared row (a programme's indicators, their targets):
        # each is expanded in turn, for its own references and the rows under it.
        for child in shareable:
            for field in _foreign_keys(child):
                if field.related_model is target:
                    under = child._base_manager.filter(**{f"{field.name}__in": pks})
                    pending.append((child, set(under.values_list("pk", flat=True))))

    users = [
        {"pk": user.pk, "email": user.email, "full_name": user.full_name}
        for user in user_model._base_manager.filter(pk__in=user_pks).order_by("pk")
    ]
    shared_order = _dependency_order([m for m in shared if shared[m]])
    owned_order = _dependency_order(list(owned))
    return {
        "format": FORMAT,
        "cluster": slug,
        "users": users,
        "shared": [row for m in shared_order for row in sorted(shared[m].values(), key=_pk)],
        "rows": [row for m in owned_order for row in owned[m]],
    }


def _pk(row: dict):
    return row["pk"]


def dumps(data: dict) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)


class _Importer:
    """Inserts rows with new primary keys, rewriting every reference through ``ids``."""

    def __init__(self) -> None:
        self.ids: dict[type[models.Model], dict] = defaultdict(dict)
        self.fixups: list[tuple[type[models.Model], object, str, type[models.Model], object]] = []

    def _rewrite(self, model, row: dict) -> dict:
        fields = dict(row["fields"])
        for field in _foreign_keys(model):
            old = fields.get(field.name)
            if old is None:
                continue
            target = field.related_model
            new = self.ids[target].get(old)
            if new is None:
                if not field.null:
                    raise ValidationError(
                        _("%(model)s %(pk)s refers to a %(target)s missing from the file.")
                        % {"model": _label(model), "pk": row["pk"], "target": _label(target)}
                    )
                self.fixups.append((model, None, field.name, target, old))
            fields[field.name] = new
        if _is_historical(model):
            # A history record names the row it records by that row's (new) pk.
            instance_pk = model.instance_type._meta.pk.attname
            old = fields.get(instance_pk)
            fields[instance_pk] = self.ids[model.instance_type].get(old, old)
        return fields

    def insert(self, row: dict) -> None:
        model = apps.get_model(row["model"])
        fields = self._rewrite(model, row)
        first_fixup = len(self.fixups)
        (obj,) = serializers.deserialize(
            "python", [{"model": row["model"], "pk": None, "fields": fields}]
        )
        # A raw save: no model save() rules, no signals' side effects (history is imported as
        # rows of its own), the stored values exactly as exported.
        obj.save()
        self.ids[model][row["pk"]] = obj.object.pk
        for index in range(first_fixup, len(self.fixups)):
            fix_model, _none, name, target, old = self.fixups[index]
            self.fixups[index] = (fix_model, obj.object.pk, name, target, old)

    def match_or_insert(self, row: dict) -> None:
        model = apps.get_model(row["model"])
        fields = self._rewrite(model, row)
        for key, condition in _natural_keys(model):
            if all(fields.get(name) is not None for name in key):
                rows = model._base_manager.filter(**{n: fields[n] for n in key})
                if condition is not None:
                    # The uniqueness holds under a condition: the existing row must meet it
                    # and agree with the incoming one on the fields the condition reads.
                    rows = rows.filter(condition).filter(
                        **{n: fields.get(n) for n in _fields_of(condition) if n in fields}
                    )
                existing = rows.first()
                if existing is not None:
                    self.ids[model][row["pk"]] = existing.pk
                    return
        self.insert(row)

    def apply_fixups(self) -> None:
        for model, pk, name, target, old in self.fixups:
            new = self.ids[target].get(old)
            if new is not None:
                model._base_manager.filter(pk=pk).update(**{f"{name}_id": new})


def _natural_keys(model) -> list[tuple[tuple[str, ...], models.Q | None]]:
    """The field sets that identify a row of ``model`` across installations, each with the
    condition under which its uniqueness holds (a common indicator's code per period)."""
    keys = [
        ((field.name,), None)
        for field in model._meta.concrete_fields
        if field.unique and not field.primary_key
    ]
    keys += [
        (tuple(constraint.fields), constraint.condition)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields
    ]
    return keys


def _fields_of(condition: models.Q) -> set[str]:
    names = set()
    for child in condition.children:
        if isinstance(child, models.Q):
            names |= _fields_of(child)
        else:
            names.add(child[0].split("__")[0])
    return names


@transaction.atomic
def cluster_import(*, data: dict):
    """Create the cluster of an export (``cluster_export``) in this installation; the slug
    must be free. Returns the new cluster."""
    if data.get("format") != FORMAT:
        raise ValidationError(_("This file is not a cluster export of this version."))
    cluster_model = apps.get_model("clusters", "Cluster")
    if cluster_model.objects.filter(slug=data["cluster"]).exists():
        raise ValidationError(
            _("A cluster with the slug %(slug)s already exists here: remove it first.")
            % {"slug": data["cluster"]}
        )
    importer = _Importer()
    user_model = get_user_model()
    for user in data["users"]:
        existing = user_model._base_manager.filter(email__iexact=user["email"]).first()
        if existing is None:
            existing = user_model.objects.create_user(
                user["email"], password=None, full_name=user["full_name"]
            )
        importer.ids[user_model][user["pk"]] = existing.pk
    for row in data["shared"]:
        importer.match_or_insert(row)
    for row in data["rows"]:
        importer.insert(row)
    importer.apply_fixups()
    return cluster_model.objects.get(slug=data["cluster"])

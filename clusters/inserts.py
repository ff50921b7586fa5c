"""Many new rows at once, faster than ``bulk_create``: an import of 100,000 rows spent most
of its writing in Django preparing each value of each row for an INSERT (issue 12).

On PostgreSQL the rows go through ``COPY … FROM STDIN`` with their ids drawn from the
table's sequence first, so every object knows its pk afterwards, as ``bulk_create`` leaves
it; elsewhere (SQLite in the tests) through ``bulk_create``. Only for plain new rows: no
signals are sent, as ``bulk_create`` sends none, and values must be ones the database driver
adapts itself (dates, numbers, text, foreign keys, JSON fields are prepared by Django).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object, get_history_manager_for_model

from clusters.read_cache import data_changed

BATCH = 2_000
# Fields whose Python value the driver writes as it is; any other is prepared by Django.
PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.BooleanField,
    models.CharField,
    models.DateField,
    models.DecimalField,
    models.ForeignKey,
    models.IntegerField,
    models.TextField,
)


def insert_many(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert the new ``objs`` of ``model``; each has its pk set afterwards."""
    if not objs:
        return
    data_changed()  # no post_save is sent: cached reads must learn of the rows all the same
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, batch_size=BATCH)
        return
    for obj, pk in zip(objs, _new_ids(model, len(objs)), strict=True):
        obj.pk = pk
    fields = list(model._meta.concrete_fields)
    prepare = [_prepared(f) for f in fields]
    _copy(
        model,
        fields,
        (
            [
                getattr(obj, f.attname)
                if p is None
                else p.get_db_prep_save(p.pre_save(obj, add=True), connection)
                for f, p in zip(fields, prepare, strict=True)
            ]
            for obj in objs
        ),
    )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_rows(model: type[models.Model], rows: Sequence[dict]) -> None:
    """Insert new rows of ``model`` given as {attname: value}, without a model instance each
    (a field left out takes its default); on PostgreSQL their ids are drawn here."""
    if not rows:
        return
    data_changed()
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        return
    meta = model._meta
    fields = [f for f in meta.concrete_fields if f is not meta.pk]
    defaults = {f.attname: f.get_default() for f in fields}
    prepare = [_prepared(f) for f in fields]
    _copy(
        model,
        [meta.pk, *fields],
        (
            [
                pk,
                *(
                    row.get(f.attname, defaults[f.attname])
                    if p is None
                    else p.get_db_prep_save(row.get(f.attname, defaults[f.attname]), connection)
                    for f, p in zip(fields, prepare, strict=True)
                ),
            ]
            for pk, row in zip(_new_ids(model, len(rows)), rows, strict=True)
        ),
    )


def _prepared(field: models.Field) -> models.Field | None:
    """The field when Django must prepare its values, None when the driver takes them as
    they are; auto_now(_add) fields set their value as an INSERT would."""
    if isinstance(field, PLAIN_FIELDS) and not getattr(field, "auto_now_add", False):
        return None
    return field


def _new_ids(model: type[models.Model], count: int) -> list[int]:
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _copy(model: type[models.Model], fields: list, rows) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def insert_many_with_history(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """``insert_many``, with a creation record of each in the model's history, as
    ``bulk_create_with_history`` writes it (``_history_user`` of each object, or who the
    history takes by default)."""
    insert_many(model, objs)
    history = get_history_manager_for_model(model).model
    now = timezone.now()
    tracked = [field.attname for field in history.tracked_fields]
    relation = hasattr(history, "history_relation")
    records = []
    for obj in objs:
        record = {name: getattr(obj, name) for name in tracked}
        record.update(
            history_date=getattr(obj, "_history_date", now),
            history_user_id=_pk(
                obj._history_user
                if hasattr(obj, "_history_user")
                else history.get_default_history_user(obj)
            ),
            history_change_reason=get_change_reason_from_object(obj) or "",
            history_type="+",
        )
        if relation:
            record["history_relation_id"] = obj.pk
        records.append(record)
    insert_rows(history, records)


def _pk(user) -> int | None:
    return None if user is None else user.pk

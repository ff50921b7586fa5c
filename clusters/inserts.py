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
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, batch_size=BATCH)
        return
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
        fields = list(meta.concrete_fields)
        prepare = [
            # auto_now(_add) fields set their value here, as an INSERT would.
            None if isinstance(f, PLAIN_FIELDS) and not getattr(f, "auto_now_add", False) else f
            for f in fields
        ]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(meta.db_table)
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row(
                    [
                        getattr(obj, f.attname)
                        if p is None
                        else p.get_db_prep_save(p.pre_save(obj, add=True), connection)
                        for f, p in zip(fields, prepare, strict=True)
                    ]
                )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_many_with_history(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """``insert_many``, with a creation record of each in the model's history, as
    ``bulk_create_with_history`` writes it (``_history_user`` of each object, or who the
    history takes by default)."""
    insert_many(model, objs)
    history = get_history_manager_for_model(model).model
    now = timezone.now()
    records = []
    for obj in objs:
        record = history(
            history_date=getattr(obj, "_history_date", now),
            history_user=(
                obj._history_user
                if hasattr(obj, "_history_user")
                else history.get_default_history_user(obj)
            ),
            history_change_reason=get_change_reason_from_object(obj) or "",
            history_type="+",
            **{field.attname: getattr(obj, field.attname) for field in history.tracked_fields},
        )
        if hasattr(history, "history_relation"):
            record.history_relation_id = obj.pk
        records.append(record)
    insert_many(history, records)

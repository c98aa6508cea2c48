"""Insert many rows with PostgreSQL's COPY, with their history rows, as bulk_create_with_history would.

Django's bulk_create builds and compiles a multi-row INSERT of model instances; for hundreds of
thousands of rows that compilation, not the database, is most of the time. COPY streams plain
tuples instead. Rows are dicts of attribute names (``metric_id``, not ``metric``); columns left out
get the field's default, ``auto_now``/``auto_now_add`` timestamps get ``now``. Ids come from the
table's own sequence, so later ordinary inserts carry on after them.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, models
from django.utils import timezone
from psycopg.types.json import Jsonb

CHUNK = 20_000


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """Take ``count`` ids from the sequence of ``model``'s table (concurrent inserts are safe)."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [table, model._meta.pk.column, count])
        return [row[0] for row in cursor.fetchall()]


def _columns(model: type[models.Model], skip: Iterable[str] = ()) -> list[models.Field]:
    skip = set(skip)
    return [f for f in model._meta.concrete_fields if not f.generated and f.attname not in skip]


def _filler(field: models.Field, now):
    """Return how to complete a row dict with ``field``'s value when the row leaves it out."""
    name = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda row: now
    if field.has_default():
        return lambda row: row[name] if name in row else field.get_default()
    if field.null or field.primary_key:
        return lambda row: row.get(name)
    if field.blank and isinstance(field, (models.CharField, models.TextField)):
        return lambda row: row.get(name, "")

    def required(row):
        try:
            return row[name]
        except KeyError:
            raise ValueError(f"{field.model.__name__}.{name} needs a value") from None
    return required


def _dumper(field: models.Field):
    """Return how to turn a stored value into what COPY sends (JSON needs wrapping)."""
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None else Jsonb(value)
    return None


def _copy(table: str, fields: Sequence[models.Field], rows: Iterable[tuple]) -> None:
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor, \
            cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def copy_insert(model: type[models.Model], rows: list[dict], *, history: bool = True, now=None,
                history_user_id: int | None = None) -> list[dict]:
    """Insert ``rows`` of ``model`` (and, with ``history``, one "+" history row each); return them completed.

    Every row comes back with its id and every column's value. Call inside a transaction: a
    failure leaves nothing behind.
    """
    now = now or timezone.now()
    pk = model._meta.pk.attname
    missing = [row for row in rows if row.get(pk) is None]
    for row, new_id in zip(missing, reserve_ids(model, len(missing))):
        row[pk] = new_id
    fields = _columns(model)
    fillers = [(f.attname, _filler(f, now)) for f in fields]
    for row in rows:
        for name, fill in fillers:
            if name not in row:
                row[name] = fill(row)
    _copy_dicts(model._meta.db_table, fields, rows)
    if history and hasattr(model, "history"):
        own = {"history_date": now, "history_type": "+", "history_change_reason": None,
               "history_user_id": history_user_id}
        historical = model.history.model
        history_fields = _columns(historical, skip={"history_id"})
        for row in rows:
            row.update(own)
        try:
            _copy_dicts(historical._meta.db_table, history_fields, rows)
        finally:
            for row in rows:
                for name in own:
                    del row[name]
    return rows


def _copy_dicts(table: str, fields: Sequence[models.Field], rows: list[dict]) -> None:
    names = [f.attname for f in fields]
    dumpers = {i: dump for i, dump in enumerate(_dumper(f) for f in fields) if dump}
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        if dumpers:
            tuples = ([dumpers[i](row[n]) if i in dumpers else row[n] for i, n in enumerate(names)] for row in chunk)
        else:
            tuples = ([row[n] for n in names] for row in chunk)
        _copy(table, fields, tuples)

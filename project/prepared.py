"""Querysets compiled once: a hot read path's SQL, run with each request's own parameters.

Django builds a queryset afresh at every request (a clone at every ``.filter()``) and compiles it to
SQL (resolving every column, join and lookup): on the API's flat read path that was half of a
request's CPU, for SQL that is the same every time but for the ids. ``Prepared`` builds its queryset
once per *shape* (whatever else the SQL depends on, such as whether the user reads drafts), compiles
it, and notes where each parameter's stand-in sits among the SQL's parameters; a call runs that SQL
with its own values in those places and returns the rows as ``.values()`` would (Django's converters
applied), in the same number of queries.

Correct for any parameters, never one request's ids for another's: the queryset is built and compiled
twice, with two different sets of stand-ins, and must give the same SQL text, every stand-in found,
in the same places, and every other parameter equal; anything else is refused when first used (an
``__in`` list compiles to one placeholder per item: use ``__any``, one array parameter). A call
fills a fresh copy of the parameters. Parameters are whole numbers, lists of them, or text (a slug:
compared as given, so a lookup that rewrites its value, such as ``icontains``, is refused), checked
at every call; a number past the 64-bit range (which the ORM answers without asking the database)
runs the ORM's queryset itself.
"""
from __future__ import annotations

from collections.abc import Callable

from django.db import connections
from django.db.models import Field, ForeignObject, Lookup
from django.db.models.query import ValuesIterable

_INT64 = range(-(2**63), 2**63)


class AnyOf(Lookup):
    """``field__any=[…]``: ``field = ANY(%s)`` with the list as one array parameter, whatever its length."""

    lookup_name = "any"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        field = self.lhs.output_field
        return "%s", [[field.get_db_prep_value(item, connection, prepared=False) for item in value]]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # relations keep lookups of their own, not their parent's


class PreparationError(ValueError):
    """The queryset's SQL depends on a parameter's value, so it cannot be compiled once."""


class _Compiled:
    __slots__ = ("db", "sql", "params", "slots", "names", "converters")

    def __init__(self, db, sql, params, slots, names, converters):
        self.db, self.sql, self.params, self.slots = db, sql, params, slots
        self.names, self.converters = names, converters


def _stand_ins(kinds: dict[str, type], round_: int) -> dict[str, object]:
    """Return values no real parameter has (large negative numbers, text no slug has), different in each round."""
    values = {}
    for n, (name, kind) in enumerate(sorted(kinds.items())):
        number = -(7_340_000_000_000_000_000 + 1_000 * round_ + n)
        values[name] = [number] if kind is list else f"~stand-in {number}~" if kind is str else number
    return values


def _compile(queryset):
    if queryset._iterable_class is not ValuesIterable:
        raise PreparationError("Prepare a .values() queryset.")
    query = queryset.query
    compiler = query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    fields = [column[0] for column in compiler.select[:compiler.col_count]]
    if compiler.has_composite_fields(fields):
        raise PreparationError("Composite fields are not supported.")
    names = list(query.selected) if query.selected else [*query.extra_select, *query.values_select,
                                                          *query.annotation_select]
    return sql, list(params), names, compiler.get_converters(fields)


class Prepared:
    """A ``.values()`` queryset compiled once per shape; each call runs its SQL with the call's parameters.

    ``build(*args, **params)`` returns the queryset; ``shape(*args)`` returns what, besides ``params``,
    its SQL depends on (a call's ``args`` are passed to both); ``kinds`` names each parameter's type,
    ``int``, ``list`` (of whole numbers) or ``str`` (none: a query whose SQL never changes, such as a menu).
    """

    def __init__(self, build: Callable, *, shape: Callable = lambda *args: (), **kinds: type):
        if any(kind not in (int, list, str) for kind in kinds.values()):
            raise PreparationError("Name each parameter's kind: int, list or str.")
        self.build, self.shape, self.kinds = build, shape, kinds
        self._compiled: dict[tuple, _Compiled] = {}

    def __call__(self, *args, **params) -> list[dict]:
        if params.keys() != self.kinds.keys():
            raise TypeError(f"Give exactly these parameters: {', '.join(sorted(self.kinds))}.")
        if not all(self._fits(name, value) for name, value in params.items()):
            return list(self.build(*args, **params))  # the ORM's own answer (it asks no database)
        key = self.shape(*args)
        compiled = self._compiled.get(key) or self._prepare(key, args)
        values = list(compiled.params)
        for name, positions in compiled.slots:
            value = params[name]
            for position in positions:
                values[position] = list(value) if isinstance(value, list | tuple) else value
        connection = connections[compiled.db]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, values)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = _converted(rows, compiled.converters, connection)
        names = compiled.names
        return [dict(zip(names, row, strict=True)) for row in rows]

    def _fits(self, name, value) -> bool:
        """Say whether ``value`` can go in the compiled SQL (TypeError for a value of the wrong kind)."""
        if self.kinds[name] is str:
            if not isinstance(value, str):
                raise TypeError(f"{name} must be text, not {type(value).__name__}.")
            return True  # text the database cannot hold (NUL) is refused by the driver, as for the ORM
        items = value if self.kinds[name] is list else [value]
        if self.kinds[name] is list and not isinstance(value, list | tuple):
            raise TypeError(f"{name} must be a list of whole numbers, not {type(value).__name__}.")
        for item in items:
            if isinstance(item, bool) or not isinstance(item, int):
                raise TypeError(f"{name} must hold whole numbers, not {type(item).__name__}.")
        return all(item in _INT64 for item in items)

    def _prepare(self, key, args) -> _Compiled:
        """Build and compile the queryset twice with different stand-ins; keep it if only they differ."""
        first_values, second_values = _stand_ins(self.kinds, 1), _stand_ins(self.kinds, 2)
        first_qs = self.build(*args, **first_values)
        first, second = _compile(first_qs), _compile(self.build(*args, **second_values))
        (sql, params, names, converters), (sql_again, params_again, _names, _converters) = first, second
        if sql != sql_again or len(params) != len(params_again):
            raise PreparationError(f"The SQL depends on the parameters' values: {sql!r} / {sql_again!r}")
        slots, placed = [], set()
        for name in sorted(self.kinds):
            positions = [i for i, value in enumerate(params) if value == first_values[name]]
            again = [i for i, value in enumerate(params_again) if value == second_values[name]]
            if not positions or positions != again:
                raise PreparationError(f"Parameter {name!r} is not one of the SQL's parameters as given.")
            slots.append((name, tuple(positions)))
            placed.update(positions)
        if any(params[i] != params_again[i] for i in range(len(params)) if i not in placed):
            raise PreparationError("The SQL's other parameters depend on the parameters' values.")
        compiled = _Compiled(first_qs.db, sql, tuple(params), tuple(slots), tuple(names), converters)
        self._compiled[key] = compiled  # one assignment: threads preparing at once store equal values
        return compiled


def _converted(rows, converters, connection):
    """Apply Django's converters to raw rows, as ``SQLCompiler.apply_converters`` does."""
    converters = list(converters.items())
    for row in map(list, rows):
        for position, (functions, expression) in converters:
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
        yield row

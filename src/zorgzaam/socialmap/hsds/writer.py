"""Writing rows in bulk: one ``executemany`` INSERT or UPDATE per table and chunk, the values
converted per column once (``_Writer``), not through model instances.

From ``loader.py``, which uses it in ``bulk_insert`` and ``dataset_load``."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.db import connection, models

from .reader import CANONICAL_UUID


def _converter(model_field) -> Callable | None:
    """Python value -> database parameter for one column (None: the value as it is)."""
    if isinstance(model_field, models.UUIDField):
        if connection.features.has_native_uuid_field:
            # PostgreSQL writes by COPY, whose text form takes the canonical UUID as it is:
            # only another spelling is parsed (676,000 ids in a 50,000-service import).
            return lambda v: (
                v
                if v is None or isinstance(v, uuid.UUID) or CANONICAL_UUID.match(v)
                else uuid.UUID(v)
            )
        return lambda v: (
            None if v is None else (v.hex if isinstance(v, uuid.UUID) else v.replace("-", ""))
        )
    if isinstance(model_field, models.FloatField):
        return lambda v: None if v is None else float(v)
    if isinstance(model_field, models.JSONField):
        empty = model_field.get_db_prep_save({}, connection)
        return lambda v: empty if v == {} else model_field.get_db_prep_save(v, connection)
    if isinstance(
        model_field,
        models.TextField
        | models.CharField
        | models.IntegerField
        | models.BooleanField
        | models.ForeignKey,
    ):
        return None
    return lambda v: model_field.get_db_prep_save(v, connection)


class _Writer:
    """INSERT and UPDATE of one table with ``executemany``, values converted per column."""

    def __init__(self, model, columns: list[str], *, now, coalesce=()):
        self.model = model
        meta = model._meta
        by_attname = {f.attname: f for f in meta.concrete_fields}
        self.columns = columns
        converters = [_converter(by_attname[c]) for c in columns]
        self.converting = [(i, c) for i, c in enumerate(converters) if c is not None]
        quote = connection.ops.quote_name
        self.table = quote(meta.db_table)
        # Columns the data does not give: their defaults (timestamps: now), the same for all
        # rows, except callable defaults (a new public_id), which are called per row.
        self.fixed = {}
        self.per_row = []
        for f in meta.concrete_fields:
            if f.primary_key or f.attname in columns:
                continue
            if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
                self.fixed[f.attname] = f.get_db_prep_save(now, connection)
            elif f.has_default() and callable(f.default):
                self.per_row.append((f.attname, f.default, _converter(f)))
            else:
                self.fixed[f.attname] = f.get_db_prep_save(f.get_default(), connection)
        names = [*columns, *self.fixed, *[name for name, _, _ in self.per_row]]
        marks = ", ".join(["%s"] * len(names))
        column_list = ", ".join(quote(by_attname[n].column) for n in names)
        self.insert_sql = f"INSERT INTO {self.table} ({column_list}) VALUES ({marks})"  # noqa: S608 - names from the model
        self.copy_sql = f"COPY {self.table} ({column_list}) FROM STDIN"
        updated = [c for c in columns if c not in ("public_id", "municipality_id")]
        assignments = [
            f"{quote(by_attname[c].column)} = COALESCE(%s, {quote(by_attname[c].column)})"
            if c in coalesce
            else f"{quote(by_attname[c].column)} = %s"
            for c in updated
        ]
        stamp = by_attname.get("updated_at")
        if stamp is not None:
            assignments.append(f"{quote(stamp.column)} = %s")
        self.update_index = [columns.index(c) for c in updated]
        # PostgreSQL: the rows are COPied into a temporary table, then one UPDATE ... FROM it.
        temp = quote(f"_hsds_update_{meta.db_table}")
        names_tmp = [quote(by_attname[c].column) for c in updated]
        self.temp_sql = (
            f"DROP TABLE IF EXISTS pg_temp.{temp}",
            f"CREATE TEMP TABLE {temp} AS SELECT {quote(meta.pk.column)}, {', '.join(names_tmp)}"  # noqa: S608 - names from the model
            f" FROM {self.table} WITH NO DATA",
        )
        self.temp_copy_sql = (
            f"COPY {temp} ({', '.join(names_tmp)}, {quote(meta.pk.column)}) FROM STDIN"
        )
        set_from = [
            f"{n} = COALESCE(s.{n}, t.{n})" if c in coalesce else f"{n} = s.{n}"
            for c, n in zip(updated, names_tmp, strict=True)
        ]
        # Only rows whose values change are written: re-importing the same source rewrites
        # no row versions and no index entries (updated_at then stays the last change).
        new_values = [
            f"COALESCE(s.{n}, t.{n})" if c in coalesce else f"s.{n}"
            for c, n in zip(updated, names_tmp, strict=True)
        ]
        changed = (
            f"(t.{', t.'.join(names_tmp)}) IS DISTINCT FROM ({', '.join(new_values)})"
            if len(names_tmp) > 1
            else f"t.{names_tmp[0]} IS DISTINCT FROM {new_values[0]}"
        )
        if stamp is not None:
            set_from.append(f"{quote(stamp.column)} = %s")
        self.update_from_sql = (
            f"UPDATE {self.table} AS t SET {', '.join(set_from)} FROM {temp} AS s"  # noqa: S608 - names from the model
            f" WHERE t.{quote(meta.pk.column)} = s.{quote(meta.pk.column)} AND {changed}"
        )
        self.drop_temp_sql = f"DROP TABLE {temp}"
        self.analyze_temp_sql = f"ANALYZE {temp}"
        self.update_sql = (
            f"UPDATE {self.table} SET {', '.join(assignments)} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608 - names from the model
        )
        self.now = () if stamp is None else (stamp.get_db_prep_save(now, connection),)
        self.fixed_values = tuple(self.fixed.values())

    def params(self, values: list) -> list:
        """The row's values as database parameters (converted in place)."""
        for i, convert in self.converting:
            values[i] = convert(values[i])
        return values

    def insert(self, rows: list[list]) -> None:
        params = [(*self.params(r), *self.fixed_values, *self._per_row()) for r in rows]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY: several times faster than one INSERT per row, even pipelined.
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in params:
                        copy.write_row(row)
                return
            cursor.executemany(self.insert_sql, params)

    def _per_row(self) -> list:
        return [
            value if convert is None else convert(value)
            for _, default, convert in self.per_row
            for value in [default()]
        ]

    def update(self, rows: list[tuple[int, list]]) -> None:
        index = self.update_index
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                for sql in self.temp_sql:
                    cursor.execute(sql)
                with cursor.cursor.copy(self.temp_copy_sql) as copy:
                    for pk, values in rows:
                        p = self.params(values)
                        copy.write_row((*[p[i] for i in index], pk))
                # Statistics, so that the join probes the table's primary key per row instead
                # of scanning the temporary table for every row of the table.
                cursor.execute(self.analyze_temp_sql)
                cursor.execute(self.update_from_sql, list(self.now))
                cursor.execute(self.drop_temp_sql)
                return
            cursor.executemany(
                self.update_sql,
                [
                    (*[p[i] for i in index], *self.now, pk)
                    for pk, values in rows
                    for p in [self.params(values)]
                ],
            )

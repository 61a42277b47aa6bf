"""Check a read HSDS dataset against the database and load it, all or nothing.

Checks beyond the JSON schema: references resolve (in the data set or among this
municipality's rows), ids are not another municipality's, schedules are possible (times,
RFC 5545 days, date order), coordinates and ages are in range. Loading upserts by HSDS id in
bulk (re-import updates, never duplicates) and never deletes.

Merge (the default): a re-import updates what the source holds and keeps what it does not
mention - a field the source leaves out (or leaves empty in CSV) keeps its stored value, and
extra properties are merged key by key (the source's value wins for a key it gives). With
``replace=True`` every stored row the source holds is replaced by the source's version:
fields it leaves out become empty and extra properties it does not give are dropped.

Speed (50,000 services, about 465,000 records, in well under a minute): the ids of each table
are looked up once per table (the municipality's whole table when the data set is large, else
by ``IN`` in chunks), and rows are written with one ``executemany`` INSERT or UPDATE per table
and chunk, with the values converted per column once, not through model instances (Django's
``bulk_create`` compiles every value separately, which dominated the time).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, models
from django.utils import timezone

from .checks import (
    _row_problems,
    model_of,
    parse_date,
    schedule_problems,
    time_minutes,
)
from .reader import Dataset
from .spec import KIND_FIELD, LOAD_ORDER, TABLES
from .writer import _Writer

#: The row checks (``checks``) and the bulk writer (``writer``) live in their own modules; the
#: checks are re-exported here. The chunk sizes stay here: tests set them on this module.
__all__ = [
    "ANALYZE_FROM",
    "CHUNK",
    "ID_CHUNK",
    "STRICT_REFS",
    "WHOLE_TABLE",
    "WRITE_CHUNK",
    "LoadResult",
    "Progress",
    "bulk_insert",
    "dataset_check",
    "dataset_load",
    "foreign_ids",
    "model_of",
    "own_ids",
    "parse_date",
    "refresh_statistics",
    "schedule_problems",
    "time_minutes",
]

Progress = Callable[[str, int, int], None]
CHUNK = 500
#: Ids looked up per query (SQLite allows 32,766 parameters, PostgreSQL 65,535).
ID_CHUNK = 5000
#: Above this many rows of a table in the data set, the municipality's whole table is read
#: once instead of looking the ids up by ``IN``.
WHOLE_TABLE = 5000
#: Rows written per ``executemany`` or COPY (and per progress step).
WRITE_CHUNK = 5000


#: References that must resolve. Others may point outside the data set (the official examples
#: do: a location's organization, a term's taxonomy); they are kept verbatim (round trip) but
#: not linked, and reported as warnings.
STRICT_REFS = {
    ("attribute", "taxonomy_term_id"),
    ("service_at_location", "service_id"),
    ("service_at_location", "location_id"),
}


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _id_text(value) -> str:
    """A public_id as the database returns it -> the HSDS id form (lower case, dashes)."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if len(value) == 32:  # SQLite keeps a UUIDField as 32 hex digits
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(uuid.UUID(value))


def _id_pairs(table: str, where: str, params: list) -> list[tuple[str, int]]:
    """(HSDS id, pk) of the rows of ``table`` matching ``where``: raw SQL, as this runs over
    whole tables and the ORM's per-value converters would dominate."""
    meta = model_of(table)._meta
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {quote(meta.get_field('public_id').column)}, {quote(meta.pk.column)}"  # noqa: S608 - names from the model
        f" FROM {quote(meta.db_table)} WHERE {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(_id_text(p), pk) for p, pk in cursor.fetchall()]


def _id_params(ids: list[str]) -> list:
    field = model_of("service")._meta.get_field("public_id")
    return [field.get_db_prep_value(uuid.UUID(i), connection) for i in ids]


def own_ids(table: str, municipality, ids, *, above: int | None = None) -> dict[str, int]:
    """HSDS id -> pk of this municipality's rows of ``table`` among ``ids``.

    For many ids the municipality's whole table (or its rows with a pk above ``above``) is
    read in one query, so the answer may hold more rows than asked for; otherwise the ids are
    looked up in chunks."""
    ids = set(ids)
    if not ids:
        return {}
    if len(ids) > WHOLE_TABLE or above is not None:
        where, params = "municipality_id = %s", [municipality.pk]
        if above is not None:
            where += " AND id > %s"
            params.append(above)
        return dict(_id_pairs(table, where, params))
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(ids), ID_CHUNK):
        marks = ", ".join(["%s"] * len(chunk))
        found.update(
            _id_pairs(
                table,
                f"municipality_id = %s AND public_id IN ({marks})",
                [municipality.pk, *_id_params(chunk)],
            )
        )
    return found


def foreign_ids(table: str, municipality, ids) -> set[str]:
    """The ``ids`` that are rows of ``table`` of another municipality."""
    ids = set(ids)
    if not ids:
        return set()
    others = model_of(table).objects.exclude(municipality=municipality)
    if len(ids) > WHOLE_TABLE and others.count() <= len(ids):
        return {i for i, _ in _id_pairs(table, "municipality_id <> %s", [municipality.pk])} & ids
    found: set[str] = set()
    for chunk in _chunks(sorted(ids), ID_CHUNK):
        marks = ", ".join(["%s"] * len(chunk))
        found |= {
            i
            for i, _ in _id_pairs(
                table,
                f"municipality_id <> %s AND public_id IN ({marks})",
                [municipality.pk, *_id_params(chunk)],
            )
        }
    return found


def dataset_check(dataset: Dataset, municipality) -> list[tuple[str, str]]:
    """Every problem of the data set as (path, reason); empty when it may be loaded.

    Unresolved lenient references are moved to the row's ``extra`` and listed in
    ``dataset.warnings``. Without a ``municipality`` (``hsds validate`` without one) the
    data set is checked on its own: references must resolve inside it."""
    dataset.finish()
    problems = list(dataset.problems)
    for table in LOAD_ORDER:
        for row in dataset.rows[table].values():
            for key, reason in _row_problems(row):
                problems.append((f"{row.path}/{key}", f"{table} {row.id}: {reason}"))
    # Ids that belong to another municipality (one query per table, or per chunk of ids).
    for table in LOAD_ORDER if municipality is not None else ():
        rows = dataset.rows[table]
        own = own_ids(table, municipality, rows)
        for public_id in sorted(foreign_ids(table, municipality, set(rows) - set(own))):
            row = rows[public_id]
            problems.append(
                (f"{row.path}/id", f"{table} id {row.id} is used by another municipality")
            )
    # References: to a row of the data set, or to one of this municipality's rows.
    for table in LOAD_ORDER:
        spec = TABLES[table]
        refs = [ref for ref in spec.refs if not ref.soft]
        if not refs:
            continue
        wanted: dict[str, set[str]] = {}
        for row in dataset.rows[table].values():
            for ref in refs:
                value = row.values.get(ref.column)
                if value and value not in dataset.rows[ref.target]:
                    wanted.setdefault(ref.target, set()).add(value)
        if not wanted:
            continue
        known = {
            target: set(own_ids(target, municipality, ids)) if municipality is not None else set()
            for target, ids in wanted.items()
        }
        for row in dataset.rows[table].values():
            for ref in refs:
                value = row.values.get(ref.column)
                if not value or value in dataset.rows[ref.target] or value in known[ref.target]:
                    continue
                if (table, ref.column) not in STRICT_REFS:
                    row.extra[ref.column] = row.values.pop(ref.column)
                    dataset.warnings.append(
                        (
                            f"{row.path}/{ref.column}",
                            f"{table} {row.id}: {ref.target} {value} is not in the data; "
                            "the reference is kept but not linked",
                        )
                    )
                else:
                    problems.append(
                        (
                            f"{row.path}/{ref.column}",
                            f"{table} {row.id}: {ref.column} refers to unknown "
                            f"{ref.target} {value}",
                        )
                    )
    return problems


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    service_pks: set[int] = field(default_factory=set)
    location_pks: set[int] = field(default_factory=set)

    @property
    def total(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())


# --- writing --------------------------------------------------------------------------------
ANALYZE_FROM = 1000  # rows written to a table in one load from which its statistics are renewed


def refresh_statistics(result: LoadResult) -> list[str]:
    """PostgreSQL: ``ANALYZE`` the tables this load wrote many rows to, inside the import's
    transaction (ANALYZE counts the transaction's own new rows; its table statistics roll
    back with it). Without this the planner keeps the statistics of before the import - a
    small or just emptied map - and plans the queries that follow as if the tables were
    tiny: the deferred foreign-key check that runs at COMMIT for every new row then read a
    whole (municipality, name, id) index instead of the primary key, 0.4 s per check, and a
    50,000-service import did not commit in ten minutes; the reindex's lookups by service
    scanned whole tables. A table the database user does not own is skipped by PostgreSQL
    with a warning. Returns the tables analysed."""
    if connection.vendor != "postgresql":
        return []
    tables = [
        model_of(table)._meta.db_table
        for table in LOAD_ORDER
        if result.created.get(table, 0) + result.updated.get(table, 0) >= ANALYZE_FROM
    ]
    with connection.cursor() as cursor:
        for name in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(name)}")
    return tables


def bulk_insert(model, rows: list[dict], *, chunk: int = WRITE_CHUNK) -> None:
    """INSERT plain rows (``{attname: value}``, every row the same keys) with ``executemany``;
    columns not given get their defaults (timestamps: now). No model instances, no pks back:
    for rows such as versions or opening slots, many times faster than ``bulk_create``."""
    if not rows:
        return
    columns = list(rows[0])
    writer = _Writer(model, columns, now=timezone.now())
    for part in _chunks(rows, chunk):
        writer.insert([[row[c] for c in columns] for row in part])


def _stored_extras(model, pks: list[int]) -> dict[int, dict]:
    """pk -> stored extra properties of the rows that have any."""
    found: dict[int, dict] = {}
    for chunk in _chunks(pks, ID_CHUNK):
        found.update(
            model.objects.filter(pk__in=chunk).exclude(extra={}).values_list("pk", "extra")
        )
    return found


def dataset_load(
    dataset: Dataset,
    municipality,
    *,
    new_service_defaults: dict | None = None,
    progress=None,
    replace: bool = False,
) -> LoadResult:
    """Upsert every row (caller holds the transaction and has run ``dataset_check``).

    Stored rows are merged with the source (see the module's docstring) unless ``replace``.

    A service's ``kind`` comes from its ``zorgzaam_kind`` extension field when the data has
    one; otherwise a new service gets ``new_service_defaults`` and a stored one keeps its kind.
    """
    result = LoadResult()
    pk_maps: dict[str, dict[str, int]] = {t: {} for t in TABLES}
    total = dataset.count()
    done = 0
    now = timezone.now()
    defaults = dict(new_service_defaults or {})
    for table in LOAD_ORDER:
        rows = list(dataset.rows[table].values())
        model = model_of(table)
        spec = TABLES[table]
        hard = [ref for ref in spec.refs if not ref.soft]
        # Targets of references: the rows of this data set (loaded before) and existing rows.
        for ref in hard:
            needed = {
                r.values[ref.column]
                for r in rows
                if r.values.get(ref.column) and r.values[ref.column] not in pk_maps[ref.target]
            }
            pk_maps[ref.target].update(own_ids(ref.target, municipality, needed))
        existing = own_ids(table, municipality, [r.id for r in rows])
        generic = table in ("attribute", "metadata")
        columns = ["public_id", "municipality_id", *spec.scalars]
        columns += [r.model_field if r.soft else f"{r.model_field}_id" for r in spec.refs]
        columns += ["extra"]
        if generic:
            columns += ["nested_table", "nested_id"]
        service = table == "service"
        if service:
            columns += ["kind", "published"]
        coalesce: tuple[str, ...]
        if replace:
            coalesce = ("kind", "published") if service else ()
        else:  # merge: a column the source leaves empty keeps its stored value
            coalesce = tuple(c for c in columns if c not in ("public_id", "municipality_id"))
        writer = _Writer(model, columns, now=now, coalesce=coalesce)
        stored_extra: dict[int, dict] = {}
        if not replace:
            updating = [existing[r.id] for r in rows if r.id in existing]
            if updating:
                stored_extra = _stored_extras(model, updating)
        scalars = list(spec.scalars)
        ref_maps = [(ref.column, None if ref.soft else pk_maps[ref.target]) for ref in spec.refs]
        to_create, to_update = [], []
        for row in rows:
            get = row.values.get
            values = [row.id, municipality.pk, *map(get, scalars)]
            for column, pk_map in ref_maps:
                value = get(column)
                values.append(pk_map[value] if value and pk_map is not None else value or None)
            extra = row.extra
            if service and KIND_FIELD in extra:
                extra = {k: v for k, v in extra.items() if k != KIND_FIELD}
            pk = existing.get(row.id)
            if pk is not None and pk in stored_extra:
                extra = {**stored_extra[pk], **extra}
            values.append(extra)
            if generic:
                # Merge: a row the source does not place keeps where it was stored.
                unplaced = "" if replace or pk is None else None
                values.append(row.nested_in[0] if row.nested_in else unplaced)
                values.append(row.nested_in[1] if row.nested_in else None)
            if service:
                kind = row.extra.get(KIND_FIELD) or None
                if pk is None:
                    values += [kind or defaults.get("kind"), defaults.get("published", True)]
                else:
                    values += [kind, None]  # COALESCE: a stored service keeps its kind
            if pk is None:
                to_create.append(values)
            else:
                to_update.append((pk, values))
        before = None
        created = {values[0] for values in to_create}  # before writing converts the values
        if to_create:
            before = model.objects.aggregate(m=models.Max("pk"))["m"] or 0
        for chunk in _chunks(to_create, WRITE_CHUNK):
            writer.insert(chunk)
            done += len(chunk)
            if progress:
                progress(table, done, total)
        for chunk in _chunks(to_update, WRITE_CHUNK):
            writer.update(chunk)
            done += len(chunk)
            if progress:
                progress(table, done, total)
        pk_map = dict(existing)
        if to_create:
            for public_id, pk in own_ids(table, municipality, created, above=before).items():
                if public_id in created:
                    pk_map[public_id] = pk
        pk_maps[table].update(pk_map)
        result.created[table] = len(to_create)
        result.updated[table] = len(to_update)
        own = [pk_map[r.id] for r in rows]
        if table == "service":
            result.service_pks |= set(own)
        if table == "location":
            result.location_pks |= set(own)
        for ref in hard:
            if ref.target in ("service", "location"):
                pks = {
                    pk_maps[ref.target][r.values[ref.column]]
                    for r in rows
                    if r.values.get(ref.column)
                }
                if ref.target == "service":
                    result.service_pks |= pks
                else:
                    result.location_pks |= pks
    return result

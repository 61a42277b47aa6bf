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

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.apps import apps
from django.db import connection, models
from django.utils import timezone

from .reader import CANONICAL_UUID, Dataset, Row
from .spec import KIND_FIELD, KINDS, LOAD_ORDER, TABLES

Progress = Callable[[str, int, int], None]
CHUNK = 500
#: Ids looked up per query (SQLite allows 32,766 parameters, PostgreSQL 65,535).
ID_CHUNK = 5000
#: Above this many rows of a table in the data set, the municipality's whole table is read
#: once instead of looking the ids up by ``IN``.
WHOLE_TABLE = 5000
#: Rows written per ``executemany`` or COPY (and per progress step).
WRITE_CHUNK = 5000

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_DAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_FREQ = {"SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_WKST = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}


def model_of(table: str):
    return apps.get_model("socialmap", TABLES[table].model)


def time_minutes(value: str | None) -> int | None:
    """'10:00', '10:00:00', '09:30Z', '09:00+01:00' -> minutes after midnight (local)."""
    if not value:
        return None
    match = _TIME.match(value.strip())
    if not match:
        return None
    return int(match.group(1)) * 60 + int(match.group(2))


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        try:
            return datetime.fromisoformat(value).date()
        except ValueError:
            return None


def _int_list(value: str, low: int, high: int) -> bool:
    try:
        numbers = [int(p) for p in str(value).split(",") if p.strip()]
    except ValueError:
        return False
    return all(low <= abs(n) <= high for n in numbers) and 0 not in numbers


def schedule_problems(values: dict) -> list[tuple[str, str]]:
    """Impossible schedules: (field, reason)."""
    found = []
    for key in ("opens_at", "closes_at"):
        value = values.get(key)
        if value and time_minutes(value) is None:
            found.append((key, f"{value!r} is not a time (HH:MM, optionally :SS and a zone)"))
    opens, closes = time_minutes(values.get("opens_at")), time_minutes(values.get("closes_at"))
    if opens is not None and closes is not None and closes <= opens:
        found.append(("closes_at", "closes at or before it opens"))
    freq = values.get("freq")
    if freq and freq.upper() not in _FREQ:
        found.append(("freq", f"{freq!r} is not an RFC 5545 frequency"))
    byday = values.get("byday")
    if byday:
        bad = [d for d in byday.replace(" ", "").split(",") if d and not _DAY.match(d.upper())]
        if bad:
            found.append(("byday", f"{', '.join(bad)} not RFC 5545 days (MO, TU, ... or 1MO)"))
    wkst = values.get("wkst")
    if wkst and wkst.upper()[:2] not in _WKST:
        found.append(("wkst", f"{wkst!r} is not a day"))
    for key, low, high in (("bymonthday", 1, 31), ("byyearday", 1, 366), ("byweekno", 1, 53)):
        if values.get(key) and not _int_list(values[key], low, high):
            found.append((key, f"expects comma-separated numbers ±{low}..{high}"))
    for key in ("interval", "count"):
        value = values.get(key)
        if value is not None and (value < 1 or not float(value).is_integer()):
            found.append((key, f"{key} must be a whole number of at least 1"))
    timezone = values.get("timezone")
    if timezone is not None and not -12 <= timezone <= 14:
        found.append(("timezone", "a UTC offset lies between -12 and +14"))
    for key in ("valid_from", "valid_to", "dtstart", "until"):
        if values.get(key) and parse_date(values[key]) is None:
            found.append((key, f"{values[key]!r} is not a date (YYYY-MM-DD)"))
    start, end = parse_date(values.get("valid_from")), parse_date(values.get("valid_to"))
    if start and end and end < start:
        found.append(("valid_to", "ends before it starts"))
    return found


def _row_problems(row: Row) -> list[tuple[str, str]]:
    values = row.values
    if row.table == "schedule":
        return schedule_problems(values)
    found = []
    if row.table == "service":
        low, high = values.get("minimum_age"), values.get("maximum_age")
        for key in ("minimum_age", "maximum_age"):
            if values.get(key) is not None and not 0 <= values[key] <= 150:
                found.append((key, "an age lies between 0 and 150"))
        if low is not None and high is not None and high < low:
            found.append(("maximum_age", "is below minimum_age"))
    if row.table == "service" and row.extra.get(KIND_FIELD) not in (None, "", *KINDS):
        found.append((KIND_FIELD, f"{KIND_FIELD} is one of {', '.join(KINDS)}"))
    spec = TABLES[row.table]
    for key in spec.required:
        if values.get(key) in (None, ""):
            found.append((key, f"{key} is required"))
    return found


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

"""Check a read HSDS dataset against the database and load it, all or nothing.

Checks beyond the JSON schema: references resolve (in the data set or among this
municipality's rows), ids are not another municipality's, schedules are possible (times,
RFC 5545 days, date order), coordinates and ages are in range. Loading upserts by HSDS id in
bulk (re-import updates, never duplicates) and never deletes.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.apps import apps

from .reader import Dataset, Row
from .spec import LOAD_ORDER, TABLES

Progress = Callable[[str, int, int], None]
CHUNK = 500

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_DAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_FREQ = {"SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_WKST = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}


def rows_update(model, instances, fields: list[str], *, now: bool = False) -> None:
    from django.utils import timezone

    from ..search import rows_update as update

    if now:
        moment = timezone.now()
        for instance in instances:
            instance.updated_at = moment
    update(model, instances, fields)


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


def dataset_check(dataset: Dataset, municipality) -> list[tuple[str, str]]:
    """Every problem of the data set as (path, reason); empty when it may be loaded.

    Unresolved lenient references are moved to the row's ``extra`` and listed in
    ``dataset.warnings``."""
    problems = list(dataset.problems)
    for table in LOAD_ORDER:
        for row in dataset.rows[table].values():
            for key, reason in _row_problems(row):
                problems.append((f"{row.path}/{key}", f"{table} {row.id}: {reason}"))
    # Ids that belong to another municipality.
    for table in LOAD_ORDER:
        ids = list(dataset.rows[table])
        model = model_of(table)
        for chunk in _chunks(ids):
            taken = model.objects.filter(public_id__in=chunk).exclude(municipality=municipality)
            for public_id in taken.values_list("public_id", flat=True):
                row = dataset.rows[table][str(public_id)]
                problems.append(
                    (f"{row.path}/id", f"{table} id {row.id} is used by another municipality")
                )
    # References.
    for table in LOAD_ORDER:
        spec = TABLES[table]
        wanted: dict[str, set[str]] = {}
        for row in dataset.rows[table].values():
            for ref in spec.refs:
                value = row.values.get(ref.column)
                if ref.soft or not value or value in dataset.rows[ref.target]:
                    continue
                wanted.setdefault(ref.target, set()).add(value)
        known: dict[str, set[str]] = {}
        for target, ids in wanted.items():
            found = set()
            for chunk in _chunks(sorted(ids)):
                found |= {
                    str(v)
                    for v in model_of(target)
                    .objects.for_municipality(municipality)
                    .filter(public_id__in=chunk)
                    .values_list("public_id", flat=True)
                }
            known[target] = found
        for row in dataset.rows[table].values():
            for ref in spec.refs:
                value = row.values.get(ref.column)
                if ref.soft or not value or value in dataset.rows[ref.target]:
                    continue
                if value in known.get(ref.target, set()):
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


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    service_pks: set[int] = field(default_factory=set)
    location_pks: set[int] = field(default_factory=set)

    @property
    def total(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())


def dataset_load(
    dataset: Dataset, municipality, *, new_service_defaults: dict | None = None, progress=None
) -> LoadResult:
    """Upsert every row (caller holds the transaction and has run ``dataset_check``)."""
    result = LoadResult()
    pk_maps: dict[str, dict[str, int]] = {t: {} for t in TABLES}
    total = dataset.count()
    done = 0
    for table in LOAD_ORDER:
        rows = list(dataset.rows[table].values())
        model = model_of(table)
        spec = TABLES[table]
        # Targets of references: the rows of this data set and the existing rows.
        for ref in spec.refs:
            if ref.soft:
                continue
            needed = {
                r.values[ref.column]
                for r in rows
                if r.values.get(ref.column) and r.values[ref.column] not in pk_maps[ref.target]
            }
            for chunk in _chunks(sorted(needed)):
                for public_id, pk in (
                    model_of(ref.target)
                    .objects.for_municipality(municipality)
                    .filter(public_id__in=chunk)
                    .values_list("public_id", "pk")
                ):
                    pk_maps[ref.target][str(public_id)] = pk
        existing: dict[str, int] = {}
        for chunk in _chunks([r.id for r in rows]):
            for public_id, pk in model.objects.filter(public_id__in=chunk).values_list(
                "public_id", "pk"
            ):
                existing[str(public_id)] = pk
        fields = [f for f in spec.scalars]
        fields += [r.model_field if r.soft else f"{r.model_field}_id" for r in spec.refs]
        fields += ["extra"]
        if table in ("attribute", "metadata"):
            fields += ["nested_table", "nested_id"]
        to_create, to_update = [], []
        for row in rows:
            kwargs = {name: row.values.get(name) for name in spec.scalars}
            for ref in spec.refs:
                value = row.values.get(ref.column)
                if ref.soft:
                    kwargs[ref.model_field] = uuid.UUID(value) if value else None
                else:
                    kwargs[f"{ref.model_field}_id"] = pk_maps[ref.target][value] if value else None
            kwargs["extra"] = row.extra
            if table in ("attribute", "metadata"):
                kwargs["nested_table"] = row.nested_in[0] if row.nested_in else ""
                kwargs["nested_id"] = uuid.UUID(row.nested_in[1]) if row.nested_in else None
            if row.id in existing:
                to_update.append(model(pk=existing[row.id], municipality=municipality, **kwargs))
            else:
                instance = model(public_id=uuid.UUID(row.id), municipality=municipality, **kwargs)
                if table == "service" and new_service_defaults:
                    for key, value in new_service_defaults.items():
                        setattr(instance, key, value)
                to_create.append(instance)
        for chunk in _chunks(to_create):
            model.objects.bulk_create(chunk)
            done += len(chunk)
            if progress:
                progress(table, done, total)
        for chunk in _chunks(to_update):
            rows_update(model, chunk, [*fields, "updated_at"], now=True)
            done += len(chunk)
            if progress:
                progress(table, done, total)
        pk_map = dict(existing)
        missing = [i.public_id for i in to_create if i.pk is None]
        for instance in to_create:
            if instance.pk is not None:
                pk_map[str(instance.public_id)] = instance.pk
        for chunk in _chunks(missing):
            for public_id, pk in model.objects.filter(public_id__in=chunk).values_list(
                "public_id", "pk"
            ):
                pk_map[str(public_id)] = pk
        pk_maps[table].update(pk_map)
        result.created[table] = len(to_create)
        result.updated[table] = len(to_update)
        if table == "service":
            result.service_pks |= set(pk_map.values())
        if table == "location":
            result.location_pks |= set(pk_map.values())
        for ref in spec.refs:
            if ref.target == "service" and not ref.soft:
                result.service_pks |= {
                    pk_maps["service"][r.values[ref.column]]
                    for r in rows
                    if r.values.get(ref.column)
                }
            if ref.target == "location" and not ref.soft:
                result.location_pks |= {
                    pk_maps["location"][r.values[ref.column]]
                    for r in rows
                    if r.values.get(ref.column)
                }
    return result

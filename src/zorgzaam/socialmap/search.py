"""Search index of the social map: derived columns, opening slots and full text.

* SQLite: an FTS5 table (``unicode61 remove_diacritics 2``) whose rowid is the service's key;
  FTS5 has no Dutch stemmer, so text is stemmed in Python (PyStemmer, Dutch) at index and at
  query time.
* PostgreSQL: a table with a ``tsvector`` (``to_tsvector('dutch', ...)``) and a GIN index.

Both are made by migration 0002 and kept by ``service_reindex()``, which every write path
(import, form, demo) calls inside its transaction.

The spatial index (migration 0008), used before the text is ranked:

* SQLite: an R*Tree ``socialmap_service_rtree`` of the services' points, kept by triggers on
  ``socialmap_service``.
* PostgreSQL: grid-cell tokens (``cell_lexemes``) in the full-text document, so one GIN scan
  intersects the words with the cells around the point (``cells_covering``).
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace

from django.db import connection
from django.db.models import F, Field, ForeignObject, Lookup, Q

from .hsds.loader import parse_date, time_minutes
from .models import Kind, OpeningSlot, Service
from .models.hsds import (
    Accessibility,
    Address,
    Attribute,
    CostOption,
    Location,
    Schedule,
    ServiceAtLocation,
)
from .search_geo import (
    CELL_LEVELS,
    KM_PER_DEGREE_LAT,
    LON_PER_LAT,
    MAX_CELLS,
    _valid_point,
    bounding_box,
    cell_lexemes,
    cells_covering,
    cells_tsquery,
    km_per_degree_lon,
)
from .search_text import fold, fts_sql, query_terms, stem_text, words

FTS_TABLE = "socialmap_service_fts"
RTREE_TABLE = "socialmap_service_rtree"
KIND_RANK: dict[str, int] = {Kind.INFORMAL: 0, Kind.WELFARE: 1, Kind.FORMAL: 2}
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

# The text (``search_text``) and geometry (``search_geo``) halves are re-exported here, so
# ``from zorgzaam.socialmap.search import fts_sql, bounding_box`` keeps working.
__all__ = [
    "BULK_FULL_TEXT",
    "CELL_LEVELS",
    "DAYS",
    "FTS_TABLE",
    "KIND_RANK",
    "KM_PER_DEGREE_LAT",
    "LON_PER_LAT",
    "MAX_CELLS",
    "REINDEX_SCHEDULE_FIELDS",
    "REINDEX_SERVICE_FIELDS",
    "RTREE_TABLE",
    "AnyOf",
    "bounding_box",
    "cell_lexemes",
    "cells_covering",
    "cells_tsquery",
    "fold",
    "forget_facets_of_area",
    "fts_sql",
    "km_per_degree_lon",
    "query_terms",
    "rows_update",
    "service_reindex",
    "stem_text",
    "words",
]


# --- reindex --------------------------------------------------------------------------------
def _document(service, extra_texts: list[str]) -> str:
    parts = [service.name, service.alternate_name, service.description, service.organization_name]
    parts += extra_texts
    return " ".join(p for p in parts if p)


def _slots(schedules) -> set[tuple[int, int, int]]:
    slots = set()
    for schedule in schedules:
        opens, closes = time_minutes(schedule.opens_at), time_minutes(schedule.closes_at)
        if opens is None or closes is None or closes <= opens:
            continue
        valid_to = parse_date(schedule.valid_to) or parse_date(schedule.until)
        if valid_to is not None and valid_to < _today():
            continue
        freq = (schedule.freq or "WEEKLY").upper()
        if freq == "DAILY" and not schedule.byday:
            days: list[int] = list(range(7))
        elif freq in ("WEEKLY", "DAILY"):
            days = [DAYS.index(d) for d in (schedule.byday or "").upper().split(",") if d in DAYS]
        else:
            continue  # monthly and yearly sessions are shown, not offered as "open at"
        for day in days:
            slots.add((day, opens, closes))
    return slots


def _areas_of(municipality_ids) -> dict[int, list]:
    from zorgzaam.tenancy.models import Area

    found: dict[int, list] = {m: [] for m in municipality_ids}
    for area in Area.objects.filter(municipality_id__in=municipality_ids, geometry__isnull=False):
        found.setdefault(area.municipality_id, []).append(area)
    return found


def _area_at(areas: dict[int, list], municipality_id: int, lat: float, lon: float) -> int | None:
    """The village whose outline holds the point (CBS / Kadaster outlines)."""
    from zorgzaam.tenancy import geo

    for area in areas.get(municipality_id, []):
        if geo.contains(area.geometry, lat, lon):
            return area.pk
    return None


def _today():
    from django.utils import timezone

    return timezone.localdate()


REINDEX_SERVICE_FIELDS = (
    "id",
    "public_id",
    "municipality_id",
    "name",
    "alternate_name",
    "description",
    "kind",
    "fees",
    "fees_description",
    "assured_date",
    # the derived columns, written back
    "latitude",
    "longitude",
    "area_id",
    "is_free",
    "is_accessible",
    "informal_rank",
    "last_verified",
)
REINDEX_SCHEDULE_FIELDS = (
    "service_id",
    "service_at_location_id",
    "location_id",
    "opens_at",
    "closes_at",
    "valid_to",
    "until",
    "freq",
    "byday",
)


class _Row(SimpleNamespace):
    """A row the reindex reads and writes back (cheaper than a model instance)."""


class AnyOf(Lookup):
    """``field__any_of=[...]``: ``field = ANY(%s)`` with one array parameter (PostgreSQL), so
    a chunk of ids is one value to adapt instead of one placeholder each."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [list(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)


def _among(field: str, values) -> dict:
    """A filter ``field`` in ``values``: an array on PostgreSQL, an IN list elsewhere."""
    if connection.vendor == "postgresql":
        return {f"{field}__any_of": list(values)}
    return {f"{field}__in": values}


def service_reindex(service_pks) -> int:
    """Recompute the derived columns, opening slots and full text of these services."""
    from zorgzaam.tenancy.models import PostcodeArea

    from .hsds.loader import bulk_insert

    pks = sorted(set(service_pks))
    done = 0
    municipality_ids: set[int] = set()
    bulk = _bulk_full_text(len(pks))
    if bulk:
        _gin_pending_list(on=True)
    municipality_areas: dict[int, list] = {}
    for start in range(0, len(pks), 500):
        chunk = pks[start : start + 500]
        # Only the columns the derived values are made of (not the JSON extras, not the
        # organization's other fields): model instances for 50,000 services cost seconds.
        services = {
            row["id"]: _Row(pk=row["id"], **row)
            for row in Service.objects.filter(**_among("pk", chunk)).values(
                *REINDEX_SERVICE_FIELDS, organization_name=F("organization__name")
            )
        }
        sal = list(
            ServiceAtLocation.objects.filter(**_among("service_id", chunk)).values_list(
                "service_id", "pk", "location_id"
            )
        )
        location_ids = {loc_id for _, _, loc_id in sal if loc_id}
        locations = {
            row["id"]: _Row(pk=row["id"], **row)
            for row in Location.objects.filter(**_among("pk", location_ids)).values(
                "id", "name", "latitude", "longitude"
            )
        }
        postcodes: dict[int, str] = {}
        for loc_id, code in Address.objects.filter(
            **_among("location_id", location_ids)
        ).values_list("location_id", "postal_code"):
            if code:
                postcodes.setdefault(loc_id, code.replace(" ", "")[:4])
        pc4 = {p.pc4: p for p in PostcodeArea.objects.filter(pc4__in=set(postcodes.values()))}
        accessible = set(
            Accessibility.objects.filter(**_among("location_id", location_ids)).values_list(
                "location_id", flat=True
            )
        )
        by_service_locations: dict[int, list[int]] = {}
        sal_of: dict[int, list[int]] = {}
        for service_id, sal_pk, loc_id in sal:
            sal_of.setdefault(service_id, []).append(sal_pk)
            if loc_id:
                by_service_locations.setdefault(service_id, []).append(loc_id)
        costs: dict[int, list] = {}
        for service_id, amount in CostOption.objects.filter(
            **_among("service_id", chunk)
        ).values_list("service_id", "amount"):
            costs.setdefault(service_id, []).append(amount)
        schedules = [
            _Row(**row)
            for row in Schedule.objects.filter(
                Q(**_among("service_id", chunk))
                | Q(**_among("service_at_location_id", [p for _, p, _ in sal]))
                | Q(**_among("location_id", location_ids))
            ).values(*REINDEX_SCHEDULE_FIELDS)
        ]
        schedules_of: dict[str, dict[int, list]] = {"service": {}, "sal": {}, "location": {}}
        for schedule in schedules:
            for key, value in (
                ("service", schedule.service_id),
                ("sal", schedule.service_at_location_id),
                ("location", schedule.location_id),
            ):
                if value is not None:
                    schedules_of[key].setdefault(value, []).append(schedule)
        public_ids: dict[uuid.UUID | None, int] = {s.public_id: pk for pk, s in services.items()}
        term_names: dict[int, list[str]] = {}
        for link_id, name, code in Attribute.objects.filter(
            **_among("link_id", list(public_ids)), taxonomy_term__isnull=False
        ).values_list("link_id", "taxonomy_term__name", "taxonomy_term__code"):
            term_names.setdefault(public_ids[link_id], []).extend([name or "", code or ""])
        slots_rows, docs = [], []
        missing = {s.municipality_id for s in services.values()} - set(municipality_areas)
        if missing:
            municipality_areas.update(_areas_of(missing))
        for pk, service in services.items():
            locs = [locations[i] for i in by_service_locations.get(pk, []) if i in locations]
            lat: float | None = None
            lon: float | None = None
            area_id = None
            for loc in locs:
                code = postcodes.get(loc.pk)
                if lat is None and _valid_point(loc.latitude, loc.longitude):
                    lat, lon = loc.latitude, loc.longitude
                if code and code in pc4:
                    if lat is None:
                        lat, lon = pc4[code].latitude, pc4[code].longitude
                    area_id = area_id or pc4[code].area_id
            if lat is not None and lon is not None:
                area_id = _area_at(municipality_areas, service.municipality_id, lat, lon) or area_id
            service.latitude, service.longitude, service.area_id = lat, lon, area_id
            amounts = costs.get(pk)
            if amounts:
                service.is_free = all(not a for a in amounts)
            else:
                service.is_free = not (service.fees_description or service.fees)
            service.is_accessible = any(loc.pk in accessible for loc in locs)
            service.informal_rank = KIND_RANK.get(service.kind, 1)
            service.last_verified = parse_date(service.assured_date)
            own = schedules_of["service"].get(pk, [])
            if not own:
                own = [s for i in sal_of.get(pk, []) for s in schedules_of["sal"].get(i, [])]
            if not own:
                own = [
                    s
                    for i in by_service_locations.get(pk, [])
                    for s in schedules_of["location"].get(i, [])
                ]
            for day, opens, closes in _slots(own):
                slots_rows.append(
                    {"service_id": pk, "weekday": day, "opens": opens, "closes": closes}
                )
            place_words = [loc.name or "" for loc in locs]
            docs.append((pk, _document(service, term_names.get(pk, []) + place_words), lat, lon))
        rows_update(
            Service,
            list(services.values()),
            [
                "latitude",
                "longitude",
                "area",
                "is_free",
                "is_accessible",
                "informal_rank",
                "last_verified",
            ],
        )
        OpeningSlot.objects.filter(service_id__in=chunk).delete()
        bulk_insert(OpeningSlot, slots_rows)
        _write_documents(chunk, docs)
        done += len(services)
        municipality_ids.update(s.municipality_id for s in services.values())
    if bulk:
        _gin_pending_list(on=False)
    _forget_facets(municipality_ids)
    return done


BULK_FULL_TEXT = 2000  # services in one reindex from which the index is filled in bulk


def _bulk_full_text(count: int) -> bool:
    """PostgreSQL, a large reindex inside a transaction (an import): fill the GIN index
    through its pending list and merge it once, instead of entry by entry (the index has no
    pending list otherwise, for search speed). Inside a transaction, so an error rolls the
    index option back with everything else."""
    return (
        connection.vendor == "postgresql" and count >= BULK_FULL_TEXT and connection.in_atomic_block
    )


def _gin_pending_list(*, on: bool) -> None:
    with connection.cursor() as cursor:
        if on:
            cursor.execute("ALTER INDEX socialmap_service_fts_gin SET (fastupdate = on)")
        else:
            cursor.execute("SELECT gin_clean_pending_list('socialmap_service_fts_gin')")
            cursor.execute("ALTER INDEX socialmap_service_fts_gin SET (fastupdate = off)")


def _forget_facets(municipality_ids: set[int]) -> None:
    """The search form's cached choices, once the writing transaction commits (and now, for
    readers that come before)."""
    from django.db import transaction

    from zorgzaam.tenancy.models import Municipality

    from .selectors import forget_search_facets

    if not municipality_ids:
        return
    municipalities = list(Municipality.objects.filter(pk__in=municipality_ids))
    forget_search_facets(municipalities)
    transaction.on_commit(lambda: forget_search_facets(municipalities))


def rows_update(model, instances, fields: list[str]) -> None:
    """UPDATE ... WHERE id = %s with executemany: Django's bulk_update builds one CASE per
    field and row, which is far slower for thousands of rows."""
    if not instances:
        return
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    by_name = {f.name: f for f in model._meta.concrete_fields}
    concrete = [by_name.get(name) or by_attname[name] for name in fields]
    assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in concrete)
    sql = (
        f"UPDATE {connection.ops.quote_name(model._meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608 - names from the model, values are parameters
    )
    params = [
        [f.get_db_prep_save(getattr(i, f.attname), connection) for f in concrete] + [i.pk]
        for i in instances
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement per call: UPDATE ... FROM unnest(one array per column).
            types = [_array_type(f) for f in concrete] + ["bigint[]"]
            names = [f"c{n}" for n in range(len(concrete))]
            unnest = ", ".join(f"%s::{t}" for t in types)
            sets = ", ".join(
                f"{connection.ops.quote_name(f.column)} = v.{name}"
                for f, name in zip(concrete, names, strict=True)
            )
            # Rows whose values stay the same are not rewritten (a re-import of the same source).
            columns = [connection.ops.quote_name(f.column) for f in concrete]
            changed = (
                f"(t.{', t.'.join(columns)}) IS DISTINCT FROM (v.{', v.'.join(names)})"
                if len(columns) > 1
                else f"t.{columns[0]} IS DISTINCT FROM v.{names[0]}"
            )
            cursor.execute(
                f"UPDATE {connection.ops.quote_name(model._meta.db_table)} AS t SET {sets}"  # noqa: S608 - names from the model, values are parameters
                f" FROM unnest({unnest}) AS v({', '.join(names)}, id)"
                f" WHERE t.id = v.id AND {changed}",
                [list(column) for column in zip(*params, strict=True)],
            )
        else:
            cursor.executemany(sql, params)


def _array_type(field) -> str:
    """The PostgreSQL array type of a column, for unnest() (varchar(n) -> text)."""
    if field.is_relation:
        base = field.target_field.rel_db_type(connection)
    else:
        base = field.db_type(connection)
    return "text[]" if base.startswith(("varchar", "char")) else f"{base}[]"


def _write_documents(pks: list[int], docs: list[tuple[int, str, float | None, float | None]]):
    """The full-text rows of these services: ``(pk, text, latitude, longitude)`` each (on
    PostgreSQL the point's grid cells join the words)."""
    placeholders = ",".join(["%s"] * len(pks))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            gone = sorted(set(pks) - {doc[0] for doc in docs})
            if gone:
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE service_id = ANY(%s)", [gone])  # noqa: S608 - a constant name
            # An unchanged document is not rewritten (nor its GIN index entries).
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} AS f (service_id, document)"  # noqa: S608 - a constant name
                " SELECT id, to_tsvector('dutch', document)"
                " || array_to_tsvector(string_to_array(cells, ' '))"
                " FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS d(id, document, cells)"
                " ON CONFLICT (service_id) DO UPDATE SET document = EXCLUDED.document"
                " WHERE f.document IS DISTINCT FROM EXCLUDED.document",
                [
                    [pk for pk, *_ in docs],
                    [fold(text) for _, text, *_ in docs],
                    [" ".join(cell_lexemes(lat, lon)) for _, _, lat, lon in docs],
                ],
            )
        else:
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})",  # noqa: S608 - only %s placeholders
                pks,
            )
            cursor.executemany(
                "INSERT INTO socialmap_service_fts (rowid, document) VALUES (%s, %s)",
                [(pk, stem_text(text)) for pk, text, *_ in docs],
            )


def forget_facets_of_area(sender, instance, **kwargs) -> None:
    """A village was added, renamed or removed: the search form offers the new list."""
    from .selectors import forget_search_facets

    if instance.municipality_id:
        forget_search_facets([instance.municipality])

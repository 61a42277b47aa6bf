"""The search page's query as one hand-written, parameterised SQL statement.

``selectors.service_search`` builds the same search with the ORM (for the API and the
casework providers). On 50,000 services the database answers in well under a millisecond,
and compiling the ORM query took several times that; this module builds the statement
from a handful of fixed fragments, so the statement text depends only on which filters
are present (the database's prepared-statement cache then re-uses its plan: Python's
sqlite3 statement cache on SQLite, a server-side prepared statement on PostgreSQL).

Every value is a parameter; table and column names come from the models. The result is the
first page of ``(id, distance_km2)`` and the total number of matches (``COUNT(*) OVER ()``,
so one statement per page). ``tests/test_search_sql.py`` checks that it returns exactly what
the ORM path returns, in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from .models import Kind, OpeningSlot, Service
from .models.hsds import Attribute, Language, TaxonomyTerm
from .search import FTS_TABLE, KM_PER_DEGREE_LAT, bounding_box, fts_sql, km_per_degree_lon

MAX_RADIUS_KM = 50.0


@dataclass(frozen=True)
class Statement:
    sql: str
    params: list
    empty: bool = False  # the query cannot match anything (no usable words, no valid kind)


def _uuid(model, value):
    return model._meta.get_field("public_id").get_db_prep_value(value, connection)


# The tables the statement names (tests/test_search_sql.py checks them against the models).
TABLES = {
    Service: "socialmap_service",
    OpeningSlot: "socialmap_openingslot",
    Attribute: "socialmap_attribute",
    TaxonomyTerm: "socialmap_taxonomyterm",
    Language: "socialmap_language",
}


def build(
    query,
    *,
    municipality_id: int,
    published_only: bool,
    columns: str = "s.id",
    limit: int = 20,
    offset: int = 0,
    with_total: bool = True,
    located_only: bool = False,
) -> Statement:
    """The statement for ``query`` (a ``selectors.SearchQuery``)."""
    # PostgreSQL turns EXISTS into a semi-join and, misjudging how few rows a prefix
    # tsquery matches, may then drive the query from all services of a category; OFFSET 0
    # keeps each EXISTS a per-candidate check (SQLite keeps them so anyway).
    fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
    where = ["s.municipality_id = %s", "(s.status IS NULL OR s.status NOT IN (%s, %s))"]
    params: list = [municipality_id, "inactive", "defunct"]
    if located_only:
        where.append("s.latitude IS NOT NULL AND s.longitude IS NOT NULL")
    if published_only:
        where.append("s.published = %s")
        params.append(True)
    if query.text.strip():
        text = fts_sql(query.text)
        if text is None:
            return Statement("", [], empty=True)
        where.append(f"s.id IN ({text[0]})")
        params += text[1]
    distance = "NULL"
    distance_params: list = []
    if query.has_point:
        radius = min(max(query.radius_km, 0.1), MAX_RADIUS_KM)
        lat0, lon0 = query.latitude, query.longitude
        south, north, west, east = bounding_box(lat0, lon0, radius)
        kx, ky = km_per_degree_lon(lat0), KM_PER_DEGREE_LAT
        distance = (
            "(((s.longitude - %s) * %s) * ((s.longitude - %s) * %s)"
            " + ((s.latitude - %s) * %s) * ((s.latitude - %s) * %s))"
        )
        distance_params = [lon0, kx, lon0, kx, lat0, ky, lat0, ky]
        where.append("s.latitude >= %s AND s.latitude <= %s")
        where.append("s.longitude >= %s AND s.longitude <= %s")
        params += [south, north, west, east]
        where.append(f"{distance} <= %s")
        params += distance_params + [radius * radius]
    if query.kinds:
        kinds = [k for k in query.kinds if k in Kind.values]
        if not kinds:
            return Statement("", [], empty=True)
        where.append(f"s.kind IN ({', '.join(['%s'] * len(kinds))})")
        params += kinds
    if query.taxonomy_term is not None:
        where.append(
            "EXISTS (SELECT 1 FROM socialmap_attribute a WHERE a.link_id = s.public_id"  # noqa: S608 - fixed fragments
            " AND a.taxonomy_term_id IN (SELECT t.id FROM socialmap_taxonomyterm t"
            " WHERE t.public_id = %s)" + fence + ")"
        )
        params.append(_uuid(TaxonomyTerm, query.taxonomy_term))
    if query.language:
        where.append(
            "s.id IN (SELECT g.service_id FROM socialmap_language g"
            " WHERE g.municipality_id = %s AND g.code = %s AND g.service_id IS NOT NULL)"
        )
        params += [municipality_id, query.language]
    if query.free:
        where.append("s.is_free = %s")
        params.append(True)
    if query.accessible:
        where.append("s.is_accessible = %s")
        params.append(True)
    if query.area is not None:
        where.append("s.area_id IN (SELECT r.id FROM tenancy_area r WHERE r.public_id = %s)")
        from zorgzaam.tenancy.models import Area

        params.append(_uuid(Area, query.area))
    if query.open_weekday is not None:
        slot = "SELECT 1 FROM socialmap_openingslot o WHERE o.service_id = s.id AND o.weekday = %s"
        params.append(query.open_weekday)
        if query.open_minute is not None:
            slot += " AND o.opens <= %s AND o.closes > %s"
            params += [query.open_minute, query.open_minute]
        where.append(f"EXISTS ({slot}{fence})")
    order = ["s.informal_rank"] if query.informal_first else []
    if query.has_point:
        order.append("distance_km2")
    order += ["s.name", "s.id"]
    total = ", COUNT(*) OVER () AS total" if with_total else ""
    sql = (
        f"SELECT {columns}, {distance} AS distance_km2{total}"  # noqa: S608 - fixed fragments, values are parameters
        f" FROM socialmap_service s WHERE {' AND '.join(where)}"
        f" ORDER BY {', '.join(order)} LIMIT %s OFFSET %s"
    )
    return Statement(sql, distance_params + params + [limit, offset])


def execute(statement: Statement) -> list[tuple]:
    """Run it; on PostgreSQL with server-side binding, so the plan is prepared once."""
    if statement.empty:
        return []
    if connection.vendor == "postgresql":
        import psycopg

        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(statement.sql, statement.params)
            return cursor.fetchall()
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, statement.params)
        return cursor.fetchall()


def markers(query, *, municipality_id: int, published_only: bool, limit: int) -> list[tuple]:
    """``(public_id, name, kind, latitude, longitude)`` of the located matches, best first."""
    rows = execute(
        build(
            query,
            municipality_id=municipality_id,
            published_only=published_only,
            columns="s.public_id, s.name, s.kind, s.latitude, s.longitude",
            limit=limit,
            with_total=False,
            located_only=True,
        )
    )
    to_python = Service._meta.get_field("public_id").to_python
    return [(to_python(r[0]), r[1], r[2], r[3], r[4]) for r in rows]


class SearchResults:
    """The matches of a query as a sequence for ``django.core.paginator.Paginator``: one
    statement gives the requested page and the total; other slices run their own."""

    def __init__(self, query, *, municipality_id: int, published_only: bool, page_size: int):
        self.query = query
        self.municipality_id = municipality_id
        self.published_only = published_only
        self.page_size = page_size
        self._total: int | None = None
        self._pages: dict[int, tuple[int, list[tuple[int, float | None]]]] = {}

    def _fetch(self, offset: int, limit: int) -> list[tuple[int, float | None]]:
        cached = self._pages.get(offset)
        if cached is not None and (cached[0] >= limit or len(cached[1]) < cached[0]):
            return cached[1][:limit]
        rows = execute(
            build(
                self.query,
                municipality_id=self.municipality_id,
                published_only=self.published_only,
                limit=limit,
                offset=offset,
            )
        )
        if rows:
            self._total = rows[0][2]
        elif offset == 0:
            self._total = 0
        self._pages[offset] = (limit, [(pk, d2) for pk, d2, _ in rows])
        return self._pages[offset][1]

    def prime(self, page_number: int) -> None:
        """Fetch this page (1-based) first, so counting costs no extra statement."""
        self._fetch(max(page_number - 1, 0) * self.page_size, self.page_size)

    def count(self) -> int:
        if self._total is None:
            self._fetch(0, self.page_size)
        return self._total or 0

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            raise TypeError("SearchResults supports slices only")
        start = item.start or 0
        stop = item.stop if item.stop is not None else self.count()
        rows = self._fetch(start, max(stop - start, 0))
        services = Service.objects.select_related("organization", "area").in_bulk(
            [pk for pk, _ in rows]
        )
        out = []
        for pk, d2 in rows:
            service = services.get(pk)
            if service is not None:
                service.distance_km2 = d2
                out.append(service)
        return out


def page_number(value) -> int:
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


__all__ = ["FTS_TABLE", "SearchResults", "Statement", "build", "execute", "page_number"]

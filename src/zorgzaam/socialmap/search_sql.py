"""The search page's query as one hand-written, parameterised SQL statement.

``selectors.service_search`` builds the same search with the ORM (for the API and the
casework providers). On 50,000 services the database answers in well under a millisecond,
and compiling the ORM query took several times that; this module builds the statement
from a handful of fixed fragments, so the statement text depends only on which filters
are present (SQLite's statement cache re-uses the compiled statement; PostgreSQL plans it
for the actual values each time, see ``execute``).

Every value is a parameter; the table names are fixed (``TABLES``, checked against the
models). The result is the
requested page of ``(id, distance_km2)``; the total number of matches comes from the page
when it is the last one, else from a count that stops at 1,000. ``tests/test_search_sql.py``
checks that it returns exactly what the ORM path returns, in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from .models import Kind, OpeningSlot, Service
from .models.hsds import Attribute, Language, TaxonomyTerm
from .search import (
    FTS_TABLE,
    KM_PER_DEGREE_LAT,
    RTREE_TABLE,
    bounding_box,
    cells_covering,
    cells_tsquery,
    fts_sql,
    km_per_degree_lon,
)

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
    located_only: bool = False,
    count_cap: int | None = None,
    ids_only: bool = False,
    spatial_index: bool = True,
) -> Statement:
    """The statement for ``query`` (a ``selectors.SearchQuery``): a page of ``columns`` and
    ``distance_km2``, or with ``count_cap`` the number of matches, counted up to the cap plus
    one (so a broad query never counts all rows), or with ``ids_only`` the keys of all
    matches, unordered (the ORM path's subquery).

    Near a point the spatial index narrows first (``spatial_index=False``: without it, for
    the tests that compare): on SQLite the statement is driven by the R*Tree, and the words
    are checked on its keys before a service row is read; on PostgreSQL the full-text scan
    takes the grid cells around the point as well, so the GIN index returns only the
    documents with the words in those cells. Either way the exact box and distance follow."""
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
    tables = "socialmap_service s"
    box: tuple[float, float, float, float] | None = None
    if query.latitude is not None and query.longitude is not None:
        radius = min(max(query.radius_km, 0.1), MAX_RADIUS_KM)
        box = bounding_box(query.latitude, query.longitude, radius)
    rtree = spatial_index and box is not None and connection.vendor == "sqlite"
    if rtree and box is not None:
        # The R*Tree drives (CROSS JOIN keeps it the outer loop); its boxes are rounded
        # outwards to 32-bit floats, the exact box and distance follow on the service.
        south, north, west, east = box
        tables = f"{RTREE_TABLE} r CROSS JOIN socialmap_service s"
        where.insert(0, "s.id = r.id")
        where.insert(
            0, "r.min_lat <= %s AND r.max_lat >= %s AND r.min_lon <= %s AND r.max_lon >= %s"
        )
        params[:0] = [north, south, east, west]
    if query.text.strip():
        text = fts_sql(query.text)
        if text is None:
            return Statement("", [], empty=True)
        text_sql, text_params = text
        if spatial_index and box is not None and connection.vendor == "postgresql":
            text_sql += " AND document @@ %s::tsquery"
            text_params = [*text_params, cells_tsquery(cells_covering(*box))]
        # On SQLite with the R*Tree, checked on the R*Tree's key before the row is read.
        where.append(f"{'+r' if rtree else 's'}.id IN ({text_sql})")
        params += text_params
    distance = "NULL"
    distance_params: list = []
    if box is not None and query.latitude is not None and query.longitude is not None:
        lat0, lon0 = query.latitude, query.longitude
        south, north, west, east = box
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
    if ids_only:
        return Statement(f"SELECT s.id FROM {tables} WHERE {' AND '.join(where)}", params)  # noqa: S608 - fixed fragments, values are parameters
    if count_cap is not None:
        sql = (
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {tables}"  # noqa: S608 - fixed fragments, values are parameters
            f" WHERE {' AND '.join(where)} LIMIT %s) matches"
        )
        return Statement(sql, params + [count_cap + 1])
    sql = (
        f"SELECT {columns}, {distance} AS distance_km2"  # noqa: S608 - fixed fragments, values are parameters
        f" FROM {tables} WHERE {' AND '.join(where)}"
        f" ORDER BY {', '.join(order)} LIMIT %s OFFSET %s"
    )
    return Statement(sql, distance_params + params + [limit, offset])


def execute(statement: Statement) -> list[tuple]:
    """Run it. On PostgreSQL with server-side binding but never as a prepared statement:
    after five runs PostgreSQL may switch a prepared statement to a generic plan, which
    cannot see how few rows a word matches (p95 10 ms instead of 1 ms on 50,000 services);
    planning each time costs about 0.3 ms."""
    if statement.empty:
        return []
    if connection.vendor == "postgresql":
        import psycopg

        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(statement.sql, statement.params, prepare=False)
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
            located_only=True,
        )
    )
    to_python = Service._meta.get_field("public_id").to_python
    return [(to_python(r[0]), r[1], r[2], r[3], r[4]) for r in rows]


COUNT_CAP = 1000


class SearchResults:
    """The matches of a query as a sequence for ``django.core.paginator.Paginator``.

    A page is one statement. The total comes free when the first page is not full (most
    searches with words); otherwise one count statement, which stops at ``count_cap``
    (``capped`` is then True and the page says "1000+ results")."""

    def __init__(
        self,
        query,
        *,
        municipality_id: int,
        published_only: bool,
        page_size: int,
        count_cap: int | None = None,
    ):
        self.query = query
        self.municipality_id = municipality_id
        self.published_only = published_only
        self.page_size = page_size
        self.count_cap = COUNT_CAP if count_cap is None else count_cap
        self.capped = False
        self._total: int | None = None
        self._pages: dict[int, tuple[int, list[tuple[int, float | None]]]] = {}

    def _statement(self, **kwargs) -> Statement:
        return build(
            self.query,
            municipality_id=self.municipality_id,
            published_only=self.published_only,
            **kwargs,
        )

    def _fetch(self, offset: int, limit: int) -> list[tuple[int, float | None]]:
        cached = self._pages.get(offset)
        if cached is not None and (cached[0] >= limit or len(cached[1]) < cached[0]):
            return cached[1][:limit]
        rows = [(r[0], r[1]) for r in execute(self._statement(limit=limit, offset=offset))]
        if len(rows) < limit and (rows or offset == 0) and self._total is None:
            self._total = offset + len(rows)  # the last page: the total is known
        self._pages[offset] = (limit, rows)
        return rows

    def prime(self, page_number: int) -> None:
        """Fetch this page (1-based) first: often it tells the total too."""
        self._fetch(max(page_number - 1, 0) * self.page_size, self.page_size)

    def count(self) -> int:
        if self._total is None:
            rows = execute(self._statement(count_cap=self.count_cap))
            found = rows[0][0] if rows else 0
            self.capped = found > self.count_cap
            self._total = min(found, self.count_cap)
        return self._total

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


MAX_PAGE = 100_000  # beyond any result list; a larger number overflowed the SQL offset


def page_number(value) -> int:
    try:
        return min(max(int(value), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


__all__ = ["FTS_TABLE", "SearchResults", "Statement", "build", "execute", "page_number"]

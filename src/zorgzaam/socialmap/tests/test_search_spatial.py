"""The search's spatial index (migration 0008; issue #23): the same results with and without
it, and kept in sync when services are created, moved, deleted and imported. Runs on SQLite
(R*Tree kept by triggers) and on PostgreSQL (grid cells in the full-text document)."""

from __future__ import annotations

import random
import uuid

import pytest
from django.db import connection

from zorgzaam.socialmap import search_sql
from zorgzaam.socialmap.models import Kind, Service
from zorgzaam.socialmap.search import (
    FTS_TABLE,
    RTREE_TABLE,
    bounding_box,
    cell_lexemes,
    cells_covering,
    service_reindex,
)
from zorgzaam.socialmap.selectors import SearchQuery, service_search

from .helpers import hsds_service, hsds_term, load

pytestmark = pytest.mark.django_db

CENTRE = (52.045, 4.73)
WORDS = ["koffie", "wandelgroep", "moestuin", "taalcafé", "klussen", "breiclub"]
TERM = hsds_term("Ontmoeten", "ontmoeten")


@pytest.fixture
def spread(world):
    """40 services around the centre, some on the grid's cell borders."""
    rng = random.Random(11)
    services, kinds = [], {}
    for i in range(40):
        if i < 6:  # exactly on cell borders of the finest level
            lat, lon = 0.05 * (1041 + i % 2), 0.08 * (59 + i % 3)
        else:
            lat = CENTRE[0] + rng.uniform(-0.3, 0.3)
            lon = CENTRE[1] + rng.uniform(-0.45, 0.45)
        name = f"{rng.choice(WORDS).capitalize()} {i}"
        services.append(
            hsds_service(
                name,
                lat=lat,
                lon=lon,
                description=f"Samen {rng.choice(WORDS)} in het dorp.",
                byday=rng.choice(["", "MO", "TU,TH"]),
                term=rng.choice([None, TERM]),
            )
        )
        kinds[name] = rng.choice(list(Kind.values))
    return load(world.municipality, services, kinds=kinds)


def _page(m, query, *, spatial_index: bool) -> list[tuple]:
    statement = search_sql.build(
        query,
        municipality_id=m.pk,
        published_only=True,
        limit=1000,
        spatial_index=spatial_index,
    )
    return [
        (pk, round(d2, 9) if d2 is not None else None) for pk, d2 in search_sql.execute(statement)
    ]


def _count(m, query, *, spatial_index: bool) -> int:
    statement = search_sql.build(
        query,
        municipality_id=m.pk,
        published_only=True,
        count_cap=1000,
        spatial_index=spatial_index,
    )
    return search_sql.execute(statement)[0][0]


def _queries():
    points = [CENTRE, (0.05 * 1041, 0.08 * 59), (52.3, 4.2)]
    for text in ["", "koffie", "wandel", "moestuin breiclub", "taalcafe"]:
        for lat, lon in points:
            for radius in (0.1, 1.0, 5.0, 12.0, 25.0, 50.0):
                yield SearchQuery(text=text, latitude=lat, longitude=lon, radius_km=radius)
    yield SearchQuery(
        text="koffie",
        latitude=CENTRE[0],
        longitude=CENTRE[1],
        radius_km=15.0,
        taxonomy_term=uuid.UUID(TERM["id"]),
        informal_first=False,
    )


def test_same_results_with_and_without_the_spatial_index(spread):
    m = spread[0].municipality
    nonempty = 0
    for query in _queries():
        plain = _page(m, query, spatial_index=False)
        assert _page(m, query, spatial_index=True) == plain, query
        assert _count(m, query, spatial_index=True) == _count(m, query, spatial_index=False)
        orm = [
            (s.pk, round(s.distance_km2, 9)) for s in service_search(municipality=m, query=query)
        ]
        assert [pk for pk, _ in orm] == [pk for pk, _ in plain], query
        for (_, a), (_, b) in zip(orm, plain, strict=True):
            assert a == pytest.approx(b, abs=1e-6)
        nonempty += bool(plain)
    assert nonempty > 30  # the queries do find things


def test_statement_uses_the_spatial_index():
    query = SearchQuery(text="koffie", latitude=CENTRE[0], longitude=CENTRE[1], radius_km=5)
    sql = search_sql.build(query, municipality_id=1, published_only=True).sql
    plain = search_sql.build(query, municipality_id=1, published_only=True, spatial_index=False)
    if connection.vendor == "sqlite":
        assert RTREE_TABLE in sql and RTREE_TABLE not in plain.sql
    else:
        assert "::tsquery" in sql and "::tsquery" not in plain.sql


def test_cover_holds_every_point_in_the_box():
    rng = random.Random(5)
    for _ in range(300):
        lat, lon = rng.uniform(50.5, 53.7), rng.uniform(3.2, 7.3)
        radius = rng.choice([0.1, 2.0, 10.0, 30.0, 50.0])
        south, north, west, east = bounding_box(lat, lon, radius)
        cover = set(cells_covering(south, north, west, east))
        for p_lat, p_lon in [
            (south, west),
            (north, east),
            (lat, lon),
            (rng.uniform(south, north), rng.uniform(west, east)),
        ]:
            assert cover & set(cell_lexemes(p_lat, p_lon))
    assert cell_lexemes(None, 4.7) == [] and cell_lexemes(95.0, 4.7) == []


def _indexed(service_pk) -> set | None:
    """What the spatial index holds for a service: SQLite its R*Tree point (rounded to the
    index's 32-bit floats), PostgreSQL the cell tokens of its document."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT min_lat, max_lat, min_lon, max_lon FROM {RTREE_TABLE} WHERE id = %s",  # noqa: S608 - a constant name
                [service_pk],
            )
            row = cursor.fetchone()
            return None if row is None else {row}
        cursor.execute(
            f"SELECT tsvector_to_array(document) FROM {FTS_TABLE} WHERE service_id = %s",  # noqa: S608 - a constant name
            [service_pk],
        )
        row = cursor.fetchone()
        return None if row is None else {w for w in row[0] if w.startswith("~")}


def _holds(service_pk, lat, lon) -> bool:
    found = _indexed(service_pk)
    if connection.vendor == "sqlite":
        if not found:
            return False
        ((min_lat, max_lat, min_lon, max_lon),) = found
        return min_lat <= lat <= max_lat and min_lon <= lon <= max_lon and max_lat - min_lat < 1e-5
    return found == set(cell_lexemes(lat, lon))


def _near(m, lat, lon, text="kapsalon"):
    query = SearchQuery(text=text, latitude=lat, longitude=lon, radius_km=2.0)
    page = [
        pk
        for pk, _ in search_sql.execute(
            search_sql.build(query, municipality_id=m.pk, published_only=True)
        )
    ]
    assert page == [s.pk for s in service_search(municipality=m, query=query)]
    return page


def test_index_follows_create_move_import_and_delete(world):
    m = world.municipality
    obj = hsds_service("Kapsalon aan huis", lat=52.01, lon=4.70)
    (service,) = load(m, [obj])
    assert _holds(service.pk, 52.01, 4.70)
    assert _near(m, 52.01, 4.70) == [service.pk]

    # Re-import with the location moved 30 km: the index moves with it.
    obj["service_at_locations"][0]["location"].update(latitude=52.28, longitude=4.71)
    load(m, [obj])
    assert _holds(service.pk, 52.28, 4.71)
    assert _near(m, 52.28, 4.71) == [service.pk]
    assert _near(m, 52.01, 4.70) == []

    # The point written by the service layer's reindex (any write path) is the one indexed.
    Service.objects.filter(pk=service.pk).update(latitude=None, longitude=None)
    service_reindex([service.pk])
    assert _holds(service.pk, 52.28, 4.71)

    # Deleted: gone from the index (SQLite) and from every search.
    Service.objects.filter(pk=service.pk).delete()
    if connection.vendor == "sqlite":
        assert _indexed(service.pk) is None
    assert _near(m, 52.28, 4.71) == []


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_rtree_triggers_follow_every_write_of_the_point(world):
    """Writes that bypass the service layer (bulk updates, raw SQL) keep the R*Tree too; a
    later migration that rebuilds socialmap_service must create the triggers again."""
    m = world.municipality
    service = Service.objects.create(municipality=m, name="Los", latitude=52.1, longitude=4.8)
    assert _holds(service.pk, 52.1, 4.8)
    Service.objects.filter(pk=service.pk).update(latitude=52.2)
    assert _holds(service.pk, 52.2, 4.8)
    Service.objects.filter(pk=service.pk).update(longitude=None)
    assert _indexed(service.pk) is None
    Service.objects.filter(pk=service.pk).update(longitude=4.9)
    assert _holds(service.pk, 52.2, 4.9)
    Service.objects.bulk_create(
        [Service(municipality=m, name=f"B{i}", latitude=51.0 + i, longitude=5.0) for i in range(3)]
    )
    for s in Service.objects.filter(name__startswith="B"):
        assert _holds(s.pk, s.latitude, s.longitude)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            ["socialmap_service"],
        )
        triggers = {row[0] for row in cursor.fetchall()}
    assert {f"{RTREE_TABLE}_insert", f"{RTREE_TABLE}_update", f"{RTREE_TABLE}_delete"} <= triggers

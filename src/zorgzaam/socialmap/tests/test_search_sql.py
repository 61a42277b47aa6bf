"""The search page's hand-written statement (search_sql) returns exactly what the ORM search
(selectors.service_search) returns, in the same order, with the same distances and totals."""

from __future__ import annotations

import random

import pytest
from django.core.paginator import Paginator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zorgzaam.socialmap import search_sql
from zorgzaam.socialmap.models import Kind, Service
from zorgzaam.socialmap.selectors import SearchQuery, service_search, service_search_results
from zorgzaam.tenancy.models import Area

from .helpers import hsds_service, hsds_term, load

pytestmark = pytest.mark.django_db

CENTRE = (52.045, 4.73)
WORDS = ["koffie", "wandelgroep", "moestuin", "taalcafé", "klussen", "breiclub", "fysiotherapie"]
TERMS = [hsds_term("Ontmoeten", "ontmoeten"), hsds_term("Eten", "eten")]


@pytest.fixture
def many(world):
    rng = random.Random(3)
    services = []
    names = {}
    for i in range(45):
        opens, closes = rng.choice([("09:00", "12:00"), ("13:30", "17:00"), ("09:00", "17:00")])
        name = f"{rng.choice(WORDS).capitalize()} {rng.choice(['Noord', 'Zuid', 'Oost'])} {i}"
        services.append(
            hsds_service(
                name,
                lat=CENTRE[0] + rng.uniform(-0.15, 0.15),
                lon=CENTRE[1] + rng.uniform(-0.2, 0.2),
                description=f"Samen {rng.choice(WORDS)} in het dorp.",
                byday=rng.choice(["", "MO", "TU,TH", "FR,SA"]),
                opens=opens,
                closes=closes,
                cost=rng.choice([None, 0, 12.5]),
                accessible=rng.random() < 0.4,
                languages=rng.choice([("nl",), ("nl", "ar"), ("en",)]),
                term=rng.choice([None, *TERMS]),
            )
        )
        names[name] = rng.choice(list(Kind.values))
    loaded = load(world.municipality, services, kinds=names)
    # A few unpublished / inactive ones, and duplicate names (ties broken by id).
    Service.objects.filter(pk__in=[s.pk for s in loaded[:4]]).update(published=False)
    Service.objects.filter(pk__in=[s.pk for s in loaded[4:6]]).update(status="inactive")
    Service.objects.filter(pk__in=[s.pk for s in loaded[6:9]]).update(name="Zelfde naam")
    return loaded


def _orm(m, query, actor=None):
    return [
        (s.pk, getattr(s, "distance_km2", None))
        for s in service_search(municipality=m, query=query, actor=actor)
    ]


def _sql(m, query, actor=None, page_size=20):
    results = service_search_results(municipality=m, query=query, actor=actor, page_size=page_size)
    found = []
    for start in range(0, results.count(), page_size):
        found += [(s.pk, s.distance_km2) for s in results[start : start + page_size]]
    return found, results.count()


def _same(a, b):
    assert [pk for pk, _ in a] == [pk for pk, _ in b]
    for (_, da), (_, db) in zip(a, b, strict=True):
        assert (da is None) == (db is None)
        if da is not None:
            assert da == pytest.approx(db, rel=1e-9, abs=1e-9)


queries = st.builds(
    SearchQuery,
    text=st.sampled_from(["", "", "koffie", "wandel", "moestuinen", "taalcafe", "xyzzy", "!!"]),
    latitude=st.one_of(st.none(), st.floats(51.9, 52.2)),
    longitude=st.floats(4.5, 4.95),
    radius_km=st.sampled_from([0.05, 2.0, 5.0, 10.0, 80.0]),
    kinds=st.sampled_from([(), (Kind.INFORMAL,), (Kind.FORMAL, Kind.WELFARE), ("bogus",)]),
    informal_first=st.booleans(),
    open_weekday=st.one_of(st.none(), st.integers(0, 6)),
    open_minute=st.one_of(st.none(), st.sampled_from([540, 600, 800, 1000])),
    language=st.sampled_from(["", "ar", "en", "nl"]),
    free=st.booleans(),
    accessible=st.booleans(),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(query=queries, page_size=st.sampled_from([1, 7, 20]))
def test_same_answers_as_the_orm_search(world, many, query, page_size):
    m = world.municipality
    found, total = _sql(m, query, page_size=page_size)
    expected = _orm(m, query)
    _same(found, expected)
    assert total == len(expected)


def test_taxonomy_area_and_editors(world, many):
    from zorgzaam.socialmap.models.hsds import TaxonomyTerm

    m = world.municipality
    for term in TaxonomyTerm.objects.filter(municipality=m):
        query = SearchQuery(taxonomy_term=term.public_id, latitude=CENTRE[0], longitude=CENTRE[1])
        _same(_sql(m, query)[0], _orm(m, query))
        assert _orm(m, query)
    for area in Area.objects.filter(municipality=m):
        query = SearchQuery(area=area.public_id)
        _same(_sql(m, query)[0], _orm(m, query))
    coordinator = world.users["hub_coordinator"]
    everything = _sql(m, SearchQuery(), actor=coordinator)[0]
    _same(everything, _orm(m, SearchQuery(), actor=coordinator))
    public = _sql(m, SearchQuery())[0]
    assert len(everything) == len(public) + 4  # the unpublished ones, for editors only
    # another municipality's user is the public there
    other = world.other_professional
    _same(_sql(m, SearchQuery(), actor=other)[0], public)


def test_statements_per_page_and_paginator(world, many, monkeypatch):
    m = world.municipality
    calls = []
    real = search_sql.execute
    monkeypatch.setattr(search_sql, "execute", lambda st: calls.append(st.sql) or real(st))
    total = len(_orm(m, SearchQuery()))
    # a full page: the page and a count
    results = service_search_results(municipality=m, query=SearchQuery(), page_size=10)
    results.prime(2)
    page = Paginator(results, 10).get_page(2)
    assert page.number == 2 and len(page) == 10 and page.paginator.count == total
    assert len(calls) == 2 and "COUNT(*)" in calls[1] and not results.capped
    # the last page tells the total itself: one statement
    calls.clear()
    results = service_search_results(municipality=m, query=SearchQuery(), page_size=10)
    last_number = (total + 9) // 10
    results.prime(last_number)
    page = Paginator(results, 10).get_page(last_number)
    assert page.paginator.count == total and len(calls) == 1
    assert not page.has_next() and 1 <= len(page) <= 10
    # out of range and nonsense page numbers
    assert Paginator(results, 10).get_page(999).number == last_number
    assert Paginator(results, 10).get_page("x").number == 1


def test_count_stops_at_the_cap(world, many):
    m = world.municipality
    results = service_search_results(municipality=m, query=SearchQuery(), page_size=5)
    results.count_cap = 12
    results.prime(1)
    paginator = Paginator(results, 5)
    assert paginator.count == 12 and results.capped and paginator.num_pages == 3


def test_search_page_says_more_than_when_capped(client, world, many, monkeypatch):
    monkeypatch.setattr(search_sql, "COUNT_CAP", 12)
    body = client.get(f"/map/?gemeente={world.municipality.code}").content.decode()
    assert "Meer dan 12 resultaten" in body


def test_tables_named_in_the_statement_are_the_models_tables():
    for model, table in search_sql.TABLES.items():
        assert model._meta.db_table == table
    assert Area._meta.db_table == "tenancy_area"


def test_no_usable_words_or_kinds_match_nothing(world, many):
    m = world.municipality
    assert _sql(m, SearchQuery(text="!!"))[1] == 0
    assert _sql(m, SearchQuery(kinds=("bogus",)))[1] == 0
    assert search_sql.page_number("3") == 3 and search_sql.page_number("-1") == 1


def test_markers_are_the_located_matches_in_order(world, many):
    from zorgzaam.socialmap.selectors import service_search_markers

    m = world.municipality
    Service.objects.filter(pk=many[10].pk).update(latitude=None, longitude=None)
    for query in (SearchQuery(), SearchQuery(text="koffie", informal_first=False)):
        expected = [
            (s.public_id, s.name, s.kind, s.latitude, s.longitude)
            for s in service_search(municipality=m, query=query).filter(latitude__isnull=False)
        ]
        assert service_search_markers(municipality=m, query=query) == expected
    assert len(service_search_markers(municipality=m, query=SearchQuery(), limit=3)) == 3


def test_search_form_facets(world, many, django_capture_on_commit_callbacks):
    from zorgzaam.socialmap.selectors import (
        languages_in_use,
        municipalities_with_map,
        search_facets,
        terms_in_use,
    )

    m = world.municipality
    assert {code for code, _ in languages_in_use(m)} == {"nl", "ar", "en"}
    assert {t.code for t in terms_in_use(m)} == {"ontmoeten", "eten"}
    assert list(municipalities_with_map()) == [m]
    # the cached language list is forgotten when a service is written
    facets = search_facets(m)
    assert {code for code, _ in facets.languages} == {"nl", "ar", "en"}
    assert {name for _, name in facets.terms} == {"Ontmoeten", "Eten"}
    assert [name for _, name in facets.areas] == sorted(a.name for a in m.areas.all())
    # the cached choices are forgotten when a service is written or a village changes
    with django_capture_on_commit_callbacks(execute=True):
        load(m, [hsds_service("Turks koffiehuis", languages=("tr",))])
    assert "tr" in {code for code, _ in search_facets(m).languages}
    Area.objects.create(municipality=m, code="WP9999", name="Aaa-nieuw dorp", kind="village")
    assert search_facets(m).areas[0][1] == "Aaa-nieuw dorp"


def test_postgresql_full_text_index_has_no_pending_list():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL index option")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = %s", ["socialmap_service_fts_gin"]
        )
        assert "fastupdate=off" in cursor.fetchone()[0]


def test_large_reindex_fills_the_index_in_bulk_and_switches_the_pending_list_off(
    world, many, monkeypatch
):
    from django.db import connection

    from zorgzaam.socialmap import search

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL index option")
    monkeypatch.setattr(search, "BULK_FULL_TEXT", 5)
    seen = []
    real = search._gin_pending_list
    monkeypatch.setattr(search, "_gin_pending_list", lambda *, on: seen.append(on) or real(on=on))
    before = _orm(world.municipality, SearchQuery(text="koffie"))
    search.service_reindex([s.pk for s in many])
    assert seen == [True, False]
    assert _orm(world.municipality, SearchQuery(text="koffie")) == before and before
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = %s", ["socialmap_service_fts_gin"]
        )
        assert "fastupdate=off" in cursor.fetchone()[0]

"""The bulk paths of the HSDS loader: whole-table id reads, chunked writes, raw inserts, and
the fast schema check agreeing with jsonschema."""

from __future__ import annotations

import pytest

from zorgzaam.common.errors import ImportRejected
from zorgzaam.common.testing import MunicipalityFactory
from zorgzaam.socialmap.hsds import loader, schemas
from zorgzaam.socialmap.hsds.exporter import Snapshot
from zorgzaam.socialmap.hsds.reader import read_path
from zorgzaam.socialmap.models import ItemVersion, Service
from zorgzaam.socialmap.services import hsds_import


@pytest.fixture
def tiny_chunks(monkeypatch):
    """Every lookup reads whole tables, every write is split: the paths large imports take."""
    monkeypatch.setattr(loader, "WHOLE_TABLE", 0)
    monkeypatch.setattr(loader, "WRITE_CHUNK", 2)
    monkeypatch.setattr(loader, "ID_CHUNK", 2)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["service_full.json", "organization_full.json", "csv"])
def test_large_import_paths_give_the_same_rows(shared_dir, tiny_chunks, monkeypatch, name):
    source = shared_dir / "hsds" / "examples" / name
    municipality = MunicipalityFactory()
    hsds_import(path=source, municipality=municipality)
    first = Snapshot(municipality).rows
    again = hsds_import(path=source, municipality=municipality)
    assert sum(again.created.values()) == 0
    assert Snapshot(municipality).rows == first
    # Another municipality may not take these ids, through the whole-table path ...
    with pytest.raises(ImportRejected) as whole:
        hsds_import(path=source, municipality=MunicipalityFactory())
    # ... nor through the chunked IN path; both name every record.
    monkeypatch.setattr(loader, "WHOLE_TABLE", 10**9)
    with pytest.raises(ImportRejected) as chunked:
        hsds_import(path=source, municipality=MunicipalityFactory())
    taken = [p for p in whole.value.problems if "used by another municipality" in p[1]]
    assert len(taken) == read_path(source).count()
    assert sorted(whole.value.problems) == sorted(chunked.value.problems)


@pytest.mark.django_db
def test_progress_reaches_the_total(shared_dir, tiny_chunks):
    source = shared_dir / "hsds" / "examples" / "service_full.json"
    seen = []
    hsds_import(
        path=source,
        municipality=MunicipalityFactory(),
        progress=lambda table, done, total: seen.append((done, total)),
    )
    total = read_path(source).count()
    assert seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


@pytest.mark.django_db
def test_bulk_insert_fills_defaults_per_row():
    municipality = MunicipalityFactory()
    service = Service.objects.create(municipality=municipality, name="X", status="active")
    loader.bulk_insert(
        ItemVersion,
        [
            {
                "municipality_id": municipality.pk,
                "table": "service",
                "item_id": service.public_id,
                "number": n,
                "source": "import",
                "changed_fields": ["name"],
                "snapshot": {"name": "X", "n": n},
            }
            for n in (1, 2, 3)
        ],
    )
    versions = list(ItemVersion.objects.filter(item_id=service.public_id).order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert len({v.public_id for v in versions}) == 3  # a new public_id for each row
    assert versions[0].changed_fields == ["name"] and versions[2].snapshot == {"name": "X", "n": 3}
    assert all(v.created_at is not None and v.actor_id is None for v in versions)


def test_fast_schema_check_agrees_with_jsonschema(shared_dir):
    import json

    good = json.loads((shared_dir / "hsds/examples/service_full.json").read_text())
    bad = {**good, "status": "open", "id": "not-a-uuid", "email": "nope"}
    for instance, valid in ((good, True), (bad, False)):
        assert schemas.fast_validator("service").is_valid(instance) is valid
        assert (schemas.errors("service", instance) == []) is valid
    # Where the fast validator is stricter (a full e-mail syntax), jsonschema decides.
    lenient = {**good, "email": "a b@c"}
    assert not schemas.fast_validator("service").is_valid(lenient)
    assert schemas.errors("service", lenient) == []


@pytest.mark.django_db
def test_a_large_load_renews_the_planner_statistics_inside_the_import(shared_dir, monkeypatch):
    """PostgreSQL: the tables a large load wrote are analysed in the import's transaction, so
    the foreign-key checks at COMMIT and the reindex are planned for the new size."""
    from django.db import connection

    source = shared_dir / "hsds" / "examples" / "service_full.json"
    seen: list[list[str]] = []
    real = loader.refresh_statistics
    monkeypatch.setattr(loader, "ANALYZE_FROM", 1)
    monkeypatch.setattr(
        "zorgzaam.socialmap.services.refresh_statistics",
        lambda result: seen.append(real(result)) or seen[-1],
    )
    municipality = MunicipalityFactory()
    hsds_import(path=source, municipality=municipality)
    if connection.vendor != "postgresql":
        assert seen == [[]]
        return
    assert "socialmap_service" in seen[0] and "socialmap_location" in seen[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'socialmap_service'")
        # ANALYZE counted the import's own, not yet committed rows.
        assert cursor.fetchone()[0] == Service.objects.count() > 0
    monkeypatch.setattr(loader, "ANALYZE_FROM", 10**9)
    seen.clear()
    hsds_import(path=source, municipality=municipality)
    assert seen == [[]]


@pytest.mark.django_db
def test_a_re_import_writes_what_changed_and_leaves_the_rest(shared_dir, tmp_path):
    """Both databases: a changed name and phone number arrive (and the search finds the new
    name); on PostgreSQL unchanged rows are not rewritten, so their updated_at stays."""
    import json

    from zorgzaam.socialmap.models import Phone
    from zorgzaam.socialmap.selectors import SearchQuery, service_search

    source = json.loads((shared_dir / "hsds" / "examples" / "service_full.json").read_text())
    municipality = MunicipalityFactory()
    hsds_import(
        path=shared_dir / "hsds" / "examples" / "service_full.json", municipality=municipality
    )
    service = Service.objects.get(municipality=municipality)
    organization_stamp = service.organization.updated_at
    source["name"] = "Koffieochtend Zwammerdam"
    number = source["phones"][0]["number"]  # the same phone is nested in several places
    changed = tmp_path / "service_full.json"
    changed.write_text(json.dumps(source).replace(json.dumps(number), '"+31 172 123 456"'))
    again = hsds_import(path=changed, municipality=municipality)
    assert sum(again.created.values()) == 0
    service.refresh_from_db()
    assert service.name == "Koffieochtend Zwammerdam"
    assert Phone.objects.get(public_id=source["phones"][0]["id"]).number == "+31 172 123 456"
    found = service_search(municipality=municipality, query=SearchQuery(text="zwammerdam"))
    assert [s.pk for s in found] == [service.pk]
    from django.db import connection

    if connection.vendor == "postgresql":
        service.organization.refresh_from_db()
        assert service.organization.updated_at == organization_stamp

"""A spatial index for the search (issue #23), so a search near a point narrows on an index
before the text is ranked.

* SQLite: an R*Tree (``socialmap_service_rtree``: the service's key and its point as a
  degenerate box) filled from the services and kept by triggers on ``socialmap_service``, so
  every write of a service's point keeps it (the import's bulk writes, the forms, the demo,
  deletes and cascades). A migration that rebuilds ``socialmap_service`` (SQLite's way of
  altering a column) drops the triggers with the old table: it must create them again
  (``tests/test_search_spatial.py`` fails when they are gone).
* PostgreSQL: grid-cell tokens in the full-text document (``search.cell_lexemes``), written
  by ``search.service_reindex`` with the words; the GIN index then intersects words and cells.
  This migration adds the tokens to the documents already stored. A B-tree on the point
  already served searches without words.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE socialmap_service_rtree"
    " USING rtree(id, min_lat, max_lat, min_lon, max_lon)",
    "INSERT INTO socialmap_service_rtree (id, min_lat, max_lat, min_lon, max_lon)"
    " SELECT id, latitude, latitude, longitude, longitude FROM socialmap_service"
    " WHERE latitude IS NOT NULL AND longitude IS NOT NULL",
    "CREATE TRIGGER socialmap_service_rtree_insert AFTER INSERT ON socialmap_service"
    " WHEN NEW.latitude IS NOT NULL AND NEW.longitude IS NOT NULL BEGIN"
    " INSERT OR REPLACE INTO socialmap_service_rtree (id, min_lat, max_lat, min_lon, max_lon)"
    " VALUES (NEW.id, NEW.latitude, NEW.latitude, NEW.longitude, NEW.longitude); END",
    "CREATE TRIGGER socialmap_service_rtree_update AFTER UPDATE OF id, latitude, longitude"
    " ON socialmap_service BEGIN"
    " DELETE FROM socialmap_service_rtree WHERE id = OLD.id;"
    " INSERT OR REPLACE INTO socialmap_service_rtree (id, min_lat, max_lat, min_lon, max_lon)"
    " SELECT NEW.id, NEW.latitude, NEW.latitude, NEW.longitude, NEW.longitude"
    " WHERE NEW.latitude IS NOT NULL AND NEW.longitude IS NOT NULL; END",
    "CREATE TRIGGER socialmap_service_rtree_delete AFTER DELETE ON socialmap_service BEGIN"
    " DELETE FROM socialmap_service_rtree WHERE id = OLD.id; END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS socialmap_service_rtree_insert",
    "DROP TRIGGER IF EXISTS socialmap_service_rtree_update",
    "DROP TRIGGER IF EXISTS socialmap_service_rtree_delete",
    "DROP TABLE IF EXISTS socialmap_service_rtree",
]


class VendorRunSQL(migrations.RunSQL):
    """RunSQL on one database vendor only (a no-op on the others)."""

    def __init__(self, vendor: str, *args, **kwargs):
        self.vendor = vendor
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, *args], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def add_cells(apps, schema_editor):
    """PostgreSQL: the grid-cell tokens of the services' points in their stored documents."""
    if schema_editor.connection.vendor != "postgresql":
        return
    from zorgzaam.socialmap.search import cell_lexemes

    Service = apps.get_model("socialmap", "Service")
    rows = Service.objects.filter(latitude__isnull=False, longitude__isnull=False).values_list(
        "id", "latitude", "longitude"
    )
    batch: list[tuple[int, str]] = []

    def flush():
        schema_editor.execute(
            "UPDATE socialmap_service_fts AS f"
            " SET document = f.document || array_to_tsvector(string_to_array(c.cells, ' '))"
            " FROM unnest(%s::bigint[], %s::text[]) AS c(id, cells) WHERE f.service_id = c.id",
            [[pk for pk, _ in batch], [cells for _, cells in batch]],
        )
        batch.clear()

    for pk, lat, lon in rows.iterator(chunk_size=2000):
        batch.append((pk, " ".join(cell_lexemes(lat, lon))))
        if len(batch) >= 2000:
            flush()
    if batch:
        flush()


class Migration(migrations.Migration):
    dependencies = [("socialmap", "0007_hub_location")]
    operations = [
        VendorRunSQL("sqlite", SQLITE_FORWARD, SQLITE_BACKWARD),
        migrations.RunPython(add_cells, migrations.RunPython.noop),
    ]

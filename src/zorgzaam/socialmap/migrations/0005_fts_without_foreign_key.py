"""PostgreSQL: the full-text table must not reference socialmap_service, or flushing the
database (TRUNCATE in transactional tests and `flush`) is refused. Stale rows are harmless:
searches join on the service key and reindexing replaces them."""

from django.db import migrations


def drop_fk(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE socialmap_service_fts "
            "DROP CONSTRAINT IF EXISTS socialmap_service_fts_service_id_fkey"
        )


class Migration(migrations.Migration):
    dependencies = [("socialmap", "0004_search_indexes")]
    operations = [migrations.RunPython(drop_fk, migrations.RunPython.noop)]

"""Full-text index of services: FTS5 on SQLite, tsvector + GIN on PostgreSQL."""

from django.db import migrations


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE TABLE socialmap_service_fts ("
            " service_id bigint PRIMARY KEY REFERENCES socialmap_service(id)"
            " ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,"
            " document tsvector NOT NULL)"
        )
        schema_editor.execute(
            "CREATE INDEX socialmap_service_fts_gin ON socialmap_service_fts USING GIN (document)"
        )
    else:
        schema_editor.execute(
            "CREATE VIRTUAL TABLE socialmap_service_fts USING fts5("
            "document, tokenize = 'unicode61 remove_diacritics 2')"
        )


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS socialmap_service_fts")


class Migration(migrations.Migration):
    dependencies = [("socialmap", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]

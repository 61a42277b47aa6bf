"""PostgreSQL: the full-text GIN index without a pending list (``fastupdate = off``).

With the default, inserted documents wait in an unsorted pending list until VACUUM; every
search then reads that list in full, and after a large import the planner even prefers a
sequential scan of the whole table (20 ms instead of 1 ms for 50,000 services). Writes to the
social map are few and small next to its searches, so each write updates the index itself.
"""

from django.db import migrations


def set_fastupdate(value: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER INDEX socialmap_service_fts_gin SET (fastupdate = {value})"  # noqa: S608 - constant
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("socialmap", "0005_fts_without_foreign_key")]
    operations = [migrations.RunPython(set_fastupdate("off"), set_fastupdate("on"))]

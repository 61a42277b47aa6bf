"""The database itself refuses UPDATE, DELETE (and TRUNCATE) on the audit log."""

from django.db import migrations

from zorgzaam.audit.db import drop_guard, install_guard


def forwards(apps, schema_editor):
    install_guard(schema_editor.connection)


def backwards(apps, schema_editor):
    drop_guard(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

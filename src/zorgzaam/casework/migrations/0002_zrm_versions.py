"""Load the ZRM versions (2017: 13 domains; 2013: 11 domains) as reference data."""

from django.db import migrations


def load(apps, schema_editor):
    from zorgzaam.casework.zrm import load_versions

    load_versions(apps.get_model("casework", "ZrmVersion"), apps.get_model("casework", "ZrmDomain"))


def unload(apps, schema_editor):
    apps.get_model("casework", "ZrmDomain").objects.all().delete()
    apps.get_model("casework", "ZrmVersion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]

"""Upgrade check: a database at a previous release's schema, holding that release's demo
data, is migrated to the current schema; then every row and every field value that still
exists must be unchanged.

    DATABASE_URL=... python tests/releases/upgrade.py 0.1.0

The release folder holds `migrations.json` (each app's last migration in that release) and
`data.json.gz` (`dumpdata` of that release's demo municipality, made by
`scripts/release-fixture.sh`). The data is written with the *historical* models of that
schema (the migration state), not the current ones, so it is exactly what the old code
stored. Field values are compared in `dumpdata`'s own serialisation. A deliberate change of
stored values by a data migration goes in the release's `expected_changes.json`
(`{"app.model": ["field", ...]}`), so it is visible in review. Prints a summary; exit code
1 on any loss.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def same(a, b) -> bool:
    """Equal as dumpdata writes them; '...:59.000Z' and '...:59Z' are the same moment."""
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str):
        from django.utils.dateparse import parse_datetime

        try:
            da, db = parse_datetime(a), parse_datetime(b)
        except ValueError:
            return False
        return da is not None and da == db
    return False


def compare(wanted: dict, current: dict, expected: dict) -> list[str]:
    """What was lost between the old rows (``wanted``) and the current ones, per model label
    and pk: rows gone, fields dropped, values changed (except ``expected`` fields)."""
    problems: list[str] = []
    for label, rows in wanted.items():
        if label not in current:
            problems.append(f"{label}: the model is gone ({len(rows)} rows)")
            continue
        now_rows = current[label]
        allowed = set(expected.get(label, []))
        missing = [pk for pk in rows if pk not in now_rows]
        if missing:
            problems.append(
                f"{label}: {len(missing)} of {len(rows)} rows lost, e.g. pk {missing[0]}"
            )
        changed: dict[str, int] = defaultdict(int)
        examples: dict[str, tuple] = {}
        for pk, fields in rows.items():
            now = now_rows.get(pk)
            if now is None:
                continue
            for name, value in fields.items():
                if name in allowed:
                    continue
                if name not in now:
                    changed[f"{name} (dropped)"] += 1
                elif not same(now[name], value):
                    changed[name] += 1
                    examples.setdefault(name, (pk, value, now[name]))
        for name, count in sorted(changed.items()):
            pk, was, is_now = examples.get(name, (None, None, None))
            detail = f" (e.g. pk {pk}: {str(was)[:60]!r} -> {str(is_now)[:60]!r})" if pk else ""
            problems.append(f"{label}.{name}: {count} of {len(rows)} values changed{detail}")
    return problems


def main(argv: list[str]) -> int:
    release = HERE / argv[0]
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgzaam.conf.test")
    import django

    django.setup()
    from django.core import serializers
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.db.migrations.executor import MigrationExecutor

    targets = [tuple(t) for t in json.loads((release / "migrations.json").read_text())]
    objects = json.loads(gzip.decompress((release / "data.json.gz").read_bytes()))
    expected_path = release / "expected_changes.json"
    expected = json.loads(expected_path.read_text()) if expected_path.exists() else {}

    executor = MigrationExecutor(connection)
    if executor.loader.applied_migrations:
        raise SystemExit("give an empty database")
    executor.migrate(targets)
    old_apps = executor.loader.project_state(targets).apps

    # 1. the old release's data, through the old release's models
    by_model: dict[str, list] = defaultdict(list)
    m2m: list[tuple] = []
    for model in old_apps.get_models():
        for field in model._meta.concrete_fields:  # keep the stored timestamps as they were
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                field.auto_now = field.auto_now_add = False
    for obj in objects:
        model = old_apps.get_model(obj["model"])
        instance = model(pk=obj["pk"])
        for name, value in obj["fields"].items():
            field = model._meta.get_field(name)
            if field.many_to_many:
                m2m.append((model, obj["pk"], name, value))
            elif field.is_relation:
                setattr(instance, field.attname, value)
            else:
                setattr(instance, field.attname, field.to_python(value))
        by_model[obj["model"]].append(instance)
    with transaction.atomic():
        for label, instances in by_model.items():
            # rows the old migrations seeded themselves (ZRM versions, ...) are there already
            old_apps.get_model(label).objects.bulk_create(
                instances, batch_size=500, ignore_conflicts=True
            )
        for model, pk, name, values in m2m:
            getattr(model.objects.get(pk=pk), name).set(values)
        models = [old_apps.get_model(label) for label in by_model]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
    print(f"release {argv[0]}: {len(objects)} objects of {len(by_model)} models loaded")

    # 2. up to the current schema
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    print("migrated to", len(executor.loader.graph.leaf_nodes()), "current leaf migrations")

    # 3. nothing lost: every row, and every field that still exists, as dumpdata writes it
    from django.apps import apps

    wanted: dict[str, dict] = defaultdict(dict)
    for obj in objects:
        wanted[obj["model"]][obj["pk"]] = obj["fields"]
    current: dict[str, dict] = {}
    for label in wanted:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        current[label] = {
            o["pk"]: o["fields"]
            for o in json.loads(serializers.serialize("json", model._base_manager.all()))
        }
    problems = compare(wanted, current, expected)
    print(f"checked {sum(len(r) for r in wanted.values())} rows of {len(wanted)} models")
    for line in problems:
        print("LOSS:", line)
    print("upgrade check:", "FAILED" if problems else "no loss")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["0.1.0"]))

#!/usr/bin/env bash
# Make the upgrade-test fixture of a release: tests/releases/VERSION/{data.json.gz,
# migrations.json}. Checks out the release's tag in a temporary worktree, runs its own
# migrations and demo data on a fresh SQLite file with the project's venv, and writes its
# dumpdata and each app's last migration. Run once when a release is tagged, commit the result.
#   bash scripts/release-fixture.sh 0.1.0
set -euo pipefail
version=${1:?usage: release-fixture.sh VERSION}
root=$(cd "$(dirname "$0")/.." && pwd)
py=$root/.venv/bin/python
out=$root/tests/releases/$version
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$root" worktree add -q --detach "$work/src" "$version"
export PYTHONPATH=$work/src/src DJANGO_SETTINGS_MODULE=zorgzaam.conf.dev \
  DATABASE_URL=sqlite:///$work/release.sqlite3 ZORGZAAM_VAR_DIR=$work/var DEBUG=false
cd "$work/src"
"$py" manage.py migrate -v0
"$py" manage.py demo-data >/dev/null
mkdir -p "$out"
"$py" manage.py dumpdata --exclude contenttypes --exclude auth.permission --exclude sessions \
  | gzip -9 > "$out/data.json.gz"
"$py" - > "$out/migrations.json" <<'PY'
import json
import django
django.setup()
from django.db.migrations.loader import MigrationLoader
print(json.dumps(sorted(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())))
PY
echo "wrote $out"

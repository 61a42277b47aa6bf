#!/usr/bin/env bash
# `make test`: the whole suite. Lint and checks, the tests on SQLite, again on a throw-away
# PostgreSQL on loopback, then the browser tests in Debian's chromium.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
# pytest-django prefers the environment over pyproject: name the test settings explicitly.
export DJANGO_SETTINGS_MODULE=zorgzaam.conf.test
step() { echo; echo "=== $* ==="; }
fail=0

step "system packages"
bash scripts/system-deps.sh || exit 1
step "python environment"
make -s install || exit 1
make -s messages || exit 1
mkdir -p test-artifacts

step "make run (the README's first command): serves the demo, a demo login works, twice"
bash scripts/smoke-run.sh test-artifacts || fail=1

step "lint (ruff, import contracts, mypy)"
.venv/bin/ruff check src tests bench conftest.py || fail=1
.venv/bin/ruff format --check src tests bench conftest.py || fail=1
.venv/bin/lint-imports || fail=1
# types of src/ (pyproject [tool.mypy]); ~12 s CPU on a cold cache, ~1 s warm
.venv/bin/mypy --cache-dir var/mypy-cache src || fail=1

step "django checks"
$PY manage.py makemigrations --check --dry-run -v1 || fail=1
SECRET_KEY=ci-check-deploy-$(date +%s)-with-enough-length-and-entropy-xyzXYZ0123456789 \
  ALLOWED_HOSTS=zorgzaam.example.nl PUBLIC_URL=https://zorgzaam.example.nl FIELD_ENCRYPTION_KEYS=$($PY -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())") \
  DATABASE_URL=sqlite:////tmp/zorgzaam-check-deploy.sqlite3 \
  DJANGO_SETTINGS_MODULE=zorgzaam.conf.production $PY manage.py check --deploy --fail-level WARNING || fail=1

step "tests on SQLite"
$PY -m pytest -m "not e2e" -n 2 -q -p no:cacheprovider || fail=1

step "tests on PostgreSQL"
PGDIR=$(mktemp -d /tmp/zorgzaam-pg.XXXX)
trap 'bash scripts/pg.sh stop "$PGDIR"' EXIT
if URL=$(bash scripts/pg.sh start "$PGDIR"); then
  DATABASE_URL=$URL $PY -m pytest -m "not e2e" -n 2 -q -p no:cacheprovider || fail=1
else
  echo "ERROR: could not start PostgreSQL (see $PGDIR/log)"; cat "$PGDIR"/*.log 2>/dev/null; fail=1
fi

step "browser tests (Playwright, Debian chromium)"
$PY -m pytest -m e2e -q -p no:cacheprovider || fail=1

step "reliability evidence, fast versions (docs/operations.md)"
make -s load-env || fail=1
$PY bench/evidence/load.py --db sqlite --clients 20 --seconds 10 --out test-artifacts/load-sqlite.json || fail=1
$PY bench/evidence/load.py --db postgres --clients 20 --seconds 12 --crash --out test-artifacts/crash-postgres.json || fail=1
$PY bench/evidence/fuzz_api.py --db sqlite --max-examples 10 --seed 20261201 > test-artifacts/fuzz-api.txt 2>&1 || { cat test-artifacts/fuzz-api.txt; fail=1; }
tail -n 40 test-artifacts/fuzz-api.txt | grep -E '^[a-z]+ +exit=' || true

echo
if [ $fail -ne 0 ]; then echo "make test: FAILED"; exit 1; fi
echo "make test: all passed"

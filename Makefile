# Zorgzaam — two commands on a fresh machine:
#   make run    install, migrate, load the demo municipality, serve on http://127.0.0.1:8000
#   make test   the whole suite: lint, SQLite, PostgreSQL (throw-away server), browser tests
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell command -v python3.11 || command -v python3)
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= zorgzaam.conf.dev

.PHONY: run test install messages migrate demo serve totp lint format bench clean load-env evidence

# The venv from the lock (uv, or pip as fallback) and deduce's lookup cache: scripts/install.sh
$(VENV)/.installed: pyproject.toml requirements/lock.txt scripts/install.sh
	@bash scripts/install.sh $(VENV) $(PYTHON)
	@touch $@

install: $(VENV)/.installed

# Each .mo from its .po when the .po is newer (what compilemessages does, without starting
# Django); without gettext the committed .mo files are used.
PO_FILES := $(shell find src -path '*/locale/*/LC_MESSAGES/*.po')
messages: $(PO_FILES:.po=.mo)
%.mo: %.po
	@bash scripts/mo.sh $<

migrate: install
	$(PY) manage.py migrate -v0

# Migrations and the demo in one process (each Django start costs seconds); a no-op but for
# the logins when the demo is already there.
demo: install
	$(PY) manage.py demo-data --seed 1 --if-empty --migrate

serve:
	bash scripts/serve.sh $(HOST) $(PORT)

run: messages demo
	@bash scripts/serve.sh $(HOST) $(PORT)

totp: install
	@$(PY) manage.py demo-totp $(USER)

test:
	bash scripts/test.sh

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

format: install
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

bench: install
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b --quick || exit 1; done

# Reliability evidence (docs/operations.md): load without loss, crash, bad input.
.venv-load/.installed: requirements/load.txt
	@test -x .venv-load/bin/python || $(PYTHON) -m venv .venv-load
	.venv-load/bin/pip install -q --disable-pip-version-check -r requirements/load.txt 2>&1 | grep -v "is ignored" || true
	@touch $@

load-env: .venv-load/.installed

DB ?= sqlite
CLIENTS ?= 50
DURATION ?= 60
evidence: install load-env
	$(PY) bench/evidence/load.py --db $(DB) --clients $(CLIENTS) --seconds $(DURATION)
	$(PY) bench/evidence/load.py --db $(DB) --clients $(CLIENTS) --seconds $(DURATION) --crash
	$(PY) bench/evidence/fuzz_api.py --db $(DB)
	$(PY) bench/evidence/probe.py --db $(DB)

clean:
	rm -rf var test-artifacts .pytest_cache .venv-load

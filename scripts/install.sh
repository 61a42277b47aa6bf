#!/usr/bin/env bash
# `make install`: the virtual environment from requirements/lock.txt (exact versions), the
# project itself (editable), and deduce's lookup cache, built once in the venv
# (<venv>/var/cache/zorgzaam-deduce, the folder the app, the task worker and the tests use)
# in the background.
#
# The packages are installed with uv (pinned below, installed from PyPI into the venv), which
# installs the same locked versions in seconds instead of minutes; if uv cannot be installed
# or fails, pip does the same job. Usage: scripts/install.sh VENV PYTHON
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${1:-.venv}
PYTHON=${2:-python3}
UV_VERSION=${ZORGZAAM_UV_VERSION:-0.13.8}  # ZORGZAAM_UV_VERSION=none: pip only
PY=$VENV/bin/python

quiet() { grep -v -e "is ignored" -e "^$" || true; }

test -x "$PY" || "$PYTHON" -m venv "$VENV"

with_uv() {
  [ "$UV_VERSION" != none ] || return 1
  "$PY" -m pip install -q --disable-pip-version-check "uv==$UV_VERSION" >/dev/null 2>&1 || return 1
  [ "$("$VENV/bin/uv" --version 2>/dev/null | cut -d' ' -f2)" = "$UV_VERSION" ] || return 1
  echo "Installing requirements/lock.txt with uv $UV_VERSION..."
  "$VENV/bin/uv" pip install -q --python "$PY" -r requirements/lock.txt &&
    "$VENV/bin/uv" pip install -q --python "$PY" --no-deps -e .
}

with_pip() {
  echo "Installing requirements/lock.txt with pip (a few minutes)..."
  "$PY" -m pip install -q --disable-pip-version-check -r requirements/lock.txt 2> >(quiet >&2)
  "$PY" -m pip install -q --disable-pip-version-check --no-deps -e . 2> >(quiet >&2)
}

if ! with_uv; then
  echo "uv $UV_VERSION is not available here; installing with pip instead."
  with_pip
fi
"$PY" -c "import zorgzaam, django, deduce"

# deduce's lookup cache, in the folder the app resolves (zorgzaam.stories.deid.engine.
# default_cache_path), built in the background: `make run` migrates and loads most of the
# demo meanwhile, and whatever needs deduce first waits for this build (a lock file) instead
# of building its own. A no-op when the cache is already there.
CACHE_FILE=$(PYTHONPATH=src "$PY" -c "from zorgzaam.stories.deid.engine import cache_file; print(cache_file())")
if [ -f "$CACHE_FILE" ]; then
  echo "deduce's lookup cache is in place (${CACHE_FILE%/cache/*})"
else
  mkdir -p "$(dirname "$CACHE_FILE")"
  LOG=${CACHE_FILE%/cache/*}/build.log
  echo "Building deduce's lookup cache in the background (about a minute; log: $LOG)"
  PYTHONPATH=src nohup "$PY" -c "from zorgzaam.stories.deid import warm_up; warm_up()" \
    >"$LOG" 2>&1 </dev/null &
fi

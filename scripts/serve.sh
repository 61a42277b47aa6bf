#!/usr/bin/env bash
# Serve the demo: the background-task worker plus the web server, both stopped on Ctrl-C.
# `make run` loads the demo and prints its logins first (`make demo` prints them again).
set -euo pipefail
HOST=${1:-127.0.0.1}
PORT=${2:-8000}
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-zorgzaam.conf.dev}
VAR=${ZORGZAAM_VAR_DIR:-var}
mkdir -p "$VAR"
$PY manage.py db_worker --no-reload >"$VAR/worker.log" 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
echo
echo "Zorgzaam serves on http://$HOST:$PORT/  (Ctrl-C stops it; task worker log in $VAR/worker.log)"
$PY manage.py runserver --noreload "$HOST:$PORT"

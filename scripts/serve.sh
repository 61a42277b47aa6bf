#!/usr/bin/env bash
# Serve the demo: the background-task worker plus the web server, both stopped on Ctrl-C.
set -euo pipefail
HOST=${1:-127.0.0.1}
PORT=${2:-8000}
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-zorgzaam.conf.dev}
$PY manage.py db_worker --no-reload >var/worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
echo
$PY manage.py demo-data --if-empty 2>/dev/null | sed -n '/Demo logins/,$p'
echo
echo "Zorgzaam serves on http://$HOST:$PORT/  (Ctrl-C stops it; task worker log in var/worker.log)"
$PY manage.py runserver --noreload "$HOST:$PORT"

#!/usr/bin/env bash
# Update the .po files of every app that has a locale/ folder (msgids in English, nl in .po).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# Optional arguments: app names to limit the run to.
for dir in src/zorgzaam/*/locale; do
  [ -d "$dir" ] || continue
  if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$(basename "$(dirname "$dir")")"; then
    continue
  fi
  app=$(dirname "$dir")
  (cd "$app" && DJANGO_SETTINGS_MODULE=zorgzaam.conf.dev "$ROOT/.venv/bin/django-admin" \
     makemessages -l nl --no-obsolete --no-location --ignore "tests/*" --ignore "migrations/*" -v0)
done

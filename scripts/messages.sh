#!/usr/bin/env bash
# Update the .po files of every app that has a locale/ folder (msgids in English, nl in .po).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
for dir in src/zorgzaam/*/locale src/zorgzaam/conf/locale; do
  [ -d "$dir" ] || continue
  app=$(dirname "$dir")
  (cd "$app" && DJANGO_SETTINGS_MODULE=zorgzaam.conf.dev "$ROOT/.venv/bin/django-admin" \
     makemessages -l nl --no-obsolete --no-location --ignore "tests/*" --ignore "migrations/*" -v0)
done

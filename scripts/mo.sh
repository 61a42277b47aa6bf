#!/usr/bin/env bash
# Compile one .po into its .mo (what compilemessages does), for `make messages`. Keeps the
# committed .mo when only the header would change (msgfmt versions differ in what header
# lines they copy), so a fresh clone stays clean after `make run`. Usage: scripts/mo.sh PO
set -euo pipefail
po=$1
mo=${po%.po}.mo
if ! command -v msgfmt >/dev/null; then
  echo "gettext (msgfmt) not installed: using the committed $mo"
  exit 0
fi
tmp=$(mktemp "${mo}.XXXX")
trap 'rm -f "$tmp"' EXIT
msgfmt --check-format -o "$tmp" "$po"
entries() { msgunfmt "$1" 2>/dev/null | grep -v -e '^"POT-Creation-Date:' -e '^"PO-Revision-Date:'; }
if [ -f "$mo" ] && [ "$(entries "$tmp")" = "$(entries "$mo")" ]; then
  touch "$mo"  # up to date: the same translations
else
  mv "$tmp" "$mo"
fi

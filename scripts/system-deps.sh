#!/usr/bin/env bash
# Make sure the Debian packages the test suite needs are present; install them when we can.
set -euo pipefail
PKGS=(postgresql postgresql-contrib chromium poppler-utils gettext libpango-1.0-0
      libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql postgresql-contrib)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
ldconfig -p 2>/dev/null | grep -q libpango-1.0.so || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || missing+=(libharfbuzz-subset0)
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing missing system packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "ERROR: need these Debian packages and cannot install them (not root or no apt-get):" >&2
  echo "  sudo apt-get install ${PKGS[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || { echo "ERROR: apt-get update failed" >&2; exit 1; }
apt-get install -y -qq "${missing[@]}" >/dev/null || {
  echo "ERROR: apt-get install ${missing[*]} failed" >&2; exit 1; }

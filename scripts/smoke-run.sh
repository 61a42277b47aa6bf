#!/usr/bin/env bash
# The README's first command, as CI step: `make run` on this tree until the home page answers
# and the demo login "bewoner" works over HTTP, then stopped; then `make run` a second time
# (the demo is already there) until it serves again. Fails with the last lines of the log.
#
# Its own data folder (a fresh database, migrated and filled by demo-data) and a free
# loopback port, so it never touches a developer's var/ or a server on port 8000.
# Usage: scripts/smoke-run.sh [LOG_DIR]   (default test-artifacts)
set -uo pipefail
cd "$(dirname "$0")/.."
LOG_DIR=${1:-test-artifacts}
mkdir -p "$LOG_DIR"
FIRST_LIMIT=${SMOKE_FIRST_LIMIT:-900}   # seconds: first start (migrate, demo data, serve)
SECOND_LIMIT=${SMOKE_SECOND_LIMIT:-120} # seconds: second start (nothing to do but serve)
DATA=$(mktemp -d /tmp/zorgzaam-smoke.XXXX)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
pgid=""

stop() {
  [ -n "$pgid" ] || return 0
  kill -TERM -- "-$pgid" 2>/dev/null
  for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$pgid" 2>/dev/null
  pgid=""
}
trap 'stop; rm -rf "$DATA"' EXIT

# One `make run` in a process group of its own; waits until it serves. $1 label, $2 limit.
start() {
  local label=$1 limit=$2 log="$LOG_DIR/make-run-$1.log" t0
  t0=$(date +%s)
  env -u DJANGO_SETTINGS_MODULE ZORGZAAM_VAR_DIR="$DATA" \
    setsid make --no-print-directory run HOST=127.0.0.1 PORT="$PORT" >"$log" 2>&1 </dev/null &
  pgid=$!
  while [ $(($(date +%s) - t0)) -lt "$limit" ]; do
    if ! kill -0 "$pgid" 2>/dev/null; then
      echo "make run ($label) stopped before serving"
      return 1
    fi
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' \
      "$URL/" 2>/dev/null; then
      echo "make run ($label): served $URL/ after $(($(date +%s) - t0)) s"
      return 0
    fi
    sleep 2
  done
  echo "make run ($label) did not serve within $limit s"
  return 1
}

login() {
  python3 - "$URL" <<'PY'
import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request

base = sys.argv[1]
opener = urllib.request.build_opener(
    urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
)
form = opener.open(f"{base}/account/login/", timeout=30).read().decode()
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
if not token:
    sys.exit("login page has no CSRF token")
data = urllib.parse.urlencode(
    {"csrfmiddlewaretoken": token.group(1), "username": "bewoner", "password": "zorgzaam-demo"}
).encode()
request = urllib.request.Request(
    f"{base}/account/login/", data, headers={"Referer": f"{base}/account/login/"}
)
response = opener.open(request, timeout=30)
if "/account/login/" in response.geturl():
    sys.exit("the demo login 'bewoner' did not go through")
print(f"demo login 'bewoner' works (landed on {urllib.parse.urlsplit(response.geturl()).path})")
PY
}

fail=0
if start first "$FIRST_LIMIT" && login; then
  stop
  start second "$SECOND_LIMIT" && login || fail=1
else
  fail=1
fi
if [ $fail -ne 0 ]; then
  for log in "$LOG_DIR"/make-run-*.log; do echo "--- $log (last lines)"; tail -n 25 "$log"; done
fi
stop
exit $fail

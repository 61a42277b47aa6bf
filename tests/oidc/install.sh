#!/usr/bin/env bash
# Installs the test OpenID provider (npm package oidc-provider, exact versions from
# package-lock.json) into tests/oidc/node_modules. Needs Node 20+ and the npm registry.
set -euo pipefail
cd "$(dirname "$0")"
if [ -f node_modules/oidc-provider/package.json ] && \
   [ node_modules/.package-lock.json -nt package-lock.json ]; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error

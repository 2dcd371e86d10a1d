#!/usr/bin/env bash
# Installs what cnibench needs on Debian/Ubuntu: system packages (scripts/packages.txt),
# the npm dependencies, and the build. Idempotent; run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "error: run as root (sudo $0): it installs Debian packages, and the lab needs root" >&2
  exit 2
fi
if ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "error: cnibench needs Node.js >= 20 (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "fix: install Node.js 20 or newer (e.g. from your distribution's backports or nodejs.org), then re-run $0" >&2
  exit 2
fi

pkgs=$(sed -e 's/#.*//' scripts/packages.txt | xargs)
missing=$(for p in $pkgs; do dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || echo "$p"; done | xargs)
if [ -n "$missing" ]; then
  echo "installing Debian packages: $missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Debian starts services on install; cnibench never uses the host's, so keep them from starting.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run build --silent
echo 'cnibench is installed: node dist/src/cli/bin.js --help (run "npm link" once for a cnibench command)'

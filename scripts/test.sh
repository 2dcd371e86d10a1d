#!/usr/bin/env bash
# The README's second command: installs what is needed, then builds, lints and runs every
# test, the lab end-to-end tests included (they need root and run for real).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh >/dev/null
npm test

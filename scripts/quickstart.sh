#!/usr/bin/env bash
# The README's first command: installs everything, runs the quick lab benchmark, and writes
# a Markdown report next to the result file.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
mkdir -p results
node dist/src/cli/bin.js doctor
node dist/src/cli/bin.js run --target lab --suite quick --out-dir results "$@"
latest=$(ls -t results/cnibench-*.json | grep -v partial | head -1)
node dist/src/cli/bin.js report "$latest" -o md --out-file "${latest%.json}.md"
echo
echo "result: $latest"
echo "report: ${latest%.json}.md   (CSV: node dist/src/cli/bin.js report $latest -o csv)"

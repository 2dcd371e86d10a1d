#!/usr/bin/env bash
# Benchmark (reports figures, asserts nothing): lab set-up and teardown time for 2, 4, 8 and 16
# nodes (or the counts given), and what is left behind afterwards (must be nothing).
# Needs root and a built tree (npm run build). PROFILE=vxlan bench/lab-nodes.sh 2 16 for another profile.
set -euo pipefail
cd "$(dirname "$0")/.."
node dist/test/bench/lab-nodes.js "$@"

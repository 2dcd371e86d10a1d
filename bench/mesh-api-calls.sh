#!/usr/bin/env bash
# Benchmark (reports figures, asserts nothing): Kubernetes API calls of a mesh run (--pairs 2N,
# rr and tcp) against the fake API server, for 10, 100, 250, 500 and 1000 nodes (or the sizes
# given). Needs a built tree (npm run build); no cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
node dist/test/bench/mesh-api-calls.js "$@"

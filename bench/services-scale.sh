#!/usr/bin/env bash
# Benchmark (reports figures, asserts nothing): crr latency through 10..5000 Services,
# iptables vs nftables, in the lab. Needs root and a built tree (scripts/install.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
node dist/src/cli/bin.js run --config examples/lab-services-scale.yaml --suite scale --out-dir "$out" -o terminal
node dist/src/cli/bin.js report "$out"/cnibench-*.json -o md
echo "result: $(ls "$out"/cnibench-*.json)"

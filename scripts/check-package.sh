#!/usr/bin/env bash
# Checks cnibench as users get it (docs/install.md), from a fresh `npm pack`, in temporary
# directories outside the repository:
#   1. the tarball: required files in, tests/sources/sourcemaps out, packed size under a limit;
#   2. `npx ./<tarball> --help`, `--version` and `doctor` in an empty directory, and
#      `npx --package <tarball> cnibench`;
#   3. `npm install -g` of the tarball: `cnibench`, `kubectl-cnibench`, and `kubectl cnibench`
#      through kubectl's plugin lookup when kubectl is installed;
#   4. the krew archive (scripts/krew-archive.sh) unpacked as krew does, run through kubectl;
#   5. `npm publish --dry-run` of the tarball;
#   6. with --git: installs from the committed HEAD through git, as docs/install.md says
#      (`npm install git+...` in a project, and `npm pack git+...` for a global install).
# Needs the npm registry (the package's dependencies), nothing else. `doctor` may report the
# machine not ready (exit 1: e.g. not root); what is checked is that it runs and prints its checks.
#   scripts/check-package.sh [--keep] [--git]   (--keep: leave the temporary directory)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
max_kb=${CNIBENCH_PACKAGE_MAX_KB:-400}

keep=false git=false
for a in "$@"; do
  case $a in
    --keep) keep=true ;;
    --git) git=true ;;
    *) echo "usage: $0 [--keep] [--git]" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d "${TMPDIR:-/tmp}/cnibench-package.XXXXXX")
if $keep; then echo "keeping $work"; else trap 'rm -rf "$work"' EXIT; fi
# a cache of its own: npx keys its installs by spec, and nothing from an earlier run may leak in
export npm_config_cache="$work/npm-cache" npm_config_update_notifier=false npm_config_fund=false
export NO_COLOR=1
step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

step "npm pack (prepack removes dist/, prepare builds it)"
npm pack --pack-destination "$work" --loglevel=error >"$work/pack.log"
tgz=$(ls "$work"/cnibench-*.tgz)
version=$(node -p 'require("./package.json").version')
[ "$(basename "$tgz")" = "cnibench-$version.tgz" ] || fail "unexpected tarball name $tgz"

step "tarball contents"
tar -tzf "$tgz" | sed 's|^package/||' | sort >"$work/files.txt"
for f in package.json README.md LICENSE dist/src/cli/bin.js dist/src/cli/main.js docs/install.md \
  docs/kubernetes.md deploy/rbac.yaml deploy/job.yaml deploy/job-results.yaml \
  deploy/krew/cnibench.yaml images/tools/Dockerfile examples/testcluster.yaml; do
  grep -qxF "$f" "$work/files.txt" || fail "$f is missing from the tarball"
done
if grep -E '^(dist/test/|test/|src/|scripts/|\.github/|images/cli/|node_modules/)|\.map$|\.ts$' "$work/files.txt"; then
  fail "the tarball ships files users do not need (above)"
fi
kb=$(( $(stat -c %s "$tgz") / 1024 ))
echo "$(wc -l <"$work/files.txt") files, $kb kB packed (limit $max_kb kB)"
[ "$kb" -le "$max_kb" ] || fail "the tarball is $kb kB, over $max_kb kB"

step "npx ./cnibench-$version.tgz --help / --version / doctor, in an empty directory"
# npx takes a tarball by a relative path (./x.tgz) or through --package; an absolute path alone
# is run as a command by npm's npx (it looks for an executable file of that name first)
mkdir "$work/npx" && cp "$tgz" "$work/npx/" && cd "$work/npx"
npx --yes "./cnibench-$version.tgz" --help >"$work/help.txt"
grep -q '^Commands:' "$work/help.txt" || fail "npx --help printed no command list"
head -3 "$work/help.txt"
[ "$(npx --yes "./cnibench-$version.tgz" --version)" = "cnibench $version" ] || fail "npx --version is not $version"
set +e
npx --yes "./cnibench-$version.tgz" doctor >"$work/doctor.txt" 2>"$work/doctor.err"
rc=$?
set -e
cat "$work/doctor.txt"
if [ "$rc" -gt 1 ] || ! grep -Eq '^(ready\.|not ready: .+)$' "$work/doctor.txt" \
  || ! grep -q 'root' "$work/doctor.txt" || grep -q '^    at ' "$work/doctor.err"; then
  cat "$work/doctor.err" >&2
  fail "npx doctor did not run to its verdict (exit $rc)"
fi
echo "(doctor exit $rc)"
mkdir "$work/npx2" && cd "$work/npx2"
[ "$(npx --yes --package "$tgz" cnibench --version)" = "cnibench $version" ] || fail "npx --package TARBALL cnibench"
echo "npx --package $tgz cnibench --version: cnibench $version"

step "npm install -g (prefix $work/global)"
npm install -g --prefix "$work/global" "$tgz" --no-audit --loglevel=error
[ "$("$work/global/bin/cnibench" --version)" = "cnibench $version" ] || fail "global cnibench --version"
"$work/global/bin/kubectl-cnibench" --help | grep -q '^Commands:' || fail "kubectl-cnibench --help"
if command -v kubectl >/dev/null 2>&1; then
  [ "$(PATH="$work/global/bin:$PATH" kubectl cnibench --version)" = "cnibench $version" ] \
    || fail "kubectl cnibench --version"
  PATH="$work/global/bin:$PATH" kubectl plugin list 2>/dev/null | grep -F "$work/global/bin/kubectl-cnibench"
  echo "kubectl cnibench --version: cnibench $version"
else
  echo "kubectl not installed: kubectl's plugin lookup not checked"
fi

step "krew archive, unpacked as krew does (files: cnibench/* -> ., bin linked as kubectl-cnibench)"
cd "$repo"
bash scripts/krew-archive.sh "$tgz" "$work/krew" "file://$work/krew"
mkdir -p "$work/krew-store" "$work/krew-bin"
tar -xzf "$work"/krew/cnibench-krew-v"$version".tar.gz -C "$work/krew-store"
bin=$(node -e 'const y = require("yaml"); const m = y.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(m.spec.platforms[0].bin)' "$work/krew/cnibench.yaml")
ln -s "$work/krew-store/cnibench/$bin" "$work/krew-bin/kubectl-cnibench"
(cd "$work/krew" && sha256sum -c "cnibench-krew-v$version.tar.gz.sha256")
[ "$("$work/krew-bin/kubectl-cnibench" --version)" = "cnibench $version" ] || fail "krew kubectl-cnibench --version"
if command -v kubectl >/dev/null 2>&1; then
  [ "$(PATH="$work/krew-bin:$PATH" kubectl cnibench --version)" = "cnibench $version" ] || fail "krew: kubectl cnibench"
fi

step "npm publish --dry-run"
npm publish --dry-run "$tgz" 2>&1 | grep -E 'Publishing to|total files|package size' || fail "npm publish --dry-run"

if $git; then
  head=$(git -C "$repo" rev-parse HEAD)
  step "from git ($head, committed files only): npm install git+file://... in a project"
  mkdir "$work/git-local" && cd "$work/git-local"
  npm install "git+file://$repo#$head" --no-audit --loglevel=error
  [ "$(npx cnibench --version)" = "cnibench $version" ] || fail "git install: npx cnibench --version"
  [ -f node_modules/cnibench/dist/src/cli/bin.js ] || fail "git install has no dist/"
  step "from git: npm pack git+file://..., then npm install -g of that tarball"
  mkdir "$work/git-pack" && cd "$work/git-pack"
  npm pack "git+file://$repo#$head" --loglevel=error >/dev/null
  npm install -g --prefix "$work/git-global" ./cnibench-"$version".tgz --no-audit --loglevel=error
  [ "$("$work/git-global/bin/cnibench" --version)" = "cnibench $version" ] || fail "git pack: cnibench --version"
  echo "git installs: cnibench $version"
fi

printf '\npackage checks passed: cnibench-%s.tgz, %s kB\n' "$version" "$kb"

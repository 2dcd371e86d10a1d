#!/usr/bin/env bash
# Builds the krew archive of `kubectl cnibench` from an npm tarball of cnibench, and the krew
# manifest for it from deploy/krew/cnibench.yaml.
#
#   scripts/krew-archive.sh TARBALL OUTDIR [BASE_URL]
#
# OUTDIR gets cnibench-krew-vX.Y.Z.tar.gz (one directory `cnibench/`: the package with its
# production dependencies, installed from package-lock.json), its .sha256, and cnibench.yaml
# whose uri is BASE_URL/cnibench-krew-vX.Y.Z.tar.gz. BASE_URL defaults to the GitHub release
# download address of the package.json repository for tag vX.Y.Z. Needs the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 TARBALL OUTDIR [BASE_URL]" >&2
  exit 2
fi
tarball=$(realpath "$1")
out=$(realpath -m "$2")
[ -f "$tarball" ] || { echo "error: no npm tarball at $1 (make one with: npm pack)" >&2; exit 2; }

version=$(tar -xzOf "$tarball" package/package.json | node -e \
  'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).version))')
tag="v$version"
repo_url=$(node -p 'const r = require("./package.json").repository; (typeof r === "string" ? r : r.url).replace(/^git\+/, "").replace(/\.git$/, "")')
homepage=$(node -p 'require("./package.json").homepage')
base_url=${3:-"$repo_url/releases/download/$tag"}
archive="cnibench-krew-$tag.tar.gz"

stage=$(mktemp -d "${TMPDIR:-/tmp}/cnibench-krew.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/cnibench" "$out"
tar -xzf "$tarball" -C "$stage/cnibench" --strip-components=1
# the lock pins the same dependency versions as the repository's own install and CI
cp package-lock.json "$stage/cnibench/"
(cd "$stage/cnibench" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
rm "$stage/cnibench/package-lock.json"
chmod 0755 "$stage/cnibench/dist/src/cli/bin.js"
# reproducible enough: fixed owner, sorted entries, no access times
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2000-01-01 00:00Z' \
  -C "$stage" -czf "$out/$archive" cnibench
sha=$(sha256sum "$out/$archive" | cut -d' ' -f1)
echo "$sha  $archive" > "$out/$archive.sha256"

sed -e "s|@TAG@|$tag|g" -e "s|@HOMEPAGE@|$homepage|g" -e "s|@URI@|$base_url/$archive|g" \
  -e "s|@SHA256@|$sha|g" deploy/krew/cnibench.yaml > "$out/cnibench.yaml"
if grep -n '@[A-Z0-9]*@' "$out/cnibench.yaml"; then
  echo "error: placeholders left in $out/cnibench.yaml" >&2
  exit 1
fi
echo "$out/$archive ($(du -h "$out/$archive" | cut -f1), sha256 $sha)"
echo "$out/cnibench.yaml"

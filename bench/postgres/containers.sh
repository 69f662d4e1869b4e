#!/usr/bin/env bash
# Embedded PostgreSQL beside the Testcontainers backend, measured the same way (bench/postgres: start to first query,
# 3 runs; a fresh database from a template of ~100k rows; a fresh empty one; backup and restore), one after the other.
# With --setup it also times what Docker adds to a CI machine's set-up that already has docker.io: the PostgreSQL image
# removed and made again by scripts/docker-postgres.sh (mmdebstrap + import + build where no registry answers).
# Usage: bench/postgres/containers.sh [--setup] [rows]   (default 100000; needs `bash scripts/prerequisites.sh --docker`)
set -euo pipefail
cd "$(dirname "$0")/../.."
setup=0
[ "${1:-}" = --setup ] && { setup=1; shift; }
rows=${1:-100000}
work=$(mktemp -d /tmp/runbooks-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "building bench/postgres (Release)..." >&2
# In place, not in a temp folder: the bench finds drills/ and .config/ above its own binary.
dotnet build bench/postgres -c Release --nologo -v quiet >/dev/null
for backend in embedded testcontainers; do
  echo "### $backend"
  dotnet bench/postgres/bin/Release/net10.0/runbooks-pg-bench.dll --backend "$backend" --rows "$rows"
done

if [ "$setup" -eq 1 ]; then
  image=$(jq -r '.postgres.image // "runbooks/postgres:15"' .config/drills.json)
  docker rmi -f "$image" "runbooks/postgres-base:${image##*:}" >/dev/null 2>&1 || true
  s=$(date +%s%N)
  bash scripts/docker-postgres.sh >"$work/setup.log" 2>&1 || { cat "$work/setup.log" >&2; exit 1; }
  e=$(date +%s%N)
  echo "image $image made from nothing (scripts/docker-postgres.sh): $(( (e - s) / 1000000 )) ms"
  s=$(date +%s%N); bash scripts/docker-postgres.sh >/dev/null; e=$(date +%s%N)
  echo "scripts/docker-postgres.sh again (dockerd up, image there): $(( (e - s) / 1000000 )) ms"
fi

#!/usr/bin/env bash
# Wall time of drills end to end, as a user runs them: process start, simulator and PostgreSQL start, template
# database, warm-up, fault, detection, runbook, recovery, reports, shutdown.
# Usage: bench/drill-wall.sh [runs]   (default 3; prints each run and the median)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
work=$(mktemp -d /tmp/runbooks-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "building the CLI (Release)..." >&2
dotnet build src/Runbooks.Cli -c Release -o "$work/cli" --nologo -v quiet >/dev/null
export RUNBOOKS_CACHE_DIR="$work/cache"

# Exit 1 is a verdict (db-restore's honest RPO breach fails `--all`), still a measured run; anything else is reported.
ms() { local s e rc=0; s=$(date +%s%N); "$@" >"$work/last.log" 2>&1 || rc=$?; e=$(date +%s%N)
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then echo "exit $rc: $*" >&2; tail -20 "$work/last.log" >&2; fi
  echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
drill() { ms dotnet "$work/cli/runbooks.dll" drill run "$@" --report-dir "$work/reports"; }

# The first run compiles the runbooks into the (empty) cache; it is reported on its own.
cold=$(drill worker-rollback)
echo "worker-rollback (P0), cold compile cache: ${cold} ms"
bench() {
  local label=$1; shift
  local times=()
  for _ in $(seq "$runs"); do times+=("$(drill "$@")"); done
  echo "$label: ${times[*]} ms; median $(printf '%s\n' "${times[@]}" | median) ms"
}
bench "worker-rollback (P0), warm cache" worker-rollback
bench "db-restore (P0), warm cache" db-restore
bench "drill run --all ($(ls drills/*.drill.yaml | wc -l) drills), warm cache" --all

#!/usr/bin/env bash
# A simulated service under drill load: `runbooks sim` serving the estate's Worker health path (served from the model in
# front of WireMock), driven by the drills' own open-model generator at constant rates, 5 s each after a 2 s warm-up.
# Prints per rate: planned and sent requests, errors, the share of arrivals sent > 2 ms late, and response latency (p50
# and p99 of the median 100 ms bucket, and the worst bucket's p99). With wrk installed, also wrk's ceiling and p99.
# Loopback only, bounded: under a minute. Usage: bench/sim-service.sh [rates...]   (default 1000 5000)
set -euo pipefail
cd "$(dirname "$0")/.."
rates=("$@"); [ ${#rates[@]} -gt 0 ] || rates=(1000 5000)
work=$(mktemp -d /tmp/runbooks-bench-XXXXXX)
sim=""
cleanup() { [ -n "$sim" ] && { kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true; }; rm -rf "$work"; }
trap cleanup EXIT
echo "building the CLI and the generator (Release)..." >&2
dotnet build src/Runbooks.Cli -c Release -o "$work/cli" --nologo -v quiet >/dev/null
dotnet publish bench/load -c Release -o "$work/load" --nologo -v quiet >/dev/null
port=$(( 20000 + RANDOM % 20000 ))
dotnet "$work/cli/runbooks.dll" sim --port "$port" >"$work/sim.log" 2>&1 & sim=$!
url="http://127.0.0.1:$port/sim/workers/pitchey-production/api/health"
for _ in $(seq 200); do curl -sf -o /dev/null "$url" && break; sleep 0.05; done
echo "rate planned sent errors late% lagP99ms | response latency"
cli_runtime=(DOTNET_TieredPGO=0 DOTNET_gcConcurrent=0 DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0)
for rate in "${rates[@]}"; do
  line=$(env "${cli_runtime[@]}" dotnet "$work/load/runbooks-load-bench.dll" generate "$url" "$rate" 5 2>"$work/lat.log")
  echo "$line | $(cat "$work/lat.log")"
done
if command -v wrk >/dev/null; then
  echo "wrk -t2 -c32 -d5s --latency (closed loop, the ceiling):"
  wrk -t2 -c32 -d5s --latency "$url" | awk '/Requests\/sec|  99%/'
fi

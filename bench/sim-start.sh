#!/usr/bin/env bash
# Whole-process start of the provider simulator, exec to the first HTTP 200 from a simulated service: `runbooks sim`
# (WireMock.Net in-process, the estate's model) beside the Java WireMock jar it replaced (npm `wiremock` 3.13.2, first
# 200 from its admin API), in the same run. Prints each run, the medians and the ratio (goal <= 0.5).
# Needs java for the jar's half (skipped with a note without it). Usage: bench/sim-start.sh [runs]   (default 7)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
work=$(mktemp -d /tmp/runbooks-bench-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
echo "building the CLI (Release)..." >&2
dotnet build src/Runbooks.Cli -c Release -o "$work/cli" --nologo -v quiet >/dev/null
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
free_port() { echo $(( 20000 + RANDOM % 20000 )); }

# Starts "$@" in the background, polls $url every 5 ms until it answers 200, prints the milliseconds, stops it.
time_to_200() {
  local url=$1; shift
  local s e
  s=$(date +%s%N)
  "$@" >"$work/out.log" 2>&1 & local pid=$!
  pids+=("$pid")
  until curl -sf -o /dev/null "$url"; do
    kill -0 "$pid" 2>/dev/null || { echo "exited early: $*" >&2; tail -5 "$work/out.log" >&2; exit 1; }
    sleep 0.005
  done
  e=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (e - s) / 1000000 ))
}

sim=()
for _ in $(seq "$runs"); do
  port=$(free_port)
  sim+=("$(time_to_200 "http://127.0.0.1:$port/sim/workers/pitchey-production/api/health" dotnet "$work/cli/runbooks.dll" sim --port "$port")")
done
sim_median=$(printf '%s\n' "${sim[@]}" | median)
echo "runbooks sim (WireMock.Net in-process): ${sim[*]} ms; median ${sim_median} ms"

if ! command -v java >/dev/null; then echo "java is missing: the jar's half is skipped (sudo apt-get install -y openjdk-17-jre-headless)"; exit 0; fi
npm install --prefix "$work/wm" --no-audit --no-fund --loglevel=error wiremock@3.13.2 >/dev/null
jar=$(ls "$work"/wm/node_modules/wiremock/build/wiremock-standalone-*.jar | head -1)
wm=()
for _ in $(seq "$runs"); do
  port=$(free_port)
  wm+=("$(time_to_200 "http://127.0.0.1:$port/__admin/mappings" java -jar "$jar" --port "$port" --bind-address 127.0.0.1 --disable-banner)")
done
wm_median=$(printf '%s\n' "${wm[@]}" | median)
echo "WireMock jar 3.13.2 (java -jar): ${wm[*]} ms; median ${wm_median} ms"
awk -v s="$sim_median" -v w="$wm_median" 'BEGIN {printf "ratio sim / jar: %.2f (goal <= 0.5)\n", s / w}'

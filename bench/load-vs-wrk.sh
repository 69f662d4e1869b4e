#!/usr/bin/env bash
# The open-model generator's sustained rate (under 1% of arrivals sent > 2 ms late, under 1% errors) against a
# minimal Kestrel endpoint, beside wrk on the same endpoint in the same run; prints the ratio (goal >= 0.6).
# Loopback only, bounded: about 4 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install -y wrk" >&2; exit 3; }
out=$(mktemp -d /tmp/runbooks-load-bench-XXXXXX)
dotnet publish bench/load -c Release -o "$out" --nologo -v quiet >/dev/null
port=$(( 20000 + RANDOM % 20000 ))
dotnet "$out/runbooks-load-bench.dll" server "$port" & server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$out"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.1; done

wrk_rate=$(wrk -t2 -c32 -d5s "http://127.0.0.1:$port/" | awk '/Requests\/sec/ {print $2}')
echo "wrk -t2 -c32 -d5s: ${wrk_rate} req/s"
best=0
# The generator runs with the runtime settings of the product that hosts it (src/Runbooks.Cli/Runbooks.Cli.csproj:
# TieredPGO off, non-concurrent GC, no thread-pool spinning), so the figure is the CLI's; the endpoint keeps the defaults.
cli_runtime=(DOTNET_TieredPGO=0 DOTNET_gcConcurrent=0 DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0)
# A rate is sustained when the median of three 3-second runs has < 1% of arrivals sent > 2 ms late and < 1% errors:
# on 2 cores one GC or scheduler hiccup of 5 ms makes a single run late, and one run decided the ladder before.
# The ladder goes past wrk's 0.6 so the ratio is not capped by its last step; it ends after two rates in a row fail.
echo "rate planned sent errors late% lagP99ms  (three runs per rate)"
failed=0
for rate in 5000 10000 15000 20000 25000 30000 35000 40000 45000 50000; do
  lates=()
  ok_runs=0
  for _ in 1 2 3; do
    line=$(env "${cli_runtime[@]}" dotnet "$out/runbooks-load-bench.dll" generate "http://127.0.0.1:$port/" "$rate" 3)
    echo "$line"
    read -r r planned sent errors late lag <<<"$line"
    ok=$(awk -v l="$late" -v e="$errors" -v p="$planned" 'BEGIN {print (l < 1 && e / p < 0.01) ? 1 : 0}')
    ok_runs=$((ok_runs + ok))
  done
  if [ "$ok_runs" -ge 2 ]; then best=$rate; failed=0; else failed=$((failed + 1)); [ "$failed" -ge 2 ] && break; fi
done
echo "generator sustained: ${best} req/s with < 1% sent > 2 ms late and < 1% errors"
awk -v g="$best" -v w="$wrk_rate" 'BEGIN {printf "ratio generator / wrk: %.2f (goal >= 0.6)\n", g / w}'

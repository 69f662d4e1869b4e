#!/usr/bin/env bash
# The open-model generator's sustained rate (under 1% of arrivals sent > 2 ms late, under 1% errors) against a
# minimal Kestrel endpoint, beside wrk on the same endpoint in the same run; prints the ratio (goal >= 0.6).
# Loopback only, bounded: about 2 minutes.
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
echo "rate planned sent errors late% lagP99ms"
for rate in 2000 4000 6000 8000 10000 12000 15000 18000 21000 25000 30000; do
  line=$(dotnet "$out/runbooks-load-bench.dll" generate "http://127.0.0.1:$port/" "$rate" 3)
  echo "$line"
  read -r r planned sent errors late lag <<<"$line"
  ok=$(awk -v l="$late" -v e="$errors" -v p="$planned" 'BEGIN {print (l < 1 && e / p < 0.01) ? 1 : 0}')
  if [ "$ok" = 1 ]; then best=$r; else break; fi
done
echo "generator sustained: ${best} req/s with < 1% sent > 2 ms late and < 1% errors"
awk -v g="$best" -v w="$wrk_rate" 'BEGIN {printf "ratio generator / wrk: %.2f (goal >= 0.6)\n", g / w}'

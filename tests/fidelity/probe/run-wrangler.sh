#!/bin/bash
# Run the pinned wrangler hermetically against a simulator: run-wrangler.sh PORT <wrangler args...>
# Cloudflare routes are expected under http://127.0.0.1:PORT/client/v4. Exit code = wrangler's.
set -u
PORT=$1; shift
HERE=$(cd "$(dirname "$0")/.." && pwd)
SANDBOX=$(mktemp -d)
mkdir -p "$SANDBOX/home" "$SANDBOX/tmp/update-check" "$SANDBOX/cwd"
# pre-seeded update-check cache: wrangler then makes no npm-registry request
echo '{"latest":"3.114.17","lastUpdate":9999999999999}' > "$SANDBOX/tmp/update-check/wrangler-latest.json"
cd "$SANDBOX/cwd"   # empty dir: no wrangler.toml / node_modules/.cache found by find-up
env HOME="$SANDBOX/home" XDG_CONFIG_HOME="$SANDBOX/home/.config" TMPDIR="$SANDBOX/tmp" \
    CI=true NO_PROXY=127.0.0.1,localhost \
    CLOUDFLARE_API_BASE_URL="http://127.0.0.1:$PORT/client/v4" \
    CLOUDFLARE_API_TOKEN="${CLOUDFLARE_API_TOKEN:-fidelitytoken}" \
    CLOUDFLARE_ACCOUNT_ID="${CLOUDFLARE_ACCOUNT_ID:-023e105f4ecef8ad9ca31a8372d0c353}" \
    WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false \
    node "$HERE/node_modules/wrangler/bin/wrangler.js" "$@"
rc=$?
rm -rf "$SANDBOX"
exit $rc

#!/bin/bash
# Run the pinned vercel CLI hermetically against a simulator: run-vercel.sh PORT <vercel args...>
# Vercel routes are expected at the ROOT of http://127.0.0.1:PORT (any path in --api is ignored). Exit code = vercel's.
set -u
PORT=$1; shift
HERE=$(cd "$(dirname "$0")/.." && pwd)
SANDBOX=$(mktemp -d)
mkdir -p "$SANDBOX/home" "$SANDBOX/gcfg" "$SANDBOX/cwd"
cd "$SANDBOX/cwd"
env HOME="$SANDBOX/home" XDG_DATA_HOME="$SANDBOX/home/.local/share" XDG_CONFIG_HOME="$SANDBOX/home/.config" \
    VERCEL_TELEMETRY_DISABLED=1 NO_UPDATE_NOTIFIER=1 NO_PROXY=127.0.0.1,localhost \
    node "$HERE/node_modules/vercel/dist/vc.js" \
      --api "http://127.0.0.1:$PORT" --token "${VERCEL_FIDELITY_TOKEN:-fidelitytoken}" \
      --global-config "$SANDBOX/gcfg" "$@" </dev/null
rc=$?
rm -rf "$SANDBOX"
exit $rc

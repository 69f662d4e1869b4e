#!/usr/bin/env bash
# Installs what Runbooks needs beyond the .NET SDK: PostgreSQL server binaries (embedded database for drills and
# tests), Java 17 and Node.js/npm (the official WireMock standalone server from the npm `wiremock` package).
# Idempotent: installs only what is missing. Needs root (or sudo) only when something is missing.
set -euo pipefail

missing=()
command -v dotnet >/dev/null 2>&1 || { echo "The .NET 10 SDK is missing: see https://learn.microsoft.com/dotnet/core/install/linux-debian (apt-get install -y dotnet-sdk-10.0)." >&2; exit 3; }
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing ${missing[*]} (apt-get)..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The WireMock server, pinned by its lockfile (tools/wiremock/package-lock.json), once per checkout.
if [ -f tools/wiremock/package-lock.json ] && [ ! -d tools/wiremock/node_modules/wiremock ]; then
  npm ci --prefix tools/wiremock --no-audit --no-fund --loglevel=error
fi

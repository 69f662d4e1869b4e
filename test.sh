#!/usr/bin/env bash
# Runs every test (unit, integration against real PostgreSQL and the in-process simulator, the real provider CLIs
# against it, CLI end to end, RTO drills) after
# installing what a fresh machine lacks. Prints one summary line: "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"
bash scripts/prerequisites.sh --fidelity --browser || exit $?

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
dotnet test Runbooks.sln --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one "Passed!/Failed!  - Failed: N, Passed: N, Skipped: N, Total: N" line per test assembly.
read -r passed failed skipped < <(grep -E '(Passed|Failed)! +- +Failed:' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # a build or host failure counts as a failure
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"

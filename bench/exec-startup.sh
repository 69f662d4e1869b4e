#!/usr/bin/env bash
# Whole-process wall time of `runbooks exec` on a trivial runbook, cold (empty compile cache) and warm (cached),
# beside a plain `dotnet hello.dll`, all in the same run. The CLI is published ReadyToRun and run as `dotnet <dll>`.
# Usage: bench/exec-startup.sh [runs]   (default 11; prints medians and ratios)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-11}
work=$(mktemp -d /tmp/runbooks-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "publishing the CLI (Release, linux-x64, ReadyToRun)..." >&2
dotnet publish src/Runbooks.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$work/cli" --nologo -v quiet >/dev/null
mkdir -p "$work/hello"
cat > "$work/hello/hello.csproj" <<'X'
<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>
<ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>
X
echo 'System.Console.WriteLine("hello");' > "$work/hello/Program.cs"
(cd "$work/hello" && dotnet publish -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o out --nologo -v quiet >/dev/null)

mkdir -p "$work/proj/runbooks"
cat > "$work/proj/runbooks/trivial.csx" <<'X'
// A trivial runbook: one step.
await Step("Say hello", () => Log("hello"));
X

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

hello=(); cold=(); warm=()
export RUNBOOKS_CACHE_DIR="$work/cache"
cd "$work/proj"
dotnet "$work/cli/runbooks.dll" exec trivial >/dev/null  # warm the OS file cache once
for i in $(seq "$runs"); do
  hello+=("$(ms dotnet "$work/hello/out/hello.dll")")
  rm -rf "$RUNBOOKS_CACHE_DIR"
  cold+=("$(ms dotnet "$work/cli/runbooks.dll" exec trivial --journal "$work/j.jsonl")")
  warm+=("$(ms dotnet "$work/cli/runbooks.dll" exec trivial --journal "$work/j.jsonl")")
done
h=$(printf '%s\n' "${hello[@]}" | median); c=$(printf '%s\n' "${cold[@]}" | median); w=$(printf '%s\n' "${warm[@]}" | median)
echo "runs: $runs (median wall time, whole process)"
printf '%-44s %6s ms\n' "dotnet hello.dll (ReadyToRun)" "$h"
printf '%-44s %6s ms   %.2fx hello   (goal <= 1000 ms)\n' "runbooks exec, cold (compile + run)" "$c" "$(echo "$c / $h" | bc -l)"
printf '%-44s %6s ms   %.2fx hello   (goal <= 2.5x)\n' "runbooks exec, warm (cache hit, no Roslyn)" "$w" "$(echo "$w / $h" | bc -l)"

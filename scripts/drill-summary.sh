#!/usr/bin/env bash
# Prints the Markdown verdict table of a drill run from its JSON reports (DIR/<drill>.json), for a CI job summary or an
# issue body: `bash scripts/drill-summary.sh reports >> "$GITHUB_STEP_SUMMARY"`. It reads only the JSON report's public
# fields (drill, severity, passed, invalid, rto.*, rpo.*, baseline.regressed, failures), the contract CI scripts may rely
# on, rather than the console's table, which is for people and may change. Needs jq. Exit 2 when DIR has no report.
set -euo pipefail

dir="${1:?usage: drill-summary.sh REPORT_DIR}"
shopt -s nullglob
reports=("$dir"/*.json)
# Only drill reports: anything else a run leaves in the folder (history, a future index) lacks "drill" and "passed".
mapfile -t reports < <(for f in "${reports[@]}"; do jq -e 'type == "object" and has("drill") and has("passed")' "$f" >/dev/null 2>&1 && echo "$f"; done)
if [ ${#reports[@]} -eq 0 ]; then
  echo "No drill reports (*.json) in $dir: the drill run wrote none (see its log)."
  exit 2
fi

jq -rs '
  def human: if . == null then "never"
    elif . >= 60000 then "\(. / 60000 | floor) min" + (. % 60000 / 1000 | floor | if . == 0 then "" else " \(.) s" end)
    elif . >= 1000 then "\(. / 100 | round / 10) s"
    else "\(. | round) ms" end;
  # A cell must not end the row early: pipes are escaped, line breaks flattened.
  def cell: tostring | gsub("\\|"; "\\|") | gsub("[\r\n]+"; " ");
  def result: if .invalid != null then "INVALID" elif .passed then "pass" else "**FAIL**" end;
  (map(select(.invalid == null and .passed)) | length) as $passed
  | (map(select(.invalid == null and (.passed | not))) | length) as $failed
  | (map(select(.invalid != null)) | length) as $invalid
  | "### RTO drills: \($passed) passed, \($failed) failed, \($invalid) invalid",
    "",
    "| drill | severity | RTO (projected) | target / acceptable | RTO verdict | RPO | baseline | result |",
    "|---|---|---|---|---|---|---|---|",
    (sort_by(.drill)[] |
      "| \(.drill | cell) | \(.severity | cell) "
      + "| \(if .invalid != null then "-" else (.rto.projectedRealWorldMs | human) end) "
      + "| \(.rto.targetMs | human) / \(.rto.acceptableMs | human) "
      + "| \(if .invalid != null then "-" else (.rto.verdict | cell) end) "
      + "| \(if .rpo == null then "-" else "\(.rpo.lostWrites)/\(.rpo.acknowledgedWrites) lost, \(.rpo.spanMs | human) (\(.rpo.verdict | cell))" end) "
      + "| \(if .baseline == null then "-" elif .baseline.regressed then "**REGRESSION**" elif .baseline.muchFaster then "much faster" elif .baseline.coldStart or .baseline.baselineMs == null or .baseline.note != null then "not compared" else "ok" end) "
      + "| \(result) |"),
    "",
    (map(select(.invalid != null or (.passed | not))) | sort_by(.drill) | if length == 0 then empty else
      ("#### Why", "", (.[] | . as $r | ((if .invalid != null then ["invalid: \(.invalid)"] else [] end) + (.failures // []))[]
        | "- **\($r.drill | cell)**: \(. | cell)"), "")
      end),
    "RTO and RPO are projected to the real world: measured work as measured, simulated provider time and assumed alerting/response time divided by the time scale."
' "${reports[@]}"

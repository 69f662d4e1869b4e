using System.Text;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Measurement;
using static Runbooks.Drills.Reports.ReportFormat;

namespace Runbooks.Drills.Reports;

/// <summary>The seeds' incident-report template (seed 001, "Incident Report: Production Rollback"), filled with what the drill measured.</summary>
public static class MarkdownDrillReport
{
    /// <summary>Renders <paramref name="r"/>.</summary>
    public static string Render(DrillResult r)
    {
        var t = r.Timeline;
        var p = r.Projection;
        string Row(string what, TimeSpan? at, TimeSpan? projectedAt = null) => at is { } v && t.Fault is { } f
            ? $"| {what} | +{Human(v - f)} | +{Human(p?.SinceFault(projectedAt ?? v))} |"
            : $"| {what} | not reached | |";
        var sb = new StringBuilder();
        sb.AppendLine($"# Incident Report: Drill {r.Drill.Name}");
        sb.AppendLine();
        sb.AppendLine($"**{(r.Invalid is not null ? "INVALID" : r.Passed ? "PASSED" : "FAILED")}**: {r.Drill.Severity}, fault `{r.Drill.Fault.Kind}`, runbook `{r.Drill.Runbook ?? "none (calibration)"}`, "
            + $"time scale {r.TimeScale}. Figures are projected to the real world: measured work as measured, simulated provider time and assumed "
            + $"alerting and response time divided by the scale. Instrument resolution: {Ms(r.Resolution)} of real-world time.");
        sb.AppendLine();
        if (r.Invalid is not null) sb.AppendLine($"> The run is invalid: {r.Invalid}").AppendLine();
        foreach (var finding in r.Findings) sb.AppendLine($"- {finding}");
        if (r.Findings.Count > 0) sb.AppendLine();
        sb.AppendLine("## Timeline");
        sb.AppendLine();
        sb.AppendLine("| event | on the drill clock | projected to the real world |");
        sb.AppendLine("|---|---|---|");
        sb.AppendLine(t.Fault is null ? "| Fault injected | not reached | |" : "| Fault injected | +0 ms | +0 ms |");
        sb.AppendLine(Row("Issue detected", t.Detected));
        sb.AppendLine(Row("Rollback initiated", t.Responded));
        sb.AppendLine(Row("Rollback completed", t.Mitigated));
        sb.AppendLine(Row("System stable", t.Recovered, p?.Recovered));
        sb.AppendLine();
        if (p is not null)
        {
            sb.AppendLine("## Where the time went");
            sb.AppendLine();
            sb.AppendLine("| phase | kind | on the drill clock | projected | what |");
            sb.AppendLine("|---|---|---|---|---|");
            foreach (var phase in p.Phases)
                sb.AppendLine($"| {phase.Name} | {phase.KindName} | {Ms(phase.Drill)} | {Human(phase.Projected)} | {string.Join("; ", phase.What)} |");
            sb.AppendLine();
        }
        if (r.Latency is { } latency)
        {
            // Per-request latencies are real time at any scale: measured, never projected.
            sb.AppendLine("## Latency (p95, measured)");
            sb.AppendLine();
            sb.AppendLine("| stretch | p95 (measured) | threshold |");
            sb.AppendLine("|---|---|---|");
            sb.AppendLine($"| healthy warm-up before the fault | {LatencyFigures.Ms(latency.WarmUp)} | |");
            sb.AppendLine($"| fault to recovery, worst bucket | {LatencyFigures.Ms(latency.Worst)} | {(latency.DetectThreshold is { } d ? "detect above " + LatencyFigures.Ms(d) : "")} |");
            sb.AppendLine($"| recovered window, worst bucket | {(latency.Recovered is null ? "never recovered" : LatencyFigures.Ms(latency.Recovered))} "
                + $"| {(latency.RecoveredThreshold is { } under ? "recovered under " + LatencyFigures.Ms(under) : "")} |");
            sb.AppendLine();
        }
        sb.AppendLine("## Recovery objectives");
        sb.AppendLine();
        sb.AppendLine("| measure | projected | target / acceptable | verdict |");
        sb.AppendLine("|---|---|---|---|");
        sb.AppendLine($"| RTO ({r.Drill.Severity}) | {Human(r.ProjectedRto)} (measured {Ms(t.Rto)} on the drill clock) | {Human(r.RtoObjective.Target)} / {Human(r.RtoObjective.Acceptable)} "
            + $"| {(r.Invalid is null ? Verdict(r.RtoVerdict) : "invalid")} |");
        if (r.Rpo is { } rpo)
            sb.AppendLine($"| RPO ({rpo.Objective.Key}) | {rpo.Lost} of {rpo.Acknowledged} acknowledged writes lost, spanning {Human(rpo.Span)} "
                + $"({string.Join(", ", rpo.Phases.Select(x => $"{x.Name} {Human(x.Projected)}"))}) | {Human(rpo.Objective.Target)} / {Human(rpo.Objective.Acceptable)} | {Verdict(rpo.Verdict)} |");
        if (r.ClaimedRecovery is { } claim)
            sb.AppendLine($"| Runbook's claimed recovery | {Human(r.ProjectedRecoveryAfterResponse)} from runbook start to stable | {Human(claim)} claimed "
                + $"| {(r.ProjectedRecoveryAfterResponse <= claim ? "claim holds" : "claim not met")} |");
        if (r.Baseline is { Compared: true } b)
            sb.AppendLine($"| Runbook work vs baseline | {Ms(b.Measured)} | limit {Ms(b.Limit)} (baseline {Ms(b.Baseline)}: median of {b.Samples} run(s), {b.Key}) "
                + $"| {(b.Regressed ? "REGRESSION" : b.MuchFaster ? "MUCH FASTER" : "ok")} |");
        else if (r.Baseline is { } none)
            sb.AppendLine($"| Runbook work vs baseline | {Ms(none.Measured)} | {none.NotCompared} | not compared |");
        sb.AppendLine();
        if (r.RunbookSteps.Count > 0)
        {
            sb.AppendLine("## Actions taken (runbook steps)");
            sb.AppendLine();
            sb.AppendLine("| # | step | outcome | time |");
            sb.AppendLine("|---|---|---|---|");
            foreach (var step in r.RunbookSteps)
                sb.AppendLine($"| {step.Index} | {step.Name} | {Core.Steps.StepOutcomeNames.ToJournalName(step.Outcome)} | {Ms(step.Elapsed)} |");
            sb.AppendLine();
            if (r.RunbookJournal is not null) sb.AppendLine($"Journal: `{r.RunbookJournal}`").AppendLine();
        }
        sb.AppendLine("## Affected Components");
        sb.AppendLine();
        sb.AppendLine($"- [x] {r.Drill.Load.Target.Name()} (synthetic load {Num(r.Drill.Load.Rate)} req/s" + (r.Drill.Load.WriteRate > 0 ? $", {Num(r.Drill.Load.WriteRate)} writes/s into {r.Drill.Load.WritesTo ?? "the harness's ledger table"}" : "") + ")");
        sb.AppendLine();
        sb.AppendLine("## Root Cause");
        sb.AppendLine();
        sb.AppendLine($"Injected by the drill: `{r.Drill.Fault.Kind}` " + string.Join(", ", r.Drill.Fault.Settings.Select(kv => $"{kv.Key}={kv.Value}")) + ".");
        sb.AppendLine();
        sb.AppendLine("## Action Items");
        sb.AppendLine();
        if (r.Failures.Count == 0 && r.Warnings.Count == 0 && r.Baseline?.Warning is null) sb.AppendLine("- [x] None: the runbook met its objectives.");
        foreach (var f in r.Failures) sb.AppendLine($"- [ ] {f}");
        if (r.Baseline?.Warning is { } faster) sb.AppendLine($"- [ ] {faster}");
        foreach (var w in r.Warnings) sb.AppendLine($"- [ ] (instrument) {w}");
        return sb.ToString();
    }

}

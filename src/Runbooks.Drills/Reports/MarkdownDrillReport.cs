using System.Text;
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
        var s = r.TimeScale;
        string Row(string what, TimeSpan? at) => at is { } v
            ? $"| {what} | +{Human(v - t.Fault)} | +{Human(DrillJudge.ProjectSinceFault(t, v, s))} |"
            : $"| {what} | not reached | |";
        var sb = new StringBuilder();
        sb.AppendLine($"# Incident Report: Drill {r.Drill.Name}");
        sb.AppendLine();
        sb.AppendLine($"**{(r.Passed ? "PASSED" : "FAILED")}**: {r.Drill.Severity}, fault `{r.Drill.Fault.Kind}`, runbook `{r.Drill.Runbook ?? "none (calibration)"}`, "
            + $"time scale {Num(s)} (simulated waits x{Num(s)}; real work unscaled).");
        sb.AppendLine();
        sb.AppendLine("## Timeline");
        sb.AppendLine();
        sb.AppendLine("| event | measured (scaled) | projected to real world |");
        sb.AppendLine("|---|---|---|");
        sb.AppendLine($"| Fault injected | +0 ms | +0 ms |");
        sb.AppendLine(Row("Issue detected", t.Detected));
        sb.AppendLine(Row("Rollback initiated", t.Responded));
        sb.AppendLine(Row("Rollback completed", t.Mitigated));
        sb.AppendLine(Row("System stable", t.Recovered));
        sb.AppendLine();
        sb.AppendLine("## Recovery objectives");
        sb.AppendLine();
        sb.AppendLine("| measure | measured | budget (scaled) | real-world budget | verdict |");
        sb.AppendLine("|---|---|---|---|---|");
        sb.AppendLine($"| RTO ({r.Drill.Severity}) | {Ms(t.Rto)} (projected {Human(r.ProjectedRto)}) | target {Ms(r.RtoObjective.Target * s)}, acceptable {Ms(r.RtoObjective.Acceptable * s)} "
            + $"| {Human(r.RtoObjective.Target)} / {Human(r.RtoObjective.Acceptable)} | {Verdict(r.RtoVerdict)} |");
        if (r.Rpo is { } rpo)
            sb.AppendLine($"| RPO ({rpo.Objective.Key}) | {rpo.Lost} of {rpo.Acknowledged} acknowledged writes lost, span {Ms(rpo.Span)} "
                + $"| target {Ms(rpo.Objective.Target * s)}, acceptable {Ms(rpo.Objective.Acceptable * s)} | {Human(rpo.Objective.Target)} / {Human(rpo.Objective.Acceptable)} | {Verdict(rpo.Verdict)} |");
        if (r.ClaimedRecovery is { } claim)
            sb.AppendLine($"| Runbook's claimed recovery | {Human(r.ProjectedRecoveryAfterResponse)} projected from runbook start to stable | | {Human(claim)} claimed "
                + $"| {(r.ProjectedRecoveryAfterResponse <= claim ? "claim holds" : "claim not met")} |");
        if (r.Baseline is { Compared: true } b)
            sb.AppendLine($"| Runbook overhead vs baseline | {Ms(b.Measured)} | limit {Ms(b.Limit)} (baseline {Ms(b.Baseline)}: median of {b.Samples} run(s), {b.Key}) | "
                + $"| {(b.Regressed ? "REGRESSION" : b.MuchFaster ? "MUCH FASTER" : "ok")} |");
        else if (r.Baseline is { } none)
            sb.AppendLine($"| Runbook overhead vs baseline | {Ms(none.Measured)} | {none.NotCompared} | | not compared |");
        sb.AppendLine();
        sb.AppendLine("Time to detect " + Ms(t.TimeToDetect) + ", to respond " + Ms(t.TimeToRespond) + ", runbook " + Ms(t.RunbookDuration) + ", to heal after it " + Ms(t.TimeToHeal) + ".");
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
        sb.AppendLine($"- [x] {r.Drill.Load.Target} (synthetic load {Num(r.Drill.Load.Rate)} req/s" + (r.Drill.Load.WriteRate > 0 ? $", {Num(r.Drill.Load.WriteRate)} writes/s" : "") + ")");
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

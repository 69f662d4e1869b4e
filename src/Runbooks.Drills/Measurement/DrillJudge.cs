using Runbooks.Core.Rto;
using Runbooks.Drills.Definitions;

namespace Runbooks.Drills.Measurement;

/// <summary>
/// Turns measured points into verdicts: RTO against the scaled RTO row, RPO against the scaled RPO row, the
/// runbook's claimed recovery time, and the baseline. Pure functions of their inputs, so they are tested without
/// running anything.
/// </summary>
public static class DrillJudge
{
    /// <summary>
    /// Projects a scaled timeline to real-world figures: detection, the human response and healing after the runbook
    /// are simulated waits (divided by the scale); the runbook's own duration is real work (as measured).
    /// </summary>
    public static TimeSpan? ProjectRto(DrillTimeline t, double scale)
    {
        if (t.Recovered is null) return null;
        if (t.Responded is null || t.Mitigated is null) return t.Rto / scale; // no runbook: all of it was simulated time
        return (t.TimeToDetect ?? TimeSpan.Zero) / scale + (t.TimeToRespond ?? TimeSpan.Zero) / scale
            + (t.RunbookDuration ?? TimeSpan.Zero) + (t.TimeToHeal ?? TimeSpan.Zero) / scale;
    }

    /// <summary>Projected time from the runbook's start to sustained health (what a runbook's "Recovery:" header claims).</summary>
    public static TimeSpan? ProjectRecoveryAfterResponse(DrillTimeline t, double scale)
        => t.Recovered is null || t.Responded is null || t.Mitigated is null ? null
            : (t.RunbookDuration ?? TimeSpan.Zero) + (t.TimeToHeal ?? TimeSpan.Zero) / scale;

    /// <summary>The RTO verdict; a service that never recovered is a breach.</summary>
    public static Verdict JudgeRto(DrillTimeline t, Objective objective, double scale)
        => t.Rto is { } rto ? objective.Judge(rto, scale) : Verdict.Breach;

    /// <summary>Acknowledged writes that are gone, and the span they cover.</summary>
    public static RpoMeasurement JudgeRpo(IReadOnlyList<TimeSpan> lostAckTimes, long acknowledged, Objective objective, double scale)
    {
        var span = lostAckTimes.Count == 0 ? TimeSpan.Zero : lostAckTimes.Max() - lostAckTimes.Min();
        // One lost write covers no span, yet data was lost: only a zero target is then met, by nothing.
        var verdict = lostAckTimes.Count == 0 ? Verdict.WithinTarget
            : objective.Target == TimeSpan.Zero && span == TimeSpan.Zero ? (objective.Acceptable > TimeSpan.Zero ? Verdict.WithinAcceptable : Verdict.Breach)
            : objective.Judge(span, scale);
        return new RpoMeasurement(acknowledged, lostAckTimes.Count, span, objective, verdict);
    }

    /// <summary>
    /// Compares the measured overhead with the baseline. The tolerance is relative plus absolute: a 2-core CI machine
    /// shared with a build varies runbook wall time by tens of percent and by a few hundred milliseconds of JIT and
    /// GC, and a regression worth failing a build for is larger than both.
    /// </summary>
    public static BaselineComparison CompareBaseline(TimeSpan measured, TimeSpan baseline, double relativeTolerance = 0.5, TimeSpan? absoluteSlack = null)
        => new(measured, baseline, baseline * (1 + relativeTolerance) + (absoluteSlack ?? TimeSpan.FromMilliseconds(750)));

    /// <summary>The failure sentences of a drill: RTO breach, RPO breach, a runbook that failed, a regression, no recovery.</summary>
    public static IReadOnlyList<string> Failures(DrillDefinition drill, DrillTimeline t, Verdict rto, Objective objective, double scale,
        RpoMeasurement? rpo, BaselineComparison? baseline, int? runbookExit)
    {
        var failures = new List<string>();
        if (t.Recovered is null)
            failures.Add($"The service never recovered ({Pct(drill.Recovered.ErrorRate)} errors for {DurationText.Format(drill.Recovered.For * scale)} never held).");
        else if (rto == Verdict.Breach)
            failures.Add($"RTO breach: measured {Ms(t.Rto!.Value)} against the {drill.Severity} acceptable RTO of {Ms(objective.Acceptable * scale)} "
                + $"({DurationText.Format(objective.Acceptable)} at time scale {scale}).");
        if (runbookExit is { } exit && exit != 0)
            failures.Add($"The runbook {drill.Runbook} exited {exit}.");
        if (rpo is { Verdict: Verdict.Breach })
            failures.Add($"RPO breach: {rpo.Lost} acknowledged write(s) lost spanning {Ms(rpo.Span)} against the {rpo.Objective.Key} acceptable RPO of {Ms(rpo.Objective.Acceptable * scale)}.");
        if (baseline is { Regressed: true })
            failures.Add($"Regression: runbook overhead {Ms(baseline.Measured)} exceeds the baseline {Ms(baseline.Baseline)} beyond the tolerance ({Ms(baseline.Limit)}).");
        return failures;
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0} ms";
    private static string Pct(double r) => $"< {r * 100:0.#}%";
}

using Runbooks.Core.Rto;
using Runbooks.Drills.Baselines;
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
    /// Projects a moment of a scaled timeline to real-world time after the fault: detection, the human response and
    /// healing after the runbook are simulated waits (divided by the scale); time inside the runbook's run is real work
    /// (kept as measured), and so is the harness's reaction between the response being due and the runbook starting.
    /// Every report projects its points with this, so a projected timeline and a projected RTO agree.
    /// </summary>
    public static TimeSpan ProjectSinceFault(DrillTimeline t, TimeSpan at, double scale)
    {
        if (scale is <= 0 or >= 1) return at - t.Fault;
        var since = at - t.Fault;
        if (t.Responded is not { } responded || t.Mitigated is not { } to || to < responded) return since / scale;
        var from = t.ResponseDue is { } due && due < responded ? due : responded;
        // The part of [fault, at] that falls inside the runbook's run is unscaled.
        var realStart = from < t.Fault ? t.Fault : from;
        var realEnd = to < at ? to : at;
        var real = realEnd > realStart ? realEnd - realStart : TimeSpan.Zero;
        return (since - real) / scale + real;
    }

    /// <summary>The projected real-world RTO (see <see cref="ProjectSinceFault"/>); null when the service never recovered.</summary>
    public static TimeSpan? ProjectRto(DrillTimeline t, double scale)
        => t.Recovered is { } r ? ProjectSinceFault(t, r, scale) : null;

    /// <summary>Projected time from the runbook's start to sustained health (what a runbook's "Recovery:" header claims).</summary>
    public static TimeSpan? ProjectRecoveryAfterResponse(DrillTimeline t, double scale)
        => t.Recovered is not { } r || t.Responded is not { } from || t.Mitigated is null ? null
            : r <= from ? TimeSpan.Zero : ProjectSinceFault(t, r, scale) - ProjectSinceFault(t, from, scale);

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
    /// Compares the measured overhead with the median of the baseline kept for the run's key, by the tolerance of
    /// <see cref="Baseline.RegressionLimit"/>; a baseline without samples compares nothing and says so.
    /// </summary>
    public static BaselineComparison CompareBaseline(TimeSpan measured, Baseline baseline) => new(measured, baseline);

    /// <summary>The failure sentences of a drill: RTO breach, RPO breach, a runbook that failed, a regression, no recovery.</summary>
    public static IReadOnlyList<string> Failures(DrillDefinition drill, DrillTimeline t, Verdict rto, Objective objective, double scale,
        RpoMeasurement? rpo, BaselineComparison? baseline, int? runbookExit, string? runbookError = null, TimeSpan? bucketSize = null)
    {
        var failures = new List<string>();
        // The calibration check: a self-healing outage must be measured as long as it was injected, within one bucket.
        if (t.Healed is { } healed && t.Recovered is { } back && bucketSize is { } bucket
            && (back - healed).Duration() > bucket)
            failures.Add($"Calibration: the outage was injected for {Ms(healed - t.Fault)} and measured as {Ms(back - t.Fault)}, "
                + $"off by more than one bucket ({Ms(bucket)}): the instrument, not the service, is wrong.");
        if (t.Recovered is null)
            failures.Add($"The service never recovered ({Pct(drill.Recovered.ErrorRate)} errors for {DurationText.Format(drill.Recovered.For * scale)} never held).");
        else if (rto == Verdict.Breach)
            failures.Add($"RTO breach: measured {Ms(t.Rto!.Value)} against the {drill.Severity} acceptable RTO of {Ms(objective.Acceptable * scale)} "
                + $"({DurationText.Format(objective.Acceptable)} at time scale {scale}).");
        if (runbookExit is { } exit && exit != 0)
            failures.Add($"The runbook {drill.Runbook} exited {exit}{(string.IsNullOrWhiteSpace(runbookError) ? "" : ": " + runbookError.TrimEnd('.'))}.");
        if (rpo is { Verdict: Verdict.Breach })
            failures.Add($"RPO breach: {rpo.Lost} acknowledged write(s) lost spanning {Ms(rpo.Span)} against the {rpo.Objective.Key} acceptable RPO of {Ms(rpo.Objective.Acceptable * scale)}.");
        if (baseline is { Regressed: true })
            failures.Add($"Regression: runbook overhead {Ms(baseline.Measured)} exceeds the baseline {Ms(baseline.Baseline)} beyond the tolerance ({Ms(baseline.Limit)}).");
        return failures;
    }

    // Measurement does not depend on Reports (Reports depends on it), so the figure format is kept here.
    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0} ms";
    // A regression implies a kept median and limit; the nullable overload only spares Failures a null check.
    private static string Ms(TimeSpan? t) => t is { } v ? Ms(v) : "n/a";
    private static string Pct(double r) => $"< {r * 100:0.#}%";
}

using Runbooks.Core.Rto;
using Runbooks.Drills.Baselines;
using Runbooks.Drills.Definitions;

namespace Runbooks.Drills.Measurement;

/// <summary>
/// Turns a projected timeline into verdicts: the projected RTO and RPO against the real-world RTO/RPO table, the
/// calibration check, and the baseline. Pure functions of their inputs, so they are tested without running anything.
/// </summary>
public static class DrillJudge
{
    /// <summary>The RTO verdict on the projected RTO; a service that never recovered is a breach.</summary>
    public static Verdict JudgeRto(TimelineProjection projection, Objective objective)
        => projection.Rto is { } rto ? objective.Judge(rto) : Verdict.Breach;

    /// <summary>
    /// The RPO of the acknowledged writes that are gone: the real-world window in which acknowledged writes were lost,
    /// projected like every other span. It opens at the restore point when nothing acknowledged after it survived (the
    /// drill's writes only begin with its load, while in the real world they ran through the whole of a backup's age),
    /// else half a write interval before the first lost write; it closes half an interval after the last one, so even a
    /// single lost write loses a window.
    /// </summary>
    /// <param name="lostAckTimes">When each lost write was acknowledged, on the drill clock.</param>
    /// <param name="survivingAckTimes">When each write that survived was acknowledged.</param>
    /// <param name="writeInterval">The drill-clock interval between writes (1 / write rate).</param>
    /// <param name="objective">The RPO row.</param>
    /// <param name="projection">The drill's projected timeline; a span with a fixed real-world length (a backup's age) is the restore point's.</param>
    public static RpoMeasurement JudgeRpo(IReadOnlyList<TimeSpan> lostAckTimes, IReadOnlyList<TimeSpan> survivingAckTimes, TimeSpan writeInterval,
        Objective objective, TimelineProjection projection)
    {
        var acknowledged = lostAckTimes.Count + survivingAckTimes.Count;
        if (lostAckTimes.Count == 0)
            return new RpoMeasurement(acknowledged, 0, TimeSpan.Zero, objective, Verdict.WithinTarget) { DrillSpan = TimeSpan.Zero };
        var firstLost = lostAckTimes.Min();
        var first = firstLost - writeInterval / 2;
        if (projection.Spans.FirstOrDefault(s => s.RealWorld is not null && s.From <= firstLost && firstLost <= s.To) is { } restore
            && !survivingAckTimes.Any(a => a >= restore.From && a < firstLost))
            first = restore.From;
        var last = lostAckTimes.Max() + writeInterval / 2;
        var span = projection.Length(first, last);
        var t = projection.Timeline;
        var whileRunbookRan = t.Responded is { } started ? lostAckTimes.Count(a => a >= started) : 0;
        return new RpoMeasurement(acknowledged, lostAckTimes.Count, span, objective, objective.Judge(span))
        {
            DrillSpan = last - first,
            LastLost = lostAckTimes.Max(),
            LostWhileRunbookRan = whileRunbookRan,
            Phases = projection.PhasesOf(first, last),
        };
    }

    /// <summary>
    /// Compares the measured overhead with the median of the baseline kept for the run's key, by the tolerance of
    /// <see cref="Baseline.RegressionLimit"/>; a baseline without samples compares nothing and says so.
    /// </summary>
    public static BaselineComparison CompareBaseline(TimeSpan measured, Baseline baseline) => new(measured, baseline);

    /// <summary>
    /// The failure sentences of a drill: a calibration mismatch, no recovery, an RTO breach, a failed runbook, an RPO
    /// breach, a regression. Every figure is the projected real-world one.
    /// </summary>
    public static IReadOnlyList<string> Failures(DrillDefinition drill, TimelineProjection projection, Objective objective, RpoMeasurement? rpo,
        BaselineComparison? baseline, int? runbookExit, string? runbookError, TimeSpan resolution)
    {
        var failures = new List<string>();
        var t = projection.Timeline;
        var scale = projection.Scale;
        foreach (var edge in CalibrationEdges(t, resolution)) failures.Add(edge);
        if (t.Recovered is null)
            failures.Add($"The service never recovered ({drill.Recovered.Describe(detect: false)} for {DurationText.Format(drill.Recovered.For)} never held).");
        else if (JudgeRto(projection, objective) == Verdict.Breach)
            failures.Add($"RTO breach: projected {DurationText.Human(projection.Rto!.Value)} against the {drill.Severity} acceptable RTO of "
                + $"{DurationText.Format(objective.Acceptable)} (measured {Ms(t.Rto!.Value)} at time scale {scale}).");
        if (runbookExit is { } exit && exit != 0)
            failures.Add($"The runbook {drill.Runbook} exited {exit}{(string.IsNullOrWhiteSpace(runbookError) ? "" : ": " + runbookError.TrimEnd('.'))}.");
        if (drill.ExpectRpoBreach && rpo is not { Verdict: Verdict.Breach })
            failures.Add(rpo is null
                ? "The drill expects an RPO breach, but no acknowledged writes were measured."
                : $"The drill expects an RPO breach, but measured {rpo.Lost} lost write(s) spanning {DurationText.Human(rpo.Span)}, within the {rpo.Objective.Key} RPO: "
                    + "the procedure or the instrument changed; update the drill.");
        else if (rpo is { Verdict: Verdict.Breach } && !drill.ExpectRpoBreach)
            failures.Add($"RPO breach: {rpo.Lost} acknowledged write(s) lost, spanning a projected {DurationText.Human(rpo.Span)}, against the "
                + $"{rpo.Objective.Key} acceptable RPO of {DurationText.Format(rpo.Objective.Acceptable)}.");
        if (baseline is { Regressed: true })
            failures.Add($"Regression: runbook work {Ms(baseline.Measured)} exceeds the baseline {Ms(baseline.Baseline)} beyond the tolerance ({Ms(baseline.Limit)}).");
        return failures;
    }

    /// <summary>
    /// The calibration check: a self-healing outage must be measured where it was injected, on both edges, within the
    /// instrument's resolution. Empty for a drill whose fault does not heal by itself.
    /// </summary>
    public static IEnumerable<string> CalibrationEdges(DrillTimeline t, TimeSpan resolution)
    {
        if (t.Healed is not { } healed || t.Fault is not { } fault) yield break;
        if (t.FaultSeen is { } seen && (seen - fault).Duration() > resolution)
            yield return $"Calibration: the outage began at {Ms(fault)} and was seen at {Ms(seen)}, off by more than the {Ms(resolution)} resolution: "
                + "the instrument, not the service, is wrong.";
        if (t.Recovered is { } back && (back - healed).Duration() > resolution)
            yield return $"Calibration: the outage was injected for {Ms(healed - fault)} and measured as {Ms(back - fault)}, "
                + $"off by more than the {Ms(resolution)} resolution: the instrument, not the service, is wrong.";
    }

    // Measurement does not depend on Reports (Reports depends on it), so the figure format is kept here.
    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0} ms";
    // A regression implies a kept median and limit; the nullable overload only spares Failures a null check.
    private static string Ms(TimeSpan? t) => t is { } v ? Ms(v) : "n/a";
}

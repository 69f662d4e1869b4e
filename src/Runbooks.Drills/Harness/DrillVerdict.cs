using Runbooks.Core.Rto;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Measurement;

namespace Runbooks.Drills.Harness;

/// <summary>
/// What a finished drill concludes: first whether the instrument could measure at all (right or invalid, never wrong),
/// then the verdicts on the projected timeline, the findings a team acts on, and the baseline.
/// </summary>
internal sealed class DrillVerdict(DrillDefinition drill, Core.Timing.TimeScale scale, bool coldStart, Objective objective, IDrillLoad load, DrillObservation observed, TimelineProjection? projection,
    RpoMeasurement? rpo, Baselines.Baseline? baseline, TimeSpan? claimedRecovery, IReadOnlyList<CommunicationPoint> told, IReadOnlyList<string> writes)
{
    /// <summary>The result every report is written from.</summary>
    public DrillResult Result(TimeSpan wallTime, IReadOnlyList<BucketSample> series)
    {
        var resolution = load.BucketSize;
        var warnings = new List<string>();
        var invalid = observed.Invalid ?? InstrumentProblem(series, warnings);
        var work = observed.Runbook is null ? null : projection?.Phases.Where(p => p.Phase == DrillPhase.Runbook && p.Kind == SpanKind.Measured)
            .Aggregate(TimeSpan.Zero, (a, p) => a + p.Drill);
        var comparison = baseline is { } b && work is { } w ? DrillJudge.CompareBaseline(w, b) with { ColdStart = coldStart } : null;
        var failures = new List<string>(observed.Notes.Select(n => observed.Runbook is null && drill.Runbook is not null ? n.TrimEnd('.') + ", so the runbook never ran." : n));
        if (projection is not null)
            failures.AddRange(DrillJudge.Failures(drill, projection, objective, rpo, comparison, observed.Runbook?.ExitCode, observed.Runbook?.Error, resolution));
        // A drill without a runbook (a calibration) has nobody to tell anyone: no finding either way.
        var (toldFinding, cadenceBroken) = projection is null || drill.Runbook is null ? (null, null) : CommunicationCadence.Judge(told, objective, projection.Rto);
        if (cadenceBroken is not null) failures.Add(cadenceBroken);
        if (writes.Count > 0)
            failures.Add($"The runbook must change nothing (expect readOnly), but sent {writes.Count} write(s) to the providers: {string.Join(", ", writes.Distinct().Take(5))}.");
        return new DrillResult
        {
            Drill = drill,
            TimeScale = scale,
            Timeline = observed.Timeline,
            BucketSize = load.BucketSize,
            Series = series,
            RtoObjective = objective,
            RtoVerdict = projection is null ? Verdict.Breach : DrillJudge.JudgeRto(projection, objective),
            Projection = projection,
            Resolution = resolution,
            Findings = projection is null ? [] : new[] { RtoFindings.Dominant(projection), RtoFindings.WhatWouldMeetTarget(projection, objective), toldFinding,
                RtoFindings.Claim(claimedRecovery, projection), ExpectedLoss() }.OfType<string>().ToList(),
            Communications = told,
            ClaimedRecovery = claimedRecovery,
            Rpo = rpo,
            Baseline = comparison,
            RunbookExitCode = observed.Runbook?.ExitCode,
            RunbookSteps = observed.Runbook?.Steps ?? [],
            RunbookStepStarts = (observed.Runbook?.Steps ?? []).Select(st => st.StartTimestamp is { } ts ? load.ToTimeline(ts) : (TimeSpan?)null).ToList(),
            RunbookJournal = observed.Runbook?.JournalPath,
            DroppedArrivals = load.Health().Dropped,
            Latency = LatencyFigures.Of(drill, scale, series, observed.Timeline, observed.WarmUpP95, load.BucketSize),
            RunbookWork = work,
            ColdStart = coldStart && observed.Runbook is not null,
            Warnings = warnings,
            Failures = invalid is null ? failures : [invalid],
            Invalid = invalid,
            WallTime = wallTime,
        };
    }

    // A drill that exists to show a known loss says it plainly: the breach is the finding, not a pass in disguise.
    private string? ExpectedLoss() => drill.ExpectRpoBreach && rpo is { Verdict: Verdict.Breach }
        ? $"RPO breach, as this drill expects: {rpo.Lost} acknowledged write(s) lost, spanning a projected {DurationText.Human(rpo.Span)}, against the "
            + $"{rpo.Objective.Key} acceptable RPO of {DurationText.Format(rpo.Objective.Acceptable)}: a dump restore loses every write since the dump."
        : null;

    // A late arrival still has its latency charged from its intended time (no coordinated omission); what lateness blurs
    // is when the service was seen in a state, by up to the lag. That matters only where an edge is placed: there a lag
    // over half a bucket could put the edge beyond the stated resolution, and the run is invalid. A lag elsewhere (the
    // machine busy with a restore while nothing changes) is reported, not fatal. A dropped arrival was never sent: the
    // service was not measured for it.
    private string? InstrumentProblem(IReadOnlyList<BucketSample> series, List<string> warnings)
    {
        var health = load.Health();
        if (health.Dropped > 0)
            return $"The load generator dropped {health.Dropped} arrival(s) over its in-flight cap, so the service was not measured for them: "
                + "the run is invalid (lower the drill's load rate, or give the machine more headroom).";
        // The edges the instrument places itself: the fault as the load saw it, and the recovery (its healthy window opens
        // after it). Detection is the alert rule's window, assumed; what the load adds to it is the evaluation, measured.
        var t = observed.Timeline;
        foreach (var (name, at, before, after) in new[] { ("fault", t.FaultSeen ?? t.Fault, 1, 1), ("recovery", t.Recovered, 1, 2) })
        {
            if (at is not { } edge) continue;
            // A blip (a GC pause, one late arrival) moves an edge by an arrival's spacing; a stall over half a bucket's
            // arrivals, each sent over a quarter of a bucket late, can move it by more than half the resolution.
            var stalled = series.Where(b => b.Start + load.BucketSize * (before + 1) > edge && b.Start < edge + load.BucketSize * after)
                .FirstOrDefault(b => b.Count > 0 && b.Stalled * 2 > b.Count + b.Dropped);
            if (stalled == default) continue;
            var error = TimeSpan.FromMilliseconds(stalled.MaxLagMs);
            var stall = $"the load generator stalled around the {name} at {Ms(edge)} ({stalled.Stalled} of the arrivals due from {Ms(stalled.Start)} "
                + $"left over {Ms(load.BucketSize / 4)} late, up to {Ms(error)})";
            // A calibration exists to prove the instrument; elsewhere the edge is off by at most the stall, which matters only
            // when it could move the projected RTO across a line of the table.
            if (drill.Runbook is null || projection?.Rto is not { } rto
                || (rto - objective.Target).Duration() <= error || (rto - objective.Acceptable).Duration() <= error)
                return $"The {name} edge cannot be placed within the {Ms(load.BucketSize)} resolution: {stall}, and that could decide the verdict: "
                    + "the run is invalid (the machine was too busy to measure).";
            warnings.Add($"The {name} edge may be off by up to {Ms(error)}: {stall}; the verdict holds with that margin.");
        }
        if (health.LagP99 > load.BucketSize / 10)
            warnings.Add($"The load generator lagged its schedule (lag p99 {Ms(health.LagP99)}, {health.LateFraction:P1} of arrivals over 2 ms late), "
                + "but not around the measured edges: they are within the resolution.");
        if (observed.Timeline.Recovered is { } recovered && new InstrumentCheck(load.BucketSize).RecoveryEdgeProblem(series, recovered) is { } problem)
        {
            // A calibration drill exists to prove the instrument: there an edge it cannot place is an invalid run. Elsewhere
            // the error is a fraction of a second against a budget of minutes, and is reported as such.
            if (drill.Runbook is null) return $"The recovery edge cannot be placed: {problem}.";
            warnings.Add($"The recovery edge may be early: {problem}.");
        }
        return null;
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0} ms";
}

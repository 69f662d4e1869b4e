using Runbooks.Core.Rto;
using Runbooks.Core.Timing;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Measurement;

namespace Runbooks.Tests.Drills.Reports;

/// <summary>Drill results as the harness would produce them, for report tests.</summary>
internal static class SampleResults
{
    /// <summary>
    /// worker-rollback at <paramref name="scale"/>: fault at 1 s, detected at 3.4 s (the 2 min window, assumed), the runbook
    /// from 3.4 s to 3.9 s with a propagation from 3.5 s until 0.1 s before <paramref name="recoveredAt"/> (simulated).
    /// </summary>
    public static DrillResult WorkerRollback(double recoveredAt, double scale = 0.02)
    {
        var drill = new DrillDefinition
        {
            Name = "worker-rollback",
            SourcePath = "/x/drills/worker-rollback.drill.yaml",
            Runbook = "worker-rollback.csx",
            Severity = "P0",
            Fault = new FaultSpec("bad-deployment", new Dictionary<string, string> { ["propagation"] = "20s" }, 5),
            Load = new LoadSpec(1000, LoadTarget.Worker, 0),
            Detect = new Criterion(0.10, TimeSpan.FromMinutes(2)),
            Recovered = new Criterion(0.01, TimeSpan.FromMinutes(1)),
        };
        var timeline = new DrillTimeline
        {
            Fault = TimeSpan.FromSeconds(1),
            Detected = TimeSpan.FromSeconds(3.4),
            Responded = TimeSpan.FromSeconds(3.4),
            Mitigated = TimeSpan.FromSeconds(3.9),
            Recovered = TimeSpan.FromSeconds(recoveredAt),
        };
        var series = Enumerable.Range(0, 80).Select(i =>
        {
            var t = TimeSpan.FromMilliseconds(i * 100);
            var failing = t >= timeline.Fault && t < timeline.Recovered;
            return new BucketSample(t, 100, failing ? 100 : 0, 0.4, failing ? 2.5 : 0.9);
        }).ToList();
        var objective = new Objective("P0", "Service Down", TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5));
        var projection = new TimelineProjection(timeline, new TimeScale(scale), [
            new TimelineSpan(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3.4), SpanKind.Assumed, "the alert rule's 2 min window"),
            new TimelineSpan(TimeSpan.FromSeconds(3.5), TimeSpan.FromSeconds(recoveredAt - 0.1), SpanKind.Simulated, "Cloudflare propagation"),
        ]);
        return new DrillResult
        {
            Drill = drill,
            TimeScale = new TimeScale(scale),
            Timeline = timeline,
            BucketSize = TimeSpan.FromMilliseconds(100),
            Series = series,
            RtoObjective = objective,
            RtoVerdict = DrillJudge.JudgeRto(projection, objective),
            Projection = projection,
            Resolution = TimeSpan.FromMilliseconds(100),
            Findings = [RtoFindings.Dominant(projection)!, RtoFindings.WhatWouldMeetTarget(projection, objective)!],
            RunbookExitCode = 0,
            Failures = DrillJudge.Failures(drill, projection, objective, null, null, 0, null, TimeSpan.FromMilliseconds(100)),
            WallTime = TimeSpan.FromSeconds(9),
        };
    }
}

using Runbooks.Core.Rto;
using Runbooks.Core.Timing;
using Runbooks.Drills.Baselines;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Measurement;

namespace Runbooks.Tests.Drills.Measurement;

public sealed class DrillJudgeTests
{
    private static readonly Objective P0 = new("P0", "Service Down", TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5));
    private static readonly Objective UserData = new("user-data", null, TimeSpan.Zero, TimeSpan.FromMinutes(5));
    private static readonly TimeScale Fast = new(0.02);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static DrillDefinition Drill(string kind = "bad-deployment") => new()
    {
        Name = "d", SourcePath = "drills/d.drill.yaml", Runbook = kind == "outage" ? null : "r.csx", Severity = "P0",
        Fault = new FaultSpec(kind, new Dictionary<string, string>(), 5), Load = new LoadSpec(1000, LoadTarget.Worker, 0),
        Detect = new Criterion(0.1, TimeSpan.FromMinutes(2)), Recovered = new Criterion(0.01, TimeSpan.FromMinutes(1)),
    };

    // A detection window of 2 min (assumed), then the runbook: 0.5 s of work, a propagation of `propagation` real-world
    // seconds it waits on, and the service back 50 ms after it; everything placed at `scale`.
    private static TimelineProjection Rollback(TimeScale scale, double propagation = 20, double recoveredAfter = 0.05)
    {
        var fault = S(1);
        var detected = fault + scale.ToDrill(S(120)) + S(0.04);
        var responded = detected + S(0.02);
        var propagates = responded + S(0.5);
        var propagated = propagates + scale.ToDrill(S(propagation));
        var t = new DrillTimeline
        {
            Fault = fault, Detected = detected, ResponseDue = detected, Responded = responded,
            Mitigated = propagated + S(0.3), Recovered = propagated + S(recoveredAfter),
        };
        return new TimelineProjection(t, scale, [
            new TimelineSpan(fault, fault + scale.ToDrill(S(120)), SpanKind.Assumed, "the alert rule's 2 min window"),
            new TimelineSpan(propagates, propagated, SpanKind.Simulated, "Cloudflare propagation"),
        ]);
    }

    [Fact]
    public void Projection_DividesAssumedAndSimulatedTimeByTheScaleAndKeepsMeasuredWork()
    {
        var p = Rollback(Fast);
        // 2 min window + 40 ms evaluation + 20 ms reaction + 0.5 s work + 20 s propagation + 50 ms until stable.
        Assert.Equal(120 + 0.04 + 0.02 + 0.5 + 20 + 0.05, p.Rto!.Value.TotalSeconds, precision: 6);
    }

    [Fact]
    public void Projection_IsTheSameAtEveryScale()
    {
        // The 45 s propagation variant: what a drill at 0.02 projects is what the same drill measures at time scale 1.
        var fast = Rollback(Fast, propagation: 45);
        var real = Rollback(TimeScale.RealTime, propagation: 45);
        Assert.Equal(real.Timeline.Rto!.Value.TotalMilliseconds, fast.Rto!.Value.TotalMilliseconds, precision: 3);
        Assert.Equal(real.Rto!.Value.TotalMilliseconds, fast.Rto!.Value.TotalMilliseconds, precision: 3);
    }

    [Fact]
    public void Projection_CountsTheRunbooksWaitOnAPropagationAsProviderTime()
    {
        var phases = Rollback(Fast).Phases;
        var runbook = phases.Where(p => p.Phase == DrillPhase.Runbook).ToList();
        Assert.Equal(0.55, runbook.Single(p => p.Kind == SpanKind.Measured).Projected.TotalSeconds, precision: 6); // it verified 50 ms past the recovery
        var provider = runbook.Single(p => p.Kind == SpanKind.Simulated);
        Assert.Equal(20, provider.Projected.TotalSeconds, precision: 6);
        Assert.Equal(["Cloudflare propagation"], provider.What);
        Assert.Equal("alert rule window", Rollback(Fast).Dominant!.Name);
    }

    [Fact]
    public void Projection_CountsOverlappingSpansOnce_AssumedBeforeSimulated()
    {
        // An API outage that began with the fault, and a client back-off inside it: each second counts once, and the
        // stretch that is also the alert window counts as assumed.
        var t = new DrillTimeline { Fault = S(0), Detected = S(2.4), Responded = S(2.4), Mitigated = S(4), Recovered = S(4) };
        var p = new TimelineProjection(t, Fast, [
            new TimelineSpan(S(0), S(2.4), SpanKind.Assumed, "window"),
            new TimelineSpan(S(0), S(3), SpanKind.Simulated, "API outage"),
            new TimelineSpan(S(2.5), S(3.2), SpanKind.Simulated, "back-off"),
        ]);
        // 2.4 / 0.02 + 0.8 / 0.02 (2.4-3.2 simulated) + 0.8 measured.
        Assert.Equal(120 + 40 + 0.8, p.Rto!.Value.TotalSeconds, precision: 6);
        Assert.Equal(["API outage", "back-off"], p.Phases.Single(x => x.Phase == DrillPhase.Runbook && x.Kind == SpanKind.Simulated).What);
    }

    [Fact]
    public void JudgeRto_JudgesTheProjectedRtoAgainstTheRealWorldRow()
    {
        Assert.Equal(Verdict.WithinAcceptable, DrillJudge.JudgeRto(Rollback(Fast), P0)); // 2 min 20.6 s
        Assert.Equal(Verdict.Breach, DrillJudge.JudgeRto(Rollback(Fast, propagation: 200), P0));
        var never = new TimelineProjection(new DrillTimeline { Fault = S(1) }, Fast, []);
        Assert.Equal(Verdict.Breach, DrillJudge.JudgeRto(never, P0));
    }

    [Fact]
    public void Findings_NameTheDominantPhaseAndTheWindowThatWouldMeetTheTarget()
    {
        var p = Rollback(Fast);
        Assert.Equal("The alert rule window (assumed) decides this RTO: 2 min of 2 min 21 s; the runbook works 550 ms and waits 20.0 s on the provider.",
            RtoFindings.Dominant(p));
        // 20.61 s besides the window leaves 99.39 s: a window people can set (whole 10 s) of 90 s gives 1 min 50.6 s.
        Assert.Equal("With a 90.0 s detection window instead of 2 min, the projected RTO is 110.6 s, within the 2 min target.",
            RtoFindings.WhatWouldMeetTarget(p, P0));
        Assert.StartsWith("No alert rule or response time meets the 2 min target", RtoFindings.WhatWouldMeetTarget(Rollback(Fast, propagation: 150), P0));
        Assert.StartsWith("Within the 5 min target", RtoFindings.WhatWouldMeetTarget(p, P0 with { Target = TimeSpan.FromMinutes(5) }));
    }

    [Fact]
    public void JudgeRpo_ProjectsTheLostSpan_ABackupsAgeInFull()
    {
        // Backup 6 h old (recorded as the 1.5 s before the fault), writes every 20 ms lost until the runbook stopped them.
        var t = new DrillTimeline { Fault = S(1.5), Detected = S(3.9), Responded = S(3.9), Mitigated = S(5), Recovered = S(5) };
        var p = new TimelineProjection(t, Fast, [
            new TimelineSpan(S(0), S(1.5), SpanKind.Simulated, "the backup's age (6 h)", TimeSpan.FromHours(6)),
            new TimelineSpan(S(1.5), S(3.9), SpanKind.Assumed, "window"),
        ]);
        // Writes began with the load, 0.5 s after the backup; none survived until 4 s, when the runbook stopped them.
        var lost = Enumerable.Range(0, 175).Select(i => S(0.51 + i * 0.02)).ToList(); // 0.51 .. 3.99 s
        var rpo = DrillJudge.JudgeRpo(lost, [S(5.01), S(5.03)], S(0.02), UserData, p);
        Assert.Equal(175, rpo.Lost);
        Assert.Equal(177, rpo.Acknowledged);
        // From the restore point (nothing after it survived): 6 h (0 - 1.5 s) + 2 min (1.5 - 3.9 s) + 0.1 s measured (3.9 - 4.0 s).
        Assert.Equal((TimeSpan.FromHours(6) + TimeSpan.FromMinutes(2) + S(0.1)).TotalSeconds, rpo.Span.TotalSeconds, precision: 3);
        Assert.Equal(Verdict.Breach, rpo.Verdict);
        Assert.Equal(5, rpo.LostWhileRunbookRan); // 3.91 .. 3.99 s: acknowledged after the runbook started, until it stopped writes
        Assert.Equal(["backup age", "alert rule window", "runbook work"], rpo.Phases.Select(x => x.Name));
    }

    [Fact]
    public void JudgeRpo_OneLostWriteStillLosesOneWriteInterval()
    {
        var p = new TimelineProjection(new DrillTimeline { Fault = S(1) }, Fast, []);
        var rpo = DrillJudge.JudgeRpo([S(2)], [S(1.98), S(2.02)], S(0.02), UserData, p);
        Assert.Equal(0.02, rpo.Span.TotalSeconds, precision: 6);
        Assert.Equal(Verdict.WithinAcceptable, rpo.Verdict); // not within the 0 target: a write was lost
        Assert.Equal(Verdict.WithinTarget, DrillJudge.JudgeRpo([], [S(2)], S(0.02), UserData, p).Verdict);
    }

    [Theory]
    [InlineData(1.05, 4.05, true)]
    [InlineData(1.25, 4.05, false)] // the fault edge seen a quarter second late
    [InlineData(1.05, 4.25, false)] // the recovery edge
    public void CalibrationEdges_HoldBothEdgesToTheResolution(double seen, double recovered, bool calibrated)
    {
        var t = new DrillTimeline { Fault = S(1), FaultSeen = S(seen), Healed = S(4), Detected = S(1.4), Recovered = S(recovered) };
        var p = new TimelineProjection(t, TimeScale.RealTime, []);
        var failures = DrillJudge.Failures(Drill("outage"), p, P0, null, null, null, null, TimeSpan.FromMilliseconds(100));
        Assert.Equal(calibrated, !failures.Any(f => f.StartsWith("Calibration:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Failures_StateTheBreachInProjectedRealWorldTerms()
    {
        var p = Rollback(Fast, propagation: 200);
        var failure = Assert.Single(DrillJudge.Failures(Drill(), p, P0, null, null, 0, null, TimeSpan.FromMilliseconds(100)));
        Assert.StartsWith("RTO breach: projected 5 min 21 s against the P0 acceptable RTO of 5m (measured ", failure);
    }

    private static readonly BaselineKey Release002 = new("Release", new TimeScale(0.02));

    private static Baseline Kept(params double[] ms) => new(Release002, ms.Select(TimeSpan.FromMilliseconds));

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void CompareBaseline_FlagsOnlyARegressionBeyondTheTolerance()
    {
        // Limit: 1.5 x 1000 + 750 = 2250 ms.
        Assert.False(DrillJudge.CompareBaseline(Ms(2250), Kept(1000)).Regressed);
        Assert.True(DrillJudge.CompareBaseline(Ms(2251), Kept(1000)).Regressed);
        Assert.Equal(Ms(2250), DrillJudge.CompareBaseline(Ms(2400), Kept(1000)).Limit);
    }

    [Fact]
    public void CompareBaseline_JudgesAgainstTheMedianOfTheKeptSamplesNotTheirMean()
    {
        // One disturbed run (9 s) among five: the mean (2.6 s, limit 4.65 s) would hide a 3 s regression; the median does not.
        var comparison = DrillJudge.CompareBaseline(Ms(3000), Kept(1000, 9000, 900, 1100, 1000));
        Assert.Equal(Ms(1000), comparison.Baseline);
        Assert.Equal(5, comparison.Samples);
        Assert.True(comparison.Regressed);
        // An even number of samples: the mean of the middle two.
        Assert.Equal(Ms(1500), Kept(2000, 1000, 4000, 1000).Median);
    }

    [Fact]
    public void CompareBaseline_FlagsARunMuchFasterThanItsMedianWithAWarningButNoFailure()
    {
        var faster = DrillJudge.CompareBaseline(Ms(120), Kept(1711));
        Assert.True(faster.MuchFaster);
        Assert.False(faster.Regressed);
        Assert.Equal("Much faster than its baseline: runbook work 120 ms against a median of 1,711 ms (Release@0.02, 1 run(s)); did it skip a step (verification)?",
            faster.Warning);
        // Under a third but less than 500 ms below the median, or 500 ms below but over a third: noise, not a skipped step.
        Assert.False(DrillJudge.CompareBaseline(Ms(100), Kept(450)).MuchFaster);
        Assert.False(DrillJudge.CompareBaseline(Ms(1000), Kept(1711)).MuchFaster);
        Assert.Null(DrillJudge.CompareBaseline(Ms(1000), Kept(1711)).Warning);
    }

    [Fact]
    public void CompareBaseline_WithoutABaselineForTheRunsKeyComparesNothingAndSaysSoInOneSentence()
    {
        var comparison = DrillJudge.CompareBaseline(Ms(60_000), Baseline.None(new BaselineKey("Debug", new Runbooks.Core.Timing.TimeScale(0.02))));
        Assert.False(comparison.Compared);
        Assert.False(comparison.Regressed);
        Assert.False(comparison.MuchFaster);
        Assert.Null(comparison.Baseline);
        Assert.Null(comparison.Limit);
        Assert.Equal("No baseline for Debug at time scale 0.02; `runbooks drill baseline --update` records one.", comparison.NotCompared);
        Assert.Null(DrillJudge.CompareBaseline(Ms(500), Kept(500)).NotCompared);
    }

    [Fact]
    public void Failures_NameARegressionAgainstTheKeptMedianAndNothingWhenNotCompared()
    {
        var drill = new DrillDefinition
        {
            Name = "worker-rollback", SourcePath = "/x/drills/worker-rollback.drill.yaml", Runbook = "worker-rollback.csx", Severity = "P0",
            Fault = new FaultSpec("bad-deployment", new Dictionary<string, string>(), 5), Load = new LoadSpec(1000, LoadTarget.Worker, 0),
            Detect = new Criterion(0.10, TimeSpan.FromMinutes(2)), Recovered = new Criterion(0.01, TimeSpan.FromMinutes(1)),
        };
        IReadOnlyList<string> FailuresWith(BaselineComparison c) => DrillJudge.Failures(drill, Rollback(Fast), P0, null, c, 0, null, TimeSpan.FromMilliseconds(100));

        var regressed = FailuresWith(DrillJudge.CompareBaseline(Ms(5000), Kept(1000, 900, 1100)));
        Assert.Equal(["Regression: runbook work 5000 ms exceeds the baseline 1000 ms beyond the tolerance (2250 ms)."], regressed);
        Assert.Empty(FailuresWith(DrillJudge.CompareBaseline(Ms(5000), Baseline.None(new BaselineKey("Debug", new Runbooks.Core.Timing.TimeScale(0.02))))));
        Assert.Empty(FailuresWith(DrillJudge.CompareBaseline(Ms(10), Kept(5000))));
    }
}

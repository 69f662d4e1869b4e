using Runbooks.Core.Rto;
using Runbooks.Drills.Baselines;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Measurement;

namespace Runbooks.Tests.Drills.Measurement;

public sealed class DrillJudgeTests
{
    private static readonly Objective P0 = new("P0", "Service Down", TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5));

    private static DrillTimeline Timeline(double fault, double detected, double responded, double mitigated, double recovered) => new()
    {
        Fault = TimeSpan.FromSeconds(fault),
        Detected = TimeSpan.FromSeconds(detected),
        Responded = TimeSpan.FromSeconds(responded),
        Mitigated = TimeSpan.FromSeconds(mitigated),
        Recovered = TimeSpan.FromSeconds(recovered),
    };

    [Theory]
    [InlineData(2.0, Verdict.WithinTarget)]     // 2 s at scale 0.02 = 100 s real: under the 2 min target
    [InlineData(4.0, Verdict.WithinAcceptable)] // 200 s real: between 2 and 5 minutes
    [InlineData(7.0, Verdict.Breach)]           // 350 s real: over 5 minutes
    public void JudgeRto_ComparesTheMeasurementWithTheScaledBudget(double rtoSeconds, Verdict expected)
    {
        var t = Timeline(1, 2, 2, 2.5, 1 + rtoSeconds);
        Assert.Equal(expected, DrillJudge.JudgeRto(t, P0, 0.02));
    }

    [Fact]
    public void JudgeRto_IsABreachWhenTheServiceNeverRecovered()
        => Assert.Equal(Verdict.Breach, DrillJudge.JudgeRto(new DrillTimeline { Fault = TimeSpan.FromSeconds(1) }, P0, 1));

    [Fact]
    public void ProjectRto_ScalesSimulatedWaitsButNotTheRunbooksRealWork()
    {
        // detect 2.4 s, respond 0, runbook 0.5 s (real), heal 0.4 s; scale 0.02
        var t = Timeline(1.0, 3.4, 3.4, 3.9, 4.3);
        Assert.Equal(TimeSpan.FromSeconds(2.4 / 0.02 + 0.5 + 0.4 / 0.02), DrillJudge.ProjectRto(t, 0.02));
    }

    [Fact]
    public void ProjectRto_OfAServiceStableBeforeTheRunbookEnded_CountsOnlyTheRunbookTimeBeforeIt()
    {
        // The runbook's last step (verifying) ran past the moment the service was stable again.
        var t = Timeline(1.0, 3.5, 3.5, 4.1, 4.0);
        Assert.Equal(TimeSpan.FromSeconds(2.5 / 0.02 + 0.5), DrillJudge.ProjectRto(t, 0.02));
        Assert.Equal(TimeSpan.FromSeconds(0.5), DrillJudge.ProjectRecoveryAfterResponse(t, 0.02));
        // Every point of the timeline projects the same way, so the report's "System stable" row equals the RTO.
        Assert.Equal(DrillJudge.ProjectRto(t, 0.02), DrillJudge.ProjectSinceFault(t, t.Recovered!.Value, 0.02));
        Assert.Equal(TimeSpan.FromSeconds(2.5 / 0.02 + 0.6), DrillJudge.ProjectSinceFault(t, t.Mitigated!.Value, 0.02));
    }

    [Fact]
    public void ProjectRto_KeepsTheHarnessReactionBetweenDetectionAndRunbookStartUnscaled()
    {
        // Detected at 3.5 s, the runbook due at once but started 20 ms later (the bucket settling, a poll): those 20 ms
        // are the instrument's real time, not 1 s of projected human response.
        var t = Timeline(1.0, 3.5, 3.52, 4.02, 4.02) with { ResponseDue = TimeSpan.FromSeconds(3.5) };
        Assert.Equal(2.5 / 0.02 + 0.52, DrillJudge.ProjectRto(t, 0.02)!.Value.TotalSeconds, precision: 3);
    }

    [Theory]
    [InlineData(4.05, true)]
    [InlineData(4.25, false)]
    public void Failures_IncludeACalibrationMismatchOfMoreThanOneBucket(double recovered, bool calibrated)
    {
        var t = new DrillTimeline { Fault = TimeSpan.FromSeconds(1), Healed = TimeSpan.FromSeconds(4), Recovered = TimeSpan.FromSeconds(recovered) };
        var drill = new DrillDefinition
        {
            Name = "calibration", SourcePath = "drills/calibration.drill.yaml", Severity = "P0",
            Fault = new FaultSpec("outage", new Dictionary<string, string>(), 5), Load = new LoadSpec(1000, "worker", 0),
            Detect = new Criterion(0.5, TimeSpan.FromMilliseconds(300)), Recovered = new Criterion(0.01, TimeSpan.FromSeconds(1)),
        };
        var failures = DrillJudge.Failures(drill, t, Verdict.WithinTarget, P0, 1, null, null, null, bucketSize: TimeSpan.FromMilliseconds(100));
        Assert.Equal(calibrated, !failures.Any(f => f.StartsWith("Calibration:", StringComparison.Ordinal)));
    }

    [Fact]
    public void JudgeRpo_SpanIsFromFirstToLastLostAcknowledgement()
    {
        var userData = new Objective("user-data", null, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        var lost = new[] { TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2) };
        var rpo = DrillJudge.JudgeRpo(lost, 500, userData, 0.02);
        Assert.Equal(3, rpo.Lost);
        Assert.Equal(TimeSpan.FromSeconds(1.5), rpo.Span);
        Assert.Equal(Verdict.WithinAcceptable, rpo.Verdict); // 1.5 s scaled = 75 s real, under 5 minutes
        Assert.Equal(Verdict.WithinTarget, DrillJudge.JudgeRpo([], 500, userData, 0.02).Verdict);
    }

    private static readonly BaselineKey Release002 = new("Release", 0.02);

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
        var comparison = DrillJudge.CompareBaseline(Ms(60_000), Baseline.None(new BaselineKey("Debug", 0.02)));
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
            Fault = new FaultSpec("bad-deployment", new Dictionary<string, string>(), 5), Load = new LoadSpec(1000, "worker", 0),
            Detect = new Criterion(0.10, TimeSpan.FromMinutes(2)), Recovered = new Criterion(0.01, TimeSpan.FromMinutes(1)),
        };
        var t = Timeline(1, 2, 2, 2.5, 3);
        IReadOnlyList<string> FailuresWith(BaselineComparison c) => DrillJudge.Failures(drill, t, Verdict.WithinTarget, P0, 0.02, null, c, 0);

        var regressed = FailuresWith(DrillJudge.CompareBaseline(Ms(5000), Kept(1000, 900, 1100)));
        Assert.Equal(["Regression: runbook overhead 5000 ms exceeds the baseline 1000 ms beyond the tolerance (2250 ms)."], regressed);
        Assert.Empty(FailuresWith(DrillJudge.CompareBaseline(Ms(5000), Baseline.None(new BaselineKey("Debug", 0.02)))));
        Assert.Empty(FailuresWith(DrillJudge.CompareBaseline(Ms(10), Kept(5000))));
    }
}

using Runbooks.Core.Rto;
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

    [Fact]
    public void CompareBaseline_FlagsOnlyARegressionBeyondTheTolerance()
    {
        Assert.False(DrillJudge.CompareBaseline(TimeSpan.FromMilliseconds(1400), TimeSpan.FromMilliseconds(1000)).Regressed);
        Assert.True(DrillJudge.CompareBaseline(TimeSpan.FromMilliseconds(2400), TimeSpan.FromMilliseconds(1000)).Regressed);
    }
}

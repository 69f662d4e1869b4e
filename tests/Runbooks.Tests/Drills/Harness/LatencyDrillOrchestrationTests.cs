using Microsoft.Extensions.Time.Testing;
using Runbooks.Core.Rto;
using Runbooks.Core.Timing;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Environments;
using Runbooks.Drills.Faults;
using Runbooks.Drills.Harness;
using Runbooks.Drills.Measurement;
using Runbooks.Scripting.Hosting;

namespace Runbooks.Tests.Drills.Harness;

/// <summary>
/// A slow release drilled with seed 001's latency criterion on a fake clock: the alert window and the propagation are
/// scaled, every answer's latency is not, so the detection, the recovery and the projected RTO are the same at every scale.
/// </summary>
public sealed class LatencyDrillOrchestrationTests
{
    private static readonly Objective P2 = new("P2", "Performance Issues", TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30));
    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(1500);
    private static TimeSpan S(double s) => TimeSpan.FromSeconds(s);

    private static DrillDefinition Drill() => new()
    {
        Name = "fake-slow", SourcePath = "drills/fake-slow.drill.yaml", Runbook = "rollback.csx", Severity = "P2",
        Fault = new FaultSpec("slow-deployment", new Dictionary<string, string> { ["latency"] = "1500ms" }, 3), Load = new LoadSpec(1000, LoadTarget.Worker, 0),
        Detect = new Criterion(null, TimeSpan.FromMinutes(2)) { P95 = LatencyThreshold.Of(TimeSpan.FromMilliseconds(1000)) },
        Recovered = new Criterion(0.01, TimeSpan.FromMinutes(1)) { P95 = LatencyThreshold.Of(TimeSpan.FromMilliseconds(1000)) },
    };

    private sealed class SlowFault(FakeService service, TimeSpan latency) : DrillFault
    {
        public override Task InjectAsync(DrillSite site, CancellationToken cancellation)
        {
            service.SlowDown(latency);
            return Task.CompletedTask;
        }
    }

    // 0.5 s of measured work, then a rollback the provider propagates for 20 s real-world (so at the drill's scale), recorded
    // as the simulator records it; the runbook ends when the service answers fast again.
    private static Func<CancellationToken, Task<ExecOutcome>> Rollback(FakeService service, RunClock clock) => async ct =>
    {
        await Task.Delay(S(0.5), clock.Time, ct);
        var acknowledged = clock.Time.GetTimestamp();
        var propagation = clock.Scale.ToDrill(S(20));
        service.SpeedUpAt(service.Elapsed + propagation);
        clock.Record(acknowledged, acknowledged + (long)(propagation.TotalSeconds * clock.Time.TimestampFrequency), "propagation");
        while (service.IsBroken) await Task.Delay(TimeSpan.FromMilliseconds(20), clock.Time, ct);
        return new ExecOutcome(0, null, null, null, [], TimeSpan.Zero, false, null, null);
    };

    private static async Task<(DrillObservation Observed, TimelineProjection? Projection)> DrillAsync(TimeScale scale, TimeSpan latency)
    {
        var drill = Drill();
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T03:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var service = new FakeService(time);
        var clock = new RunClock(scale, time);
        var site = new DrillSite(drill, clock, Runbooks.Core.Estates.Estate.Empty, Path.GetTempPath(), Path.GetTempPath(), null, null, null, _ => { });
        var options = new DrillRunOptions { ReportDirectory = Path.GetTempPath(), WorkingDirectory = Path.GetTempPath() };
        var running = new DrillOrchestration(drill, new SlowFault(service, latency), site, service, time, options, P2)
            .RunAsync(Rollback(service, clock), CancellationToken.None);
        for (var steps = 0; !running.IsCompleted && steps < 400_000; steps++)
        {
            time.Advance(TimeSpan.FromMilliseconds(5));
            for (var spin = 0; spin < 3 && !running.IsCompleted; spin++) await Task.Yield();
        }
        var observed = await running.WaitAsync(TimeSpan.FromSeconds(10));
        var waits = clock.Waits.Select(w => new TimelineSpan(service.ToTimeline(w.StartTimestamp), service.ToTimeline(w.EndTimestamp), SpanKind.Simulated, w.What, w.RealWorld));
        var projection = observed.Timeline.Fault is null ? null : new TimelineProjection(observed.Timeline, scale, observed.Assumed.Concat(waits), service.BucketSize);
        return (observed, projection);
    }

    [Theory]
    [InlineData(0.02)]
    [InlineData(0.5)]
    public async Task A_slow_release_is_detected_by_its_p95_and_recovered_when_the_rollback_has_propagated(double scaleValue)
    {
        var scale = new TimeScale(scaleValue);
        var (observed, projection) = await DrillAsync(scale, Slow);

        var t = observed.Timeline;
        Assert.Null(observed.Invalid);
        Assert.Empty(observed.Notes);
        // The 2 min window at the drill's scale, plus at most a bucket.
        Assert.InRange((t.Detected - t.Fault)!.Value.TotalMilliseconds, scale.ToDrill(TimeSpan.FromMinutes(2)).TotalMilliseconds, scale.ToDrill(TimeSpan.FromMinutes(2)).TotalMilliseconds + 110);
        // The window's last answers only arrive 1.5 s after it: a p95 is known when the slow answers are in, at every scale.
        Assert.InRange((t.Responded - t.Detected)!.Value.TotalMilliseconds, 1500, 1530);
        var phases = projection!.Phases.ToDictionary(p => p.Name);
        Assert.Equal(120, phases["alert rule window"].Projected.TotalSeconds, precision: 6);
        Assert.Equal(20, phases["provider time"].Projected.TotalSeconds, precision: 3);
        // 2 min + 1.5 s evaluation + 0.5 s of work + 20 s propagation, give or take a bucket and the fake clock's steps.
        Assert.InRange(projection.Rto!.Value.TotalSeconds, 142.0, 142.25);
        Assert.Equal(Verdict.WithinTarget, P2.Judge(projection.Rto.Value));
        Assert.Equal(1, observed.WarmUpP95!.Value.TotalMilliseconds);
    }

    [Fact]
    public async Task The_latency_threshold_is_not_scaled_a_release_under_it_is_never_detected_at_any_scale()
    {
        foreach (var scale in new[] { new TimeScale(0.02), new TimeScale(0.5) })
        {
            var (observed, _) = await DrillAsync(scale, TimeSpan.FromMilliseconds(900));
            Assert.Null(observed.Timeline.Detected);
            Assert.Equal("The fault was never detected (p95 > 1000ms for 2m never held).", Assert.Single(observed.Notes));
        }
    }
}

using Microsoft.Extensions.Time.Testing;
using Runbooks.Core.Rto;
using Runbooks.Core.Timing;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Environments;
using Runbooks.Drills.Harness;
using Runbooks.Drills.Measurement;
using Runbooks.Scripting.Hosting;

namespace Runbooks.Tests.Drills.Harness;

/// <summary>
/// The live phases of a drill on a fake clock: the service, the fault and the runbook are fakes whose every duration is
/// known, so the measured points and their projection can be checked to the bucket, in milliseconds of test time.
/// </summary>
public sealed class DrillOrchestrationTests
{
    private static readonly Objective P0 = new("P0", "Service Down", TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5));
    private static TimeSpan S(double s) => TimeSpan.FromSeconds(s);

    private static DrillDefinition Drill(TimeSpan detect, TimeSpan respond, TimeSpan recovered, string? runbook = "rollback.csx") => new()
    {
        Name = "fake", SourcePath = "drills/fake.drill.yaml", Runbook = runbook, Severity = "P0",
        Fault = new FaultSpec("bad-deployment", new Dictionary<string, string>(), 3), Load = new LoadSpec(1000, LoadTarget.Worker, 0),
        Detect = new Criterion(0.10, detect), RespondAfter = respond, Recovered = new Criterion(0.01, recovered),
    };

    private sealed record Run(DrillObservation Observed, TimelineProjection? Projection, FakeFault Fault, RunClock Clock);

    // The runbook: `work` of measured time, then a rollback the provider propagates for `propagation` (real-world, so at
    // the drill's scale), recorded as the simulator records it; it waits until the service answers again, then verifies.
    private static Func<CancellationToken, Task<ExecOutcome>> Rollback(FakeService service, RunClock clock, TimeSpan work, TimeSpan propagation) => async ct =>
    {
        await Task.Delay(work, clock.Time, ct);
        var acknowledged = clock.Time.GetTimestamp();
        var done = service.Elapsed + clock.Scale.ToDrill(propagation);
        service.FixAt(done);
        clock.Record(acknowledged, acknowledged + (long)(clock.Scale.ToDrill(propagation).TotalSeconds * clock.Time.TimestampFrequency), "propagation");
        while (service.IsBroken) await Task.Delay(TimeSpan.FromMilliseconds(20), clock.Time, ct);
        await Task.Delay(TimeSpan.FromMilliseconds(100), clock.Time, ct); // verify
        return new ExecOutcome(0, null, null, null, [], TimeSpan.Zero, false, null, null);
    };

    private static async Task<Run> DrillAsync(DrillDefinition drill, TimeScale scale, Func<FakeService, RunClock, Func<CancellationToken, Task<ExecOutcome>>?> runbook,
        TimeSpan? healsAfter = null, double p99 = 1)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T03:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var service = new FakeService(time) { P99 = p99 };
        var clock = new RunClock(scale, time);
        var site = new DrillSite(drill, clock, Runbooks.Core.Estates.Estate.Empty, Path.GetTempPath(), Path.GetTempPath(), null, null, null, _ => { });
        var fault = new FakeFault(service, healsAfter);
        var options = new DrillRunOptions { ReportDirectory = Path.GetTempPath(), WorkingDirectory = Path.GetTempPath() };
        var running = new DrillOrchestration(drill, fault, site, service, time, options, P0).RunAsync(runbook(service, clock), CancellationToken.None);
        // Move the clock in 5 ms steps, letting the orchestration's continuations run between them; bounded so a hang fails.
        for (var steps = 0; !running.IsCompleted && steps < 200_000; steps++)
        {
            time.Advance(TimeSpan.FromMilliseconds(5));
            for (var spin = 0; spin < 3 && !running.IsCompleted; spin++) await Task.Yield();
        }
        var observed = await running.WaitAsync(TimeSpan.FromSeconds(10));
        var waits = clock.Waits.Select(w => new TimelineSpan(service.ToTimeline(w.StartTimestamp), service.ToTimeline(w.EndTimestamp), SpanKind.Simulated, w.What, w.RealWorld));
        var projection = observed.Timeline.Fault is null ? null : new TimelineProjection(observed.Timeline, scale, observed.Assumed.Concat(waits));
        return new Run(observed, projection, fault, clock);
    }

    [Fact]
    public async Task Detection_response_a_runbook_waiting_on_propagation_and_recovery_are_each_projected_by_their_kind()
    {
        var drill = Drill(detect: TimeSpan.FromMinutes(2), respond: TimeSpan.FromMinutes(1), recovered: TimeSpan.FromMinutes(1));
        var run = await DrillAsync(drill, new TimeScale(0.02), (s, c) => Rollback(s, c, work: S(0.5), propagation: S(20)));

        var t = run.Observed.Timeline;
        Assert.Null(run.Observed.Invalid);
        Assert.InRange((t.Detected - t.Fault)!.Value.TotalMilliseconds, 2400, 2500);           // the 2 min window at 0.02, plus at most a bucket
        Assert.InRange((t.Responded - t.Detected)!.Value.TotalMilliseconds, 1200, 1260);      // the 1 min response at 0.02
        var phases = run.Projection!.Phases.ToDictionary(p => p.Name);
        Assert.Equal(120, phases["alert rule window"].Projected.TotalSeconds, precision: 6);   // assumed: exactly the rule
        Assert.Equal(60, phases["human response"].Projected.TotalSeconds, precision: 6);
        Assert.Equal(20, phases["provider time"].Projected.TotalSeconds, precision: 3);       // simulated: exactly the propagation
        Assert.InRange(phases["runbook work"].Projected.TotalMilliseconds, 490, 560);         // measured: the runbook's 0.5 s
        // 3 min 20.5 s, give or take the instrument's bucket and the steps of the fake clock.
        Assert.InRange(run.Projection.Rto!.Value.TotalSeconds, 200.4, 200.9);
        Assert.Equal("alert rule window", run.Projection.Dominant!.Name);
    }

    [Fact]
    public async Task The_same_drill_projects_the_same_rto_at_time_scale_1_and_at_0_05()
    {
        var drill = Drill(detect: S(10), respond: S(5), recovered: S(5));
        var real = await DrillAsync(drill, TimeScale.RealTime, (s, c) => Rollback(s, c, work: S(0.3), propagation: S(8)));
        var fast = await DrillAsync(drill, new TimeScale(0.05), (s, c) => Rollback(s, c, work: S(0.3), propagation: S(8)));

        // At scale 1 the projection is the measurement; at 0.05 it is rebuilt from the spans. Each is within a bucket of 23.3 s.
        Assert.Equal(real.Observed.Timeline.Rto, real.Projection!.Rto);
        Assert.InRange(real.Projection.Rto!.Value.TotalSeconds, 23.3, 23.45);
        Assert.InRange(fast.Projection!.Rto!.Value.TotalSeconds, 23.3, 23.45);
    }

    [Fact]
    public async Task A_self_healing_outage_is_measured_where_it_was_injected_on_both_edges()
    {
        var drill = Drill(detect: S(0.3), respond: TimeSpan.Zero, recovered: S(1), runbook: null);
        var run = await DrillAsync(drill, TimeScale.RealTime, (_, _) => null, healsAfter: S(4));

        var t = run.Observed.Timeline;
        Assert.Equal(4000, (t.Healed - t.Fault)!.Value.TotalMilliseconds, precision: 0);
        Assert.InRange((t.FaultSeen - t.Fault)!.Value.Duration().TotalMilliseconds, 0, 10);
        Assert.InRange((t.Recovered - t.Healed)!.Value.Duration().TotalMilliseconds, 0, 10);
        Assert.Empty(DrillJudge.CalibrationEdges(t, TimeSpan.FromMilliseconds(100)));
        // The outage is the provider's (simulated) time: projected as injected.
        Assert.Equal(4, run.Projection!.Rto!.Value.TotalSeconds, precision: 1);
    }

    [Fact]
    public async Task A_service_that_never_settles_is_an_invalid_run_and_no_fault_is_injected()
    {
        var drill = Drill(detect: TimeSpan.FromMinutes(2), respond: TimeSpan.Zero, recovered: TimeSpan.FromMinutes(1));
        var run = await DrillAsync(drill, new TimeScale(0.02), (s, c) => Rollback(s, c, S(0.5), S(20)), p99: 400);

        Assert.False(run.Fault.Injected);
        Assert.Null(run.Observed.Timeline.Fault);
        Assert.Null(run.Projection);
        Assert.StartsWith("The service never reached a steady state before the fault", run.Observed.Invalid);
        Assert.Contains("p99 of 400 ms", run.Observed.Invalid);
    }
}

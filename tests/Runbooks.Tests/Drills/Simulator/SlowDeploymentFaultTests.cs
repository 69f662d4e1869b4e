using System.Diagnostics;
using Runbooks.Core.Timing;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Environments;
using Runbooks.Drills.Faults;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Drills.Simulator;

/// <summary>
/// The slow-deployment fault against the real simulator: a version that answers every request, correctly, after its
/// latency goes live through the model's own upload and deploy, and a rollback brings the fast version back.
/// </summary>
public sealed class SlowDeploymentFaultTests(SimulatorFixture fixture) : SimulatorTest(fixture)
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(400);

    private DrillSite Site(RunClock clock) => new(new DrillDefinition
    {
        Name = "slow", SourcePath = "drills/slow.drill.yaml", Runbook = "worker-rollback.csx", Severity = "P2",
        Params = new Dictionary<string, string> { ["worker"] = Worker },
        Fault = new FaultSpec("slow-deployment", new Dictionary<string, string> { ["latency"] = "400ms" }, 1), Load = new LoadSpec(100, LoadTarget.Worker, 0),
        Detect = new Criterion(null, TimeSpan.FromMinutes(2)) { P95 = LatencyThreshold.Of(TimeSpan.FromMilliseconds(300)) },
        Recovered = new Criterion(0.01, TimeSpan.FromMinutes(1)),
    }, clock, Sim.Estate, Path.GetTempPath(), Path.GetTempPath(), Sim, null, null, _ => { });

    private async Task<(int Status, TimeSpan Took, string Version)> GetAsync(HttpClient http)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(WorkerUrl + Sim.Estate.Workers[0].Health);
        return ((int)response.StatusCode, watch.Elapsed, response.Headers.GetValues("x-served-version").Single());
    }

    [Fact]
    public async Task The_slow_release_answers_every_request_correctly_but_only_after_its_latency_in_real_time_even_at_a_drill_scale()
    {
        // A drill at 0.1 runs provider time ten times faster; what each user waits is not provider time.
        var clock = new RunClock(new TimeScale(0.1));
        await Sim.ResetAsync(clock, SimulatorFixture.Timings);
        var site = Site(clock);
        using var http = new HttpClient();
        await GetAsync(http); // the first request pays for the connection and JIT
        var before = await GetAsync(http);

        await FaultCatalog.Create(site.Drill, site.Scale).InjectAsync(site, CancellationToken.None);
        var during = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => GetAsync(http)));

        Assert.Equal(200, before.Status);
        Assert.True(before.Took < Latency, $"the healthy version took {before.Took.TotalMilliseconds:0} ms");
        Assert.All(during, a => Assert.Equal(200, a.Status));
        Assert.All(during, a => Assert.True(a.Took >= Latency, $"the slow version answered in {a.Took.TotalMilliseconds:0} ms"));
        var slow = Assert.Single(during.Select(a => a.Version).Distinct());
        Assert.NotEqual(before.Version, slow);
        // Uploaded as a module a real Worker would run, carrying the directive the simulator reads.
        lock (Sim.Model.Gate) Assert.Equal("slow (400 ms)", Sim.Model.Worker(Worker)!.Versions.Single(v => v.Id == slow).Behaviour.ToString());
    }

    [Fact]
    public async Task Rolling_back_the_slow_release_serves_the_fast_version_once_it_has_propagated()
    {
        var site = Site(RunClock.RealTime());
        using var http = new HttpClient();
        await FaultCatalog.Create(site.Drill, site.Scale).InjectAsync(site, CancellationToken.None);

        await Fixture.Cloudflare().RollbackWorker(Worker);
        await Task.Delay(SimulatorFixture.Propagation + TimeSpan.FromMilliseconds(200));
        var after = await GetAsync(http);

        Assert.Equal(200, after.Status);
        Assert.True(after.Took < Latency, $"after the rollback the Worker took {after.Took.TotalMilliseconds:0} ms");
    }
}

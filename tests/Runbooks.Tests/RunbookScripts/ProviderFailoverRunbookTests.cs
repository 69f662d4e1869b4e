using System.Net;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.RunbookScripts;

/// <summary><c>provider-failover</c> (seed 003, Scenario 5) run by the real CLI against the simulator's upstream providers.</summary>
public sealed class ProviderFailoverRunbookTests(SimulatorFixture fixture) : SimulatorTest(fixture), IDisposable
{
    private readonly Workspace _ws = new();
    private static readonly HttpClient Client = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task WhenTheProviderInUseIsDown_SwitchesToTheNextThatServes_SkippingOneThatIsDownToo()
    {
        Sim.Model.SetDown("iflow", true);
        Sim.Model.SetDown("groq", true);
        using var broken = await Client.GetAsync(WorkerUrl + "/api/health");

        var r = Exec("settle=5s");

        Assert.Equal(HttpStatusCode.BadGateway, broken.StatusCode);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("cerebras", Vars()["AI_PROVIDER"]);
        Assert.Equal([("Check which provider AI_PROVIDER chooses", "ok"), ("Switch AI_PROVIDER to groq", "ok"), ("Check groq serves", "ok"),
            ("Switch AI_PROVIDER to cerebras", "ok"), ("Check cerebras serves", "ok"), ("Verify core endpoints", "ok"), ("Monitor", "ok")],
            _ws.LatestJournal().StepOutcomes());
        Assert.Contains("Monitoring check 10/10: HTTP 200", _ws.LatestJournal().Text);
        lock (Sim.Model.Gate)
            Assert.Equal(["monitoring", "resolved"], Sim.Model.Communications.Posts.Where(p => p.Channel == "status page").Select(p => p.Status));
        using var served = await Client.GetAsync(WorkerUrl + "/api/health");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public void WhenEveryProviderIsDown_PutsTheUsualOneBack_AndFailsSayingSo()
    {
        foreach (var p in new[] { "iflow", "groq", "cerebras" }) Sim.Model.SetDown(p, true);

        var r = Exec("settle=2s");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("Every provider is down (iflow, groq, cerebras): AI_PROVIDER is back on iflow; tell users on the status page until one recovers.", r.Stderr);
        Assert.Equal("iflow", Vars()["AI_PROVIDER"]);
        Assert.Contains("AI interpretations temporarily unavailable", _ws.LatestJournal().Text);
    }

    [Fact]
    public void WithAVarTheWorkerDoesNotHave_ExitsTwo_AndChangesNothing()
    {
        var r = Exec("var=LLM_VENDOR", "providers=a,b");

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains($"Worker {Worker} has no var LLM_VENDOR; it has: ", r.Stderr);
        Assert.Equal("iflow", Vars()["AI_PROVIDER"]);
    }

    private IReadOnlyDictionary<string, string> Vars()
    {
        lock (Sim.Model.Gate) return Sim.Model.Worker(Worker)!.Latest.Vars;
    }

    private CliResult Exec(params string[] parameters)
        => SimulatedExec.Run(Sim, _ws, "provider-failover", null, ["worker=" + Worker, "url=" + WorkerUrl, "monitor=1s", .. parameters]);
}

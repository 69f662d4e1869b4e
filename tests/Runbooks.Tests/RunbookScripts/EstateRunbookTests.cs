using Runbooks.Core.Estates;
using Runbooks.Drills.Environments;
using Runbooks.Drills.Environments.Simulator;
using Runbooks.Drills.Environments.Simulator.Model;
using Runbooks.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Runbooks.Tests.RunbookScripts;

/// <summary>
/// Runbooks that read the estate, run by the real CLI against a simulator of an estate of three made-up Workers: they
/// act on every Worker the estate names and say which ones failed.
/// </summary>
public sealed class EstateRunbookTests : IAsyncLifetime, IDisposable
{
    private static readonly string[] Names = ["orders-api", "payments-edge", "search-svc"];
    private readonly Workspace _ws = new();
    private SimulatorHost _sim = null!;

    public async Task InitializeAsync()
    {
        var estate = new Estate(null, "3c3d3e3f40414243444546474849504a", [],
            [.. Names.Select(n => new EstateWorker(n, "/up", ["/v1/" + n], ["SIGNING_KEY"], new Dictionary<string, string>()))], [], null, [], null);
        _sim = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Estate = estate,
            Timings = ProviderTimings.Default.WithPropagation(TimeSpan.FromMilliseconds(300)),
        });
        // The runbook reads the estate from the run's .config, with each Worker's URL on this simulator.
        EstateYaml.WriteTo(_ws.Root, _sim.SimulatedEstateView);
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    public void Dispose() => _ws.Dispose();

    private Dictionary<string, string> ReleaseBadEverywhere()
    {
        lock (_sim.Model.Gate)
            return _sim.Model.Workers.ToDictionary(w => w.Name, w =>
            {
                var good = w.Latest.Id;
                w.Release(ServiceBehaviour.Failing(), "bad release");
                return good;
            });
    }

    [Fact]
    public void MultiWorkerRollback_RollsBackEveryWorkerTheEstateNames_AndVerifiesEach()
    {
        var good = ReleaseBadEverywhere();

        var r = Exec("multi-worker-rollback");

        Assert.True(r.ExitCode == 0, r.ToString());
        lock (_sim.Model.Gate)
            foreach (var w in _sim.Model.Workers) Assert.Equal(good[w.Name], w.Current!.WholeVersion);
        Assert.All(Names, n => Assert.Contains($"{n}/v1/{n}: HTTP 200", r.Stdout + _ws.LatestJournal().Text));
    }

    [Fact]
    public void MultiWorkerRollback_WhenOneWorkerIsRefused_RollsBackTheOthers_AndExitsOneNamingIt()
    {
        var good = ReleaseBadEverywhere();
        // Cloudflare refuses this one Worker's deployment (a token without permission on it); a mapping the test adds wins over the model.
        _sim.Server.Given(Request.Create().WithPath($"/client/v4/accounts/3c3d3e3f40414243444546474849504a/workers/scripts/payments-edge/deployments").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(403).WithHeader("Content-Type", "application/json")
                .WithBody("""{"success":false,"errors":[{"code":10000,"message":"Authentication error"}],"messages":[],"result":null}"""));

        var r = Exec("multi-worker-rollback");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("1 of 3 Workers were not rolled back: payments-edge (", r.Stderr);
        lock (_sim.Model.Gate)
        {
            Assert.Equal(good["orders-api"], _sim.Model.Worker("orders-api")!.Current!.WholeVersion);
            Assert.Equal(good["search-svc"], _sim.Model.Worker("search-svc")!.Current!.WholeVersion);
            Assert.NotEqual(good["payments-edge"], _sim.Model.Worker("payments-edge")!.Current!.WholeVersion);
        }
    }

    [Fact]
    public void SecretRestore_PutsBackTheKnownGoodValue_AndTheServiceRecovers_WithoutPrintingIt()
    {
        string known;
        lock (_sim.Model.Gate)
        {
            var w = _sim.Model.Worker("orders-api")!;
            known = w.GoodSecrets["SIGNING_KEY"];
            w.PutSecret("SIGNING_KEY", "rotated-by-mistake", "wrangler", propagate: false);
        }

        var r = ExecWith("secret-restore", new() { ["SIGNING_KEY_KNOWN_GOOD"] = known }, "worker=orders-api", "url=" + _sim.ServiceUrl(EstateServiceKind.Worker, "orders-api"), "secret=SIGNING_KEY");

        Assert.True(r.ExitCode == 0, r.ToString());
        lock (_sim.Model.Gate) Assert.Equal(known, _sim.Model.Worker("orders-api")!.Latest.Secrets["SIGNING_KEY"]);
        Assert.DoesNotContain(known, r.Output + _ws.LatestJournal().Text);
    }

    [Fact]
    public void SecretRestore_WithoutTheKnownGoodValue_IsExit2NamingWhereItLooked_AndChangesNothing()
    {
        string before;
        lock (_sim.Model.Gate) before = _sim.Model.Worker("orders-api")!.Latest.Id;

        var r = ExecWith("secret-restore", [], "worker=orders-api", "url=" + _sim.ServiceUrl(EstateServiceKind.Worker, "orders-api"), "secret=SIGNING_KEY");

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("SIGNING_KEY_KNOWN_GOOD", r.Stderr);
        lock (_sim.Model.Gate) Assert.Equal(before, _sim.Model.Worker("orders-api")!.Latest.Id);
    }

    private CliResult Exec(string runbook, params string[] parameters) => ExecWith(runbook, [], parameters);

    private CliResult ExecWith(string runbook, Dictionary<string, string> secrets, params string[] parameters)
    {
        _ws.Runbook(runbook + ".csx", File.ReadAllText(Path.Combine(RepositoryLayout.FindRoot(), "runbooks", runbook + ".csx")));
        var env = _sim.EnvironmentVariables.ToDictionary(v => v.Key, v => (string?)v.Value);
        foreach (var (k, v) in secrets) env[k] = v;
        var args = new List<string> { "exec", runbook, "--yes" };
        foreach (var p in parameters) { args.Add("--param"); args.Add(p); }
        return RunbooksCli.Run(_ws.Root, [.. args], env, TimeSpan.FromSeconds(60));
    }
}

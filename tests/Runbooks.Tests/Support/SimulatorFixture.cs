using Runbooks.Core.Sealing;
using Runbooks.Core.Secrets;
using Runbooks.Drills.Environments.Simulator;
using Runbooks.Core.Estates;
using Runbooks.Drills.Environments.Simulator.Model;
using Runbooks.Providers;
using Runbooks.Providers.Cloudflare;
using Runbooks.Providers.Http;
using Runbooks.Providers.Vercel;

namespace Runbooks.Tests.Support;

/// <summary>
/// One simulator (WireMock.Net, in-process) for every test in the "simulator" collection, modelling the repository's
/// estate; each test resets it first. Names and URLs come from the estate, never from constants.
/// </summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    public const string Token = "test-token-8f3a9c1e";

    /// <summary>Short, so tests that wait for propagation stay fast, but long enough to see the 5xx phase.</summary>
    public static readonly TimeSpan Propagation = TimeSpan.FromMilliseconds(600);

    public SimulatorHost Sim { get; private set; } = null!;

    /// <summary>The provider timings tests run with: every propagation and alias job <see cref="Propagation"/> long.</summary>
    public static ProviderTimings Timings => ProviderTimings.Default.WithPropagation(Propagation) with { VercelBuild = Propagation };

    public async Task InitializeAsync()
        => Sim = await SimulatorHost.StartAsync(new SimulatorOptions { Timings = Timings });

    public async Task DisposeAsync() => await Sim.DisposeAsync();

    public Estate Estate => Sim.Estate;

    /// <summary>
    /// Fast retries so retry tests take a second, not several, within a 2 s budget so an API that never recovers
    /// fails a test in seconds rather than the 5 minutes a real incident keeps trying.
    /// </summary>
    public static ProviderHttpOptions FastRetries => new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(400), MaxJitter = TimeSpan.FromMilliseconds(50),
        RetryBudget = TimeSpan.FromSeconds(2),
    };

    public static ProviderContext Context(List<string>? log = null)
    {
        var store = new SecretStore(new SecretRedactor(), RunVariables.Sealed(new Dictionary<string, string> { ["CLOUDFLARE_API_TOKEN"] = Token, ["VERCEL_TOKEN"] = Token }));
        return new ProviderContext(store, new ListLog(log ?? []));
    }

    public CloudflareFacade Cloudflare(ProviderContext? context = null, ProviderHttpOptions? http = null)
    {
        context ??= Context();
        return new CloudflareFacade(new CloudflareClient(new CloudflareOptions
        {
            BaseUrl = new Uri(Sim.CloudflareApiBaseUrl),
            AccountId = Estate.CloudflareAccountId,
            ZoneId = Estate.Zones[0].Id,
            Http = http ?? FastRetries,
        }, context), context);
    }

    public VercelFacade Vercel(ProviderContext? context = null)
    {
        context ??= Context();
        return new VercelFacade(new VercelClient(new VercelOptions
        {
            BaseUrl = new Uri(Sim.VercelApiBaseUrl),
            TeamId = Estate.VercelTeamId,
            PollInterval = TimeSpan.FromMilliseconds(100),
            Http = FastRetries,
        }, context), context);
    }

    public HttpProbe Http(ProviderContext? context = null) => new(context ?? Context()) { PollInterval = TimeSpan.FromMilliseconds(100) };

    private sealed class ListLog(List<string> lines) : global::Runbooks.Core.Runs.IRunLog
    {
        public void Log(string message) { lock (lines) lines.Add(message); }
    }
}

[CollectionDefinition(Name)]
public sealed class SimulatorCollection : ICollectionFixture<SimulatorFixture>
{
    public const string Name = "simulator";
}

/// <summary>Base for tests against the shared simulator: resets it before each test.</summary>
[Collection(SimulatorCollection.Name)]
public abstract class SimulatorTest(SimulatorFixture fixture) : IAsyncLifetime
{
    protected SimulatorFixture Fixture { get; } = fixture;

    protected SimulatorHost Sim => Fixture.Sim;

    // The model keeps no timers: a reset discards whatever a test left propagating.
    public Task InitializeAsync() => Sim.ResetAsync(Runbooks.Core.Timing.RunClock.RealTime(), SimulatorFixture.Timings);

    public Task DisposeAsync() => Task.CompletedTask;

    protected Task<IReadOnlyList<RecordedRequest>> Journal(string? pathContains = null)
        => Task.FromResult<IReadOnlyList<RecordedRequest>>([.. Sim.Requests.Where(r => pathContains is null || r.Url.Contains(pathContains, StringComparison.Ordinal))]);

    protected string AccountId => Sim.Estate.CloudflareAccountId!;
    protected string ZoneId => Sim.Estate.Zones[0].Id;
    protected string TeamId => Sim.Estate.VercelTeamId!;
    protected string Worker => Sim.Estate.Workers[0].Name;
    protected string PagesProject => Sim.Estate.PagesProjects[0].Name;
    protected string VercelProject => Sim.Estate.VercelProjects[0].Name;
    protected string VercelProjectId => Sim.Estate.VercelProjects[0].Id;
    protected string WorkerUrl => Sim.ServiceUrl(EstateServiceKind.Worker, Worker);
    protected string PagesUrl => Sim.ServiceUrl(EstateServiceKind.Pages, PagesProject);
    protected string VercelAppUrl => Sim.ServiceUrl(EstateServiceKind.Vercel, VercelProject);

    /// <summary>A failing Worker release goes live, as a bad deploy would; returns it and the version it replaced.</summary>
    protected (string Bad, string Good) ReleaseBadWorker()
    {
        lock (Sim.Model.Gate)
        {
            var worker = Sim.Model.Worker(Worker)!;
            var good = worker.Latest.Id;
            return (worker.Release(ServiceBehaviour.Failing(), "bad release").Id, good);
        }
    }

    /// <summary>A failing Pages deployment goes live; returns it and the one it replaced.</summary>
    protected (string Bad, string Good) ReleaseBadPages()
    {
        lock (Sim.Model.Gate)
        {
            var pages = Sim.Model.Pages(PagesProject)!;
            var good = pages.Canonical.Id;
            return (pages.Push(ServiceBehaviour.Failing()).Id, good);
        }
    }

    /// <summary>A failing Vercel production deployment goes live; returns it and the one it replaced.</summary>
    protected (string Bad, string Good) ReleaseBadVercel()
    {
        lock (Sim.Model.Gate)
        {
            var project = Sim.Model.VercelProject(VercelProject)!;
            var good = project.Production(Sim.Model.Now).Id;
            return (project.Push(ServiceBehaviour.Failing()).Id, good);
        }
    }
}

using Runbooks.Core.Sealing;
using Runbooks.Core.Secrets;
using Runbooks.Drills.Environments.Simulator;
using Runbooks.Drills.Environments.WireMock;
using Runbooks.Providers;
using Runbooks.Providers.Cloudflare;
using Runbooks.Providers.Http;
using Runbooks.Providers.Vercel;

namespace Runbooks.Tests.Support;

/// <summary>
/// One simulator (one WireMock java process) for every test in the "simulator" collection; each test resets it first.
/// Disposing it asserts that no java process this test run started is left.
/// </summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    public const string Token = "test-token-8f3a9c1e";

    /// <summary>Short, so tests that wait for propagation stay fast, but long enough to see the 5xx phase.</summary>
    public static readonly TimeSpan Propagation = TimeSpan.FromMilliseconds(600);

    public SimulatorHost Sim { get; private set; } = null!;

    public async Task InitializeAsync()
        => Sim = await SimulatorHost.StartAsync(new SimulatorOptions { PropagationDelay = Propagation });

    public async Task DisposeAsync()
    {
        await Sim.DisposeAsync();
        var left = WireMockProcessMarker.RunningFor(Environment.ProcessId);
        if (left.Count > 0) throw new InvalidOperationException($"WireMock java processes left running: {string.Join(", ", left)}");
    }

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
            AccountId = SimulatedResources.CloudflareAccountId,
            ZoneId = SimulatedResources.CloudflareZoneId,
            Http = http ?? FastRetries,
        }, context), context);
    }

    public VercelFacade Vercel(ProviderContext? context = null)
    {
        context ??= Context();
        return new VercelFacade(new VercelClient(new VercelOptions
        {
            BaseUrl = new Uri(Sim.VercelApiBaseUrl),
            TeamId = SimulatedResources.VercelTeamId,
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

    public Task InitializeAsync() => Sim.ResetAsync();

    /// <summary>
    /// A rollback's propagation webhook fires after the test that caused it may have ended; waiting it out here keeps it
    /// from moving the next test's freshly reset scenario.
    /// </summary>
    public async Task DisposeAsync()
    {
        if ((await Journal()).Any(r => r.Method is "POST" or "PUT" && !r.Url.StartsWith("/sim/", StringComparison.Ordinal)))
            await Task.Delay(SimulatorFixture.Propagation + TimeSpan.FromMilliseconds(300));
    }

    protected async Task<IReadOnlyList<RecordedRequest>> Journal(string? pathContains = null)
        => (await Sim.Admin.GetRequestsAsync()).Where(r => pathContains is null || r.Url.Contains(pathContains, StringComparison.Ordinal)).ToList();
}

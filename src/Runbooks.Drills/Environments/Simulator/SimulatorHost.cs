using System.Text;
using Runbooks.Drills.Environments.WireMock;

namespace Runbooks.Drills.Environments.Simulator;

/// <summary>
/// The simulated Cloudflare and Vercel APIs and the services behind them, on one WireMock server: every mock set of
/// <c>drills/mocks/</c> loaded, faults on demand, and the settings (base URLs, ids, token placeholders) that point
/// runbooks, or the real wrangler and vercel CLIs, at it. <c>runbooks sim</c>, drills and tests all start it through here.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    /// <summary>The token value the simulator hands out (it accepts any bearer token).</summary>
    public const string PlaceholderToken = "simulated-token-not-a-secret";

    private readonly IMockServer _server;
    private readonly SimulatorOptions _options;
    private readonly HashSet<PropagationTarget> _propagations;
    private TimeSpan _propagationDelay;

    private SimulatorHost(IMockServer server, SimulatorOptions options, int mappings, TimeSpan startTime, HashSet<PropagationTarget> propagations)
    {
        _propagations = propagations;
        _server = server;
        _options = options;
        _propagationDelay = options.PropagationDelay;
        Mappings = mappings;
        StartTime = startTime;
        Faults = new SimulatorFaults(server.Admin);
    }

    /// <summary>Starts WireMock and loads every mock set.</summary>
    public static async Task<SimulatorHost> StartAsync(SimulatorOptions? options = null, CancellationToken cancellation = default)
    {
        options = (options ?? SimulatorOptions.Default).Validate();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var server = await WireMockServer.StartAsync(options.WireMock with { Port = options.Port }, cancellation).ConfigureAwait(false);
        try
        {
            var propagations = new HashSet<PropagationTarget>();
            var count = await LoadMockSetsAsync(server.Admin, options, options.PropagationDelay, propagations, cancellation).ConfigureAwait(false);
            await WebhookWarmUp.RunAsync(server.Admin, server.BaseUrl, cancellation: cancellation).ConfigureAwait(false);
            return new SimulatorHost(server, options, count, System.Diagnostics.Stopwatch.GetElapsedTime(started), propagations);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<int> LoadMockSetsAsync(WireMockAdminClient admin, SimulatorOptions options, TimeSpan propagationDelay,
        ISet<PropagationTarget> propagations, CancellationToken cancellation)
    {
        var mocks = options.MocksDirectory ?? Path.Combine(options.WireMock.RepositoryRoot ?? WireMockInstallation.FindRepositoryRoot(), "drills", "mocks");
        var count = 0;
        foreach (var provider in Directory.GetDirectories(mocks).Order(StringComparer.Ordinal))
            count += await MockSetLoader.LoadAsync(admin, provider, propagationDelay, propagations, cancellation).ConfigureAwait(false);
        return count;
    }

    /// <summary>The simulator's root URL.</summary>
    public Uri BaseUrl => _server.BaseUrl;

    /// <summary>The admin API (scenario state, request journal).</summary>
    public WireMockAdminClient Admin => _server.Admin;

    /// <summary>Faults on demand.</summary>
    public SimulatorFaults Faults { get; }

    /// <summary>How many mappings the mock sets loaded.</summary>
    public int Mappings { get; }

    /// <summary>From start to all mock sets loaded.</summary>
    public TimeSpan StartTime { get; }

    /// <summary>The scenario states the mock sets' propagation webhooks move to: reaching one ends a propagation.</summary>
    public IReadOnlySet<PropagationTarget> Propagations => _propagations;

    /// <summary>The propagation delay in force.</summary>
    public TimeSpan PropagationDelay => _propagationDelay;

    /// <summary>Cloudflare's API base URL on the simulator (what <c>CLOUDFLARE_API_BASE_URL</c> is set to).</summary>
    public string CloudflareApiBaseUrl => Url("/client/v4");

    /// <summary>Vercel's API base URL on the simulator.</summary>
    public string VercelApiBaseUrl => Url("");

    /// <summary>The simulated Worker's root (its <c>/api/health</c> and the seeds' verification endpoints are below).</summary>
    public string WorkerUrl => Url(SimulatedResources.WorkerPath);

    /// <summary>The simulated Pages site.</summary>
    public string PagesUrl => Url(SimulatedResources.PagesPath);

    /// <summary>The simulated Vercel app.</summary>
    public string VercelAppUrl => Url(SimulatedResources.VercelAppPath);

    /// <summary>The environment variables that point the provider clients (and wrangler) at the simulator.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables => new Dictionary<string, string>
    {
        ["CLOUDFLARE_API_BASE_URL"] = CloudflareApiBaseUrl,
        ["CLOUDFLARE_ACCOUNT_ID"] = SimulatedResources.CloudflareAccountId,
        ["CLOUDFLARE_ZONE_ID"] = SimulatedResources.CloudflareZoneId,
        ["CLOUDFLARE_API_TOKEN"] = PlaceholderToken,
        ["VERCEL_API_BASE_URL"] = VercelApiBaseUrl,
        ["VERCEL_TEAM_ID"] = SimulatedResources.VercelTeamId,
        ["VERCEL_TOKEN"] = PlaceholderToken,
    };

    /// <summary>One <c>export NAME=value</c> line per variable, for a shell.</summary>
    public string ExportLines()
        => string.Join('\n', EnvironmentVariables.Select(v => $"export {v.Key}={v.Value}"));

    /// <summary>What is simulated and where, for a person reading the console.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine($"Simulator at {BaseUrl} ({Mappings} mappings, propagation {PropagationDelay.TotalSeconds:0.#} s, started in {StartTime.TotalSeconds:0.0} s)");
        text.AppendLine($"  Cloudflare API   {CloudflareApiBaseUrl}   account {SimulatedResources.CloudflareAccountId}, zone {SimulatedResources.CloudflareZoneId}");
        text.AppendLine($"  Vercel API       {VercelApiBaseUrl}   team {SimulatedResources.VercelTeamId}");
        text.AppendLine($"  Worker           {SimulatedResources.Worker}   {WorkerUrl}/api/health");
        text.AppendLine($"  Pages project    {SimulatedResources.PagesProject}   {PagesUrl}/");
        text.AppendLine($"  Vercel project   {SimulatedResources.VercelProject} ({SimulatedResources.VercelProjectId})   {VercelAppUrl}/api/health");
        text.Append($"  Admin            {Url("/__admin")}   (scenarios, request journal)");
        return text.ToString();
    }

    /// <summary>Back to the start: faults removed, every simulated resource in its first state, the request journal empty.</summary>
    public async Task ResetAsync(CancellationToken cancellation = default)
    {
        await Faults.ClearAsync().ConfigureAwait(false);
        await Admin.ResetScenariosAsync(cancellation).ConfigureAwait(false);
        await Admin.ClearRequestsAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="ResetAsync(CancellationToken)"/>, and the mock sets reloaded with <paramref name="propagationDelay"/> when it
    /// differs from the one in force (each drill scales its own).
    /// </summary>
    public async Task ResetAsync(TimeSpan propagationDelay, CancellationToken cancellation = default)
    {
        if (propagationDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(propagationDelay), propagationDelay, "must not be negative");
        if (propagationDelay != _propagationDelay)
        {
            await Faults.ClearAsync().ConfigureAwait(false);
            await Admin.RemoveAllMappingsAsync(cancellation).ConfigureAwait(false);
            _propagations.Clear();
            await LoadMockSetsAsync(Admin, _options, propagationDelay, _propagations, cancellation).ConfigureAwait(false);
            _propagationDelay = propagationDelay;
        }
        await ResetAsync(cancellation).ConfigureAwait(false);
    }

    private string Url(string path) => BaseUrl.ToString().TrimEnd('/') + path;

    /// <summary>Stops the simulator (idempotent).</summary>
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

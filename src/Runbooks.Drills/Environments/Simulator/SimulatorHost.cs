using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Runbooks.Core.Errors;
using Runbooks.Core.Estates;
using Runbooks.Core.Timing;
using Runbooks.Drills.Environments.Simulator.Api;
using Runbooks.Drills.Environments.Simulator.Model;
using WireMock.Logging;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Runbooks.Drills.Environments.Simulator;

/// <summary>
/// The simulated Cloudflare and Vercel APIs and the services behind them, in-process on WireMock.Net: the estate's
/// model answers each API through one catch-all mapping per provider (so mappings a test adds take precedence), the
/// services are served in front of WireMock from the same model, and WireMock's admin API (mappings, request journal,
/// reset) stays for inspection. <c>runbooks sim</c>, drills and tests all start it through here; disposing it stops it,
/// and nothing of it outlives the process.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    /// <summary>The token value the simulator hands out (it accepts any well-formed bearer token; the vercel CLI takes letters, digits and '_' only).</summary>
    public const string PlaceholderToken = "simulated_token_not_a_secret";

    /// <summary>The priority of the model's catch-all mappings: after any mapping a test adds (WireMock's default is 0; lower wins).</summary>
    public const int ModelPriority = 1000;

    private readonly WireMockServer _server;
    private int _disposed;

    private SimulatorHost(WireMockServer server, SimulatedEstate model, TimeSpan startTime)
    {
        _server = server;
        Model = model;
        StartTime = startTime;
        Faults = new SimulatorFaults(model);
        BaseUrl = new Uri(server.Url!);
    }

    /// <summary>Starts the simulator for the estate <paramref name="options"/> names.</summary>
    public static Task<SimulatorHost> StartAsync(SimulatorOptions? options = null, CancellationToken cancellation = default)
    {
        options = (options ?? SimulatorOptions.Default).Validate();
        cancellation.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        var estate = options.Estate ?? EstateFile.Read(options.EstatePath ?? Path.Combine(RepositoryLayout.FindRoot(), EstateFile.DefaultPath));
        var model = new SimulatedEstate(estate, RunClock.RealTime(), options.Timings);
        var services = new ServiceEndpoints(model);
        WireMockServer server;
        try
        {
            server = WireMockServer.Start(new WireMockServerSettings
            {
                Urls = [$"http://127.0.0.1:{options.Port}"],
                StartAdminInterface = true,
                MaxRequestLogCount = options.RequestJournalSize,
                Logger = new WireMockNullLogger(),
                PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use(services.InvokeAsync),
            });
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new EnvironmentUnavailableException($"The provider simulator could not listen on 127.0.0.1:{options.Port}: {e.Message}", e);
        }
        var cloudflare = new CloudflareApi(model);
        var vercel = new VercelApi(model);
        server.Given(Request.Create().WithPath(new RegexMatcher("^" + CloudflareApi.Root + "/.*$")).UsingAnyMethod())
            .AtPriority(ModelPriority)
            .RespondWith(Response.Create().WithCallback(r => WireMockBridge.ToResponse(cloudflare.Handle(WireMockBridge.ToApiRequest(r, CloudflareApi.Root)))));
        server.Given(Request.Create().WithPath(new RegexMatcher(@"^/(v[0-9]+|now|teams)/.*$")).UsingAnyMethod())
            .AtPriority(ModelPriority)
            .RespondWith(Response.Create().WithCallback(r => WireMockBridge.ToResponse(vercel.Handle(WireMockBridge.ToApiRequest(r, "")))));
        var neon = new NeonApi(model.Postgres);
        server.Given(Request.Create().WithPath(new RegexMatcher("^" + NeonApi.Root + "/.*$")).UsingAnyMethod())
            .AtPriority(ModelPriority)
            .RespondWith(Response.Create().WithCallback(r => WireMockBridge.ToResponse(neon.Handle(WireMockBridge.ToApiRequest(r, NeonApi.Root)))));
        var supabase = new SupabaseApi(model.Postgres);
        server.Given(Request.Create().WithPath(new RegexMatcher("^" + SupabaseApi.Root + "/.*$")).UsingAnyMethod())
            .AtPriority(ModelPriority)
            .RespondWith(Response.Create().WithCallback(r => WireMockBridge.ToResponse(supabase.Handle(WireMockBridge.ToApiRequest(r, SupabaseApi.Root)))));
        var communications = new CommunicationsApi(model);
        server.Given(Request.Create().WithPath(new RegexMatcher($"^({CommunicationsApi.SlackRoot}|{CommunicationsApi.StatuspageRoot})/.*$")).UsingAnyMethod())
            .AtPriority(ModelPriority)
            .RespondWith(Response.Create().WithCallback(r => WireMockBridge.ToResponse(communications.Handle(WireMockBridge.ToApiRequest(r, "")))));
        return Task.FromResult(new SimulatorHost(server, model, Stopwatch.GetElapsedTime(started)));
    }

    /// <summary>The simulator's root URL, e.g. <c>http://127.0.0.1:43615/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The WireMock.Net server: add mappings, read the request journal.</summary>
    public WireMockServer Server => _server;

    /// <summary>The model of the estate: what every resource is now, and the intervals imposed.</summary>
    public SimulatedEstate Model { get; }

    /// <summary>The estate simulated.</summary>
    public Estate Estate => Model.Estate;

    /// <summary>Faults on demand.</summary>
    public SimulatorFaults Faults { get; }

    /// <summary>From start to answering.</summary>
    public TimeSpan StartTime { get; }

    /// <summary>Cloudflare's API base URL on the simulator (what <c>CLOUDFLARE_API_BASE_URL</c> is set to).</summary>
    public string CloudflareApiBaseUrl => Url(CloudflareApi.Root);

    /// <summary>Vercel's API base URL on the simulator: its root, as the vercel CLI's <c>--api</c> drops any path.</summary>
    public string VercelApiBaseUrl => Url("");

    /// <summary>Neon's API base URL on the simulator (what <c>NEON_API_BASE_URL</c> is set to).</summary>
    public string NeonApiBaseUrl => Url(NeonApi.Root);

    /// <summary>Supabase's Management API base URL on the simulator (what <c>SUPABASE_API_BASE_URL</c> is set to).</summary>
    public string SupabaseApiBaseUrl => Url(SupabaseApi.Root);

    /// <summary>The URL of a simulated service's root (its health and critical paths are below).</summary>
    public string ServiceUrl(EstateServiceKind kind, string name) => Url(ServiceEndpoints.PathOf(kind, name));

    /// <summary>The URL of a zone's hostname on the simulator (what users of <c>https://HOST</c> reach).</summary>
    public string HostUrl(string host) => Url(ServiceEndpoints.PathOfHost(host));

    /// <summary>The estate with every service's URL pointing at the simulator, as runbooks in a drill see it.</summary>
    public Estate SimulatedEstateView => Estate.WithServiceUrls(ServiceUrl);

    /// <summary>The API calls the request journal kept, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _server.LogEntries.Where(e => e.RequestMessage is not null).OrderBy(e => e.RequestMessage!.DateTime)
        .Select(e => Recorded(e.RequestMessage!, e.ResponseMessage))];

    private static RecordedRequest Recorded(WireMock.IRequestMessage request, WireMock.IResponseMessage? response) => new(
        request.Method, new Uri(request.AbsoluteUrl).PathAndQuery, request.Body ?? Encoding.UTF8.GetString(request.BodyAsBytes ?? []),
        (request.Headers ?? new Dictionary<string, WireMock.Types.WireMockList<string>>()).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase),
        new DateTimeOffset(DateTime.SpecifyKind(request.DateTime, DateTimeKind.Utc)),
        response?.StatusCode is int s ? s : int.TryParse(response?.StatusCode?.ToString(), out var parsed) ? parsed : null);

    /// <summary>The environment variables that point the provider clients (and wrangler) at the simulator.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables
    {
        get
        {
            var vars = new Dictionary<string, string>
            {
                ["CLOUDFLARE_API_BASE_URL"] = CloudflareApiBaseUrl,
                ["CLOUDFLARE_API_TOKEN"] = PlaceholderToken,
                ["VERCEL_API_BASE_URL"] = VercelApiBaseUrl,
                ["VERCEL_TOKEN"] = PlaceholderToken,
            };
            if (Estate.CloudflareAccountId is { } account) vars["CLOUDFLARE_ACCOUNT_ID"] = account;
            if (Estate.Zones.Count > 0) vars["CLOUDFLARE_ZONE_ID"] = Estate.Zones[0].Id;
            if (Estate.VercelTeamId is { } team) vars["VERCEL_TEAM_ID"] = team;
            vars["NEON_API_BASE_URL"] = NeonApiBaseUrl;
            vars["NEON_API_KEY"] = PlaceholderToken;
            vars["SUPABASE_API_BASE_URL"] = SupabaseApiBaseUrl;
            vars["SUPABASE_ACCESS_TOKEN"] = PlaceholderToken;
            // The team's Slack webhook and status page, simulated too: a drill's notifications land here, never with people.
            vars["SLACK_WEBHOOK_URL"] = Url(Model.Communications.WebhookPath);
            vars["STATUSPAGE_API_BASE_URL"] = Url(CommunicationsApi.StatuspageRoot);
            vars["STATUSPAGE_API_KEY"] = PlaceholderToken;
            vars["STATUSPAGE_PAGE_ID"] = Model.Communications.PageId;
            return vars;
        }
    }

    /// <summary>One <c>export NAME=value</c> line per variable, for a shell.</summary>
    public string ExportLines() => string.Join('\n', EnvironmentVariables.Select(v => $"export {v.Key}={v.Value}"));

    /// <summary>What is simulated and where, for a person reading the console: each service of the estate and its URL.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        var t = Model.Timings;
        text.AppendLine($"Simulator at {BaseUrl} (estate {Estate.Source ?? "in code"}, propagation {HumanDuration.Of(t.WorkerPropagation)}, started in {StartTime.TotalSeconds:0.00} s)");
        text.AppendLine($"  Cloudflare API   {CloudflareApiBaseUrl}   account {Estate.CloudflareAccountId ?? "(none)"}");
        foreach (var z in Estate.Zones) text.AppendLine($"  Zone             {z.Name}   {z.Id}");
        foreach (var w in Estate.Workers) text.AppendLine($"  Worker           {w.Name}   {ServiceUrl(EstateServiceKind.Worker, w.Name)}{w.Health}");
        foreach (var p in Estate.PagesProjects) text.AppendLine($"  Pages project    {p.Name}   {ServiceUrl(EstateServiceKind.Pages, p.Name)}{p.Health}");
        text.AppendLine($"  Vercel API       {VercelApiBaseUrl}   team {Estate.VercelTeamId ?? "(none)"}");
        foreach (var p in Estate.VercelProjects) text.AppendLine($"  Vercel project   {p.Name} ({p.Id})   {ServiceUrl(EstateServiceKind.Vercel, p.Name)}{p.Health}");
        text.AppendLine($"  Neon API         {NeonApiBaseUrl}   project {Estate.Postgres.NeonProjectId ?? "(none)"}");
        text.AppendLine($"  Supabase API     {SupabaseApiBaseUrl}   project {Estate.Postgres.SupabaseProjectRef ?? "(none)"}");
        text.Append($"  Admin            {Url("/__admin")}   (mappings, request journal)");
        return text.ToString();
    }

    /// <summary>Back to the start on real time with the timings the simulator started with.</summary>
    public Task ResetAsync(CancellationToken cancellation = default) => ResetAsync(RunClock.RealTime(), Model.Timings, cancellation);

    /// <summary>
    /// Back to the start on <paramref name="clock"/> with <paramref name="timings"/>: every resource in its starting history,
    /// faults removed, mappings a test added removed, the request journal empty.
    /// </summary>
    public async Task ResetAsync(RunClock clock, ProviderTimings timings, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        await Faults.ClearAsync().ConfigureAwait(false);
        foreach (var mapping in _server.Mappings.Where(m => !m.IsAdminInterface && m.Priority != ModelPriority).ToList()) _server.DeleteMapping(mapping.Guid);
        Model.Reset(clock, timings);
        await Model.Postgres.ResetAsync(Estate.Postgres).ConfigureAwait(false); // copies of the last drill stopped: no orphan servers
        _server.ResetLogEntries();
    }

    private string Url(string path) => BaseUrl.ToString().TrimEnd('/') + path;

    /// <summary>Stops the simulator and every copy its simulated PostgreSQL built (idempotent).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _server.Stop();
            _server.Dispose();
            await Model.Postgres.DisposeAsync().ConfigureAwait(false);
        }
    }
}

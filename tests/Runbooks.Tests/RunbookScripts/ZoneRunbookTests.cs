using System.Net;
using System.Text.Json.Nodes;
using Runbooks.Drills.Environments;
using Runbooks.Drills.Environments.Simulator;
using Runbooks.Drills.Environments.Simulator.Model;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.RunbookScripts;

/// <summary>
/// The runbooks that act on a zone (maintenance page, cache purge, DNS failover, rate-limit change), run by the real CLI
/// against the simulator; users reach the Worker by its hostname, through the zone's rules, cache and routes.
/// </summary>
public sealed class ZoneRunbookTests(SimulatorFixture fixture) : SimulatorTest(fixture), IDisposable
{
    private readonly Workspace _ws = new();
    private static readonly HttpClient Users = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    public void Dispose() => _ws.Dispose();

    private string Host => $"{Worker}.{Sim.Estate.Zones[0].Name}";

    private string HostUrl => Sim.HostUrl(Host);

    [Fact]
    public async Task MaintenancePage_RedirectsTheHostToThePagesMaintenancePage_AndOffTakesItAway()
    {
        var on = Exec("maintenance-page", "host=" + Host, "url=" + HostUrl);
        using var during = await Users.GetAsync(HostUrl + "/api/health");
        var off = Exec("maintenance-page", "host=" + Host, "url=" + HostUrl, "off=true");
        using var after = await Users.GetAsync(HostUrl + "/api/health");

        Assert.True(on.ExitCode == 0, on.ToString());
        Assert.Equal(HttpStatusCode.Found, during.StatusCode);
        Assert.Equal(PagesUrl + "/maintenance.html", during.Headers.Location?.ToString());
        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        lock (Sim.Model.Gate) Assert.Empty((JsonArray)Sim.Model.Zones[0].Rulesets["http_request_dynamic_redirect"]["rules"]!);
    }

    [Fact]
    public void MaintenancePage_WithAPagesProjectTheEstateDoesNotRun_ExitsTwo_AndRedirectsNothing()
    {
        var r = Exec("maintenance-page", "host=" + Host, "url=" + HostUrl, "pages=nope");

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("nope", r.Stderr);
        lock (Sim.Model.Gate) Assert.False(Sim.Model.Zones[0].Rulesets.ContainsKey("http_request_dynamic_redirect"));
    }

    [Fact]
    public async Task CachePurge_ByUrl_RemovesTheStaleAnswer_AndTheHostServesTheOriginAgain()
    {
        Cache("/api/health", 500);
        Cache("/api/pitches/public", 500);
        using var stale = await Users.GetAsync(HostUrl + "/api/health");

        var r = Exec("cache-purge", "host=" + Host, "url=" + HostUrl, "paths=/api/health");
        using var fresh = await Users.GetAsync(HostUrl + "/api/health");

        Assert.Equal(HttpStatusCode.InternalServerError, stale.StatusCode);
        Assert.Equal("HIT", stale.Headers.GetValues("cf-cache-status").Single());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal("DYNAMIC", fresh.Headers.GetValues("cf-cache-status").Single());
        lock (Sim.Model.Gate) Assert.Equal([$"{Host}/api/pitches/public"], Sim.Model.Zones[0].Cache.Keys); // only what was named
        var purge = Assert.Single(await Journal("/purge_cache"));
        Assert.Equal($"https://{Host}/api/health", (string?)purge.Json!["files"]![0]);
    }

    [Fact]
    public async Task CachePurge_IsSentAgainAfterA502_ForAPurgeTwiceIsNoHarm()
    {
        Cache("/", 500);
        await Sim.Faults.ServerErrorsAsync(SimulatedApi.Cloudflare, times: 1, pathPattern: "/client/v4/zones/[0-9a-f]+/purge_cache");

        var r = Exec("cache-purge", "host=" + Host, "url=" + HostUrl);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(2, (await Journal("/purge_cache")).Count);
        lock (Sim.Model.Gate) Assert.Empty(Sim.Model.Zones[0].Cache);
    }

    [Fact]
    public async Task CachePurge_WithARejectedToken_ExitsOne_NamingThePurge_AndTheStaleAnswerStays()
    {
        Cache("/", 500);
        await Sim.Faults.InvalidTokenAsync(SimulatedApi.Cloudflare);

        var r = Exec("cache-purge", "host=" + Host, "url=" + HostUrl);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains($"Cloudflare rejected the API token (CLOUDFLARE_API_TOKEN) while purging the cache of zone {ZoneId}", r.Stderr);
        lock (Sim.Model.Gate) Assert.Single(Sim.Model.Zones[0].Cache);
    }

    [Fact]
    public async Task DnsFailover_PointsTheRouteAtTheStandby_AndBackReturnsIt()
    {
        const string standby = "drill-standby";
        lock (Sim.Model.Gate) Sim.Model.CreateWorker(standby).Seed();
        Sim.Model.Worker(Worker)!.Edge.Override(ServiceBehaviour.Failing(1, 503, "region down"));
        using var down = await Users.GetAsync(HostUrl + "/api/health");

        var over = Exec("dns-failover", "host=" + Host, "url=" + HostUrl, "standby=" + standby,
            "standby-url=" + Sim.ServiceUrl(Runbooks.Core.Estates.EstateServiceKind.Worker, standby));
        using var served = await Users.GetAsync(HostUrl + "/api/health");
        Sim.Model.Worker(Worker)!.Edge.Override(null);
        var back = Exec("dns-failover", "host=" + Host, "url=" + HostUrl, "standby=" + standby, "back=true");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.True(over.ExitCode == 0, over.ToString());
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(standby, served.Headers.GetValues("x-served-by").Single());
        Assert.True(back.ExitCode == 0, back.ToString());
        lock (Sim.Model.Gate) Assert.Equal(Worker, (string?)Sim.Model.Zones[0].Routes.Single(x => ((string)x["pattern"]!).StartsWith(Host + "/", StringComparison.Ordinal))["script"]);
    }

    [Fact]
    public void DnsFailover_ToAStandbyThatDoesNotExist_ExitsOne_AndTheRouteStays()
    {
        var r = Exec("dns-failover", "host=" + Host, "url=" + HostUrl, "standby=no-such-worker");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains($"pointing Workers route {Host}/* of zone {ZoneId} at no-such-worker", r.Stderr);
        lock (Sim.Model.Gate) Assert.Equal(Worker, (string?)Sim.Model.Zones[0].Routes.Single(x => ((string)x["pattern"]!).StartsWith(Host + "/", StringComparison.Ordinal))["script"]);
    }

    [Fact]
    public async Task RateLimitChange_RaisesTheRule_AndUsersAreNoLongerLimited()
    {
        var rule = StrictRule(allowed: 5);
        for (var i = 0; i < 10; i++) (await Users.GetAsync(HostUrl + "/")).Dispose();
        using var limited = await Users.GetAsync(HostUrl + "/");

        var r = Exec("rate-limit-change", "host=" + Host, "url=" + HostUrl, "monitor=1s", "requests=100000");

        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("20 of 20 requests served.", _ws.LatestJournal().Text);
        lock (Sim.Model.Gate)
            Assert.Equal(100000, (int)((JsonArray)Sim.Model.Zones[0].Rulesets["http_ratelimit"]["rules"]!).OfType<JsonObject>().Single(x => (string?)x["id"] == rule)["ratelimit"]!["requests_per_period"]!);
    }

    [Fact]
    public void RateLimitChange_WithANonNumberOrAnUnknownRule_FailsClearly_AndLeavesTheRule()
    {
        StrictRule(allowed: 5);

        var notANumber = Exec("rate-limit-change", "host=" + Host, "url=" + HostUrl, "monitor=1s", "requests=lots");
        var unknown = Exec("rate-limit-change", "host=" + Host, "url=" + HostUrl, "monitor=1s", "requests=100", "rule=nope");

        Assert.True(notANumber.ExitCode == 2, notANumber.ToString());
        Assert.Contains("param requests must be a whole number of requests per period, not 'lots'.", notANumber.Stderr);
        Assert.True(unknown.ExitCode == 1, unknown.ToString());
        Assert.Contains("has no rate-limit rule nope; it has: ", unknown.Stderr);
        lock (Sim.Model.Gate)
            Assert.Equal(5, (int)((JsonArray)Sim.Model.Zones[0].Rulesets["http_ratelimit"]["rules"]!)[0]!["ratelimit"]!["requests_per_period"]!);
    }

    private void Cache(string path, int status)
    {
        lock (Sim.Model.Gate)
            Sim.Model.Zones[0].Cache[SimulatedZone.CacheKey(Host, path)] = new CachedAnswer(
                new ServiceAnswer(status, "{\"error\":\"stale\"}", "application/json", TimeSpan.Zero, "stale"), Sim.Model.Now);
    }

    private string StrictRule(int allowed)
    {
        const string id = "0123456789abcdef0123456789abcdef";
        lock (Sim.Model.Gate)
            Sim.Model.Zones[0].Rulesets["http_ratelimit"] = new JsonObject
            {
                ["id"] = "fedcba9876543210fedcba9876543210", ["kind"] = "zone", ["phase"] = "http_ratelimit", ["version"] = "1",
                ["rules"] = new JsonArray(new JsonObject
                {
                    ["id"] = id, ["description"] = "api limit", ["expression"] = $"(http.host eq \"{Host}\")", ["action"] = "block", ["enabled"] = true,
                    ["ratelimit"] = new JsonObject { ["characteristics"] = new JsonArray("cf.colo.id", "ip.src"), ["period"] = 60, ["requests_per_period"] = allowed, ["mitigation_timeout"] = 0 },
                }),
            };
        return id;
    }

    private CliResult Exec(string runbook, params string[] parameters) => SimulatedExec.Run(Sim, _ws, runbook, null, parameters);
}

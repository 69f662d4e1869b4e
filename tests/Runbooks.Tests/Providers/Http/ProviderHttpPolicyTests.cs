using System.Net;
using System.Net.Sockets;
using Runbooks.Core.Errors;
using Runbooks.Drills.Environments.Simulator;
using Runbooks.Providers.Cloudflare;
using Runbooks.Providers.Http;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Providers.Http;

/// <summary>The one client policy: what is retried, how long it waits, and the sentence a failure becomes.</summary>
public sealed class ProviderHttpPolicyTests(SimulatorFixture fixture) : SimulatorTest(fixture)
{
    [Fact]
    public async Task Latency_SlowsTheServicesAndTheApiAlike_UntilCleared()
    {
        await Sim.Faults.LatencyAsync(TimeSpan.FromMilliseconds(300));
        using var http = new HttpClient();
        using var cf = Fixture.Cloudflare();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await http.GetAsync(WorkerUrl + "/api/health");
        var service = clock.Elapsed;
        clock.Restart();
        await cf.Deployments(Worker);
        var api = clock.Elapsed;
        await Sim.Faults.ClearAsync();

        Assert.True(service >= TimeSpan.FromMilliseconds(300), $"the service answered in {service}");
        Assert.True(api >= TimeSpan.FromMilliseconds(300), $"the API answered in {api}");
        Assert.Equal(TimeSpan.Zero, Sim.Model.Latency);
    }

    [Fact]
    public async Task RateLimited_IsRetriedAfterRetryAfter()
    {
        await Sim.Faults.RateLimitAsync(SimulatedApi.Cloudflare, retryAfterSeconds: 1);
        using var cf = Fixture.Cloudflare();

        await cf.Deployments(Worker);

        var calls = await Journal();
        Assert.Equal([429, 200], calls.Select(c => c.Status ?? 0));
        Assert.True(calls[1].LoggedAt - calls[0].LoggedAt >= TimeSpan.FromMilliseconds(950), $"retried after {calls[1].LoggedAt - calls[0].LoggedAt}");
    }

    [Fact]
    public async Task RateLimited_LongerThanTheCap_FailsAtOnceWithOneSentence()
    {
        await Sim.Faults.RateLimitAsync(SimulatedApi.Vercel, retryAfterSeconds: 300);
        using var vercel = Fixture.Vercel();

        var e = await Assert.ThrowsAsync<ProviderException>(() => vercel.Project(VercelProject));

        Assert.Single(await Journal());
        Assert.StartsWith("Vercel rate-limited the API token while reading project churn-saver and asks to wait 300 s, longer than the 60 s", e.Message);
    }

    [Theory]
    [InlineData(SimulatedApi.Cloudflare, "Cloudflare rejected the API token (CLOUDFLARE_API_TOKEN) while listing deployments of worker pitchey-production: 10000 Authentication error")]
    [InlineData(SimulatedApi.Vercel, "Vercel rejected the API token (VERCEL_TOKEN) while reading project churn-saver: forbidden Not authorized")]
    public async Task RejectedToken_IsNotRetried_AndTheSentenceNamesTheVariableNotTheValue(SimulatedApi api, string expected)
    {
        await Sim.Faults.InvalidTokenAsync(api);
        using var cf = Fixture.Cloudflare();
        using var vercel = Fixture.Vercel();

        var e = await Assert.ThrowsAsync<ProviderException>(() => api == SimulatedApi.Cloudflare ? cf.Deployments(Worker) : vercel.Project(VercelProject));

        Assert.Equal(expected, e.Message);
        Assert.Equal(ExitCodes.Failed, e.ExitCode);
        Assert.DoesNotContain(SimulatorFixture.Token, e.ToString());
        Assert.Single(await Journal());
    }

    [Fact]
    public async Task ServerErrorBurst_IsRetried_UntilTheApiAnswers()
    {
        await Sim.Faults.ServerErrorsAsync(SimulatedApi.Cloudflare, times: 2);
        var log = new List<string>();
        using var cf = Fixture.Cloudflare(SimulatorFixture.Context(log));

        await cf.Deployments(Worker);

        Assert.Equal([502, 502, 200], (await Journal()).Select(c => c.Status ?? 0));
        Assert.Contains(log, l => l.Contains("HTTP 502; retrying", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerErrors_BeyondTheAttemptCap_NameStatusAttemptsAndTimeTried_WithoutTheHtmlPage()
    {
        await Sim.Faults.ServerErrorsAsync(SimulatedApi.Cloudflare, times: 5);
        using var cf = Fixture.Cloudflare(http: SimulatorFixture.FastRetries with { MaxAttempts = 3 });

        var e = await Assert.ThrowsAsync<ProviderException>(() => cf.Deployments(Worker));

        Assert.Equal(3, (await Journal()).Count);
        Assert.Matches(@"^Cloudflare failed with HTTP 502 while listing deployments of worker pitchey-production \(3 attempts over (\d+ ms|\d(\.\d)? s)\): HTTP 502 \(HTML error page\)$", e.Message);
    }

    [Fact]
    public async Task ServerErrors_BeyondTheBudget_NameTheRealWorldTimeTriedAndTheAttempts()
    {
        await Sim.Faults.ServerErrorsAsync(SimulatedApi.Cloudflare, times: 0);
        using var cf = Fixture.Cloudflare();

        var e = await Assert.ThrowsAsync<ProviderException>(() => cf.Deployments(Worker));

        var attempts = (await Journal()).Count;
        Assert.True(attempts > 3, $"{attempts} attempts");
        Assert.Matches($@"^Cloudflare failed with HTTP 502 while listing deployments of worker pitchey-production \({attempts} attempts over [\d.]+ (ms|s)\): ", e.Message);
    }

    [Fact]
    public async Task ConnectionReset_OnEveryAttempt_IsAnUnreachableEnvironment()
    {
        await Sim.Faults.ConnectionResetAsync(SimulatedApi.Vercel);
        using var vercel = Fixture.Vercel();

        var e = await Assert.ThrowsAsync<EnvironmentUnavailableException>(() => vercel.Project(VercelProject));

        Assert.Equal(ExitCodes.EnvironmentUnavailable, e.ExitCode);
        Assert.StartsWith($"The Vercel API at {Sim.VercelApiBaseUrl} could not be reached while reading project {VercelProject} ({Sim.Model.VercelFaults.Applied} attempts over ", e.Message);
        Assert.True(Sim.Model.VercelFaults.Applied > 1, "the client should have tried again");
    }

    [Fact]
    public async Task ClosedPort_IsAnUnreachableEnvironment_Exit3()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var context = SimulatorFixture.Context();
        using var cf = new CloudflareClient(new CloudflareOptions
        {
            BaseUrl = new Uri($"http://127.0.0.1:{port}/client/v4"), AccountId = AccountId, Http = SimulatorFixture.FastRetries,
        }, context);

        var e = await Assert.ThrowsAsync<EnvironmentUnavailableException>(() => cf.ListDeployments(Worker));

        Assert.Equal(ExitCodes.EnvironmentUnavailable, e.ExitCode);
        // How long it kept trying depends on the machine (the fixture's budget is 2 s); that it names the attempts and the time does not.
        Assert.Matches($@"The Cloudflare API at http://127\.0\.0\.1:{port}/client/v4 could not be reached while listing deployments of worker pitchey-production \((\d+) attempts over [\d.]+ (ms|s)\)", e.Message);
        Assert.True(int.Parse(System.Text.RegularExpressions.Regex.Match(e.Message, @"\((\d+) attempts").Groups[1].Value) >= 2, e.Message);
    }
}

/// <summary>A request that is not idempotent is never sent again blindly: the state is read back first.</summary>
public sealed class NonIdempotentRequestTests(SimulatorFixture fixture) : SimulatorTest(fixture)
{
    [Fact]
    public async Task A_deployment_answered_with_502_is_read_back_and_sent_again_only_because_it_did_not_take_effect()
    {
        var previous = (await Fixture.Cloudflare().Deployments(Worker))[1].SingleVersionId!;
        await Sim.Faults.ServerErrorsAsync(SimulatedApi.Cloudflare, times: 1, pathPattern: $"/client/v4/accounts/{AccountId}/workers/scripts/{Worker}/deployments");
        var log = new List<string>();
        using var cf = Fixture.Cloudflare(SimulatorFixture.Context(log));

        var deployment = await cf.Api.CreateDeployment(Worker, previous, "Rollback");

        Assert.Equal(previous, deployment.SingleVersionId);
        var calls = (await Journal("/deployments")).OrderBy(c => c.LoggedAt).Select(c => $"{c.Method} {(c.Status is >= 200 and < 300 ? "2xx" : c.Status)}");
        Assert.Equal(["POST 502", "GET 2xx", "POST 2xx"], calls.TakeLast(3));
        Assert.Contains(log, l => l.Contains("reading the state back before sending it again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rule_added_and_answered_with_502_is_not_sent_again_and_the_sentence_says_to_check_first()
    {
        await Sim.Faults.ServerErrorsAsync(SimulatedApi.Cloudflare, times: 1, pathPattern: "/client/v4/zones/.*/rulesets/.*/rules");
        using var cf = Fixture.Cloudflare();

        var e = await Assert.ThrowsAsync<ProviderException>(() => cf.Api.AddRule(ZoneId, "0123456789abcdef0123456789abcdef",
            new Runbooks.Providers.Cloudflare.RulesetRule { Description = "x", Expression = "true", Action = "redirect" }));

        Assert.Single(await Journal("/rules"));
        Assert.EndsWith("It was not sent again because it may have taken effect: check the state before running the step again.", e.Message);
    }

    [Fact]
    public async Task A_purge_answered_with_502_is_sent_again_for_purging_twice_does_no_harm()
    {
        await Sim.Faults.ServerErrorsAsync(SimulatedApi.Cloudflare, times: 1, pathPattern: "/client/v4/zones/.*/purge_cache");
        using var cf = Fixture.Cloudflare();

        await cf.Api.PurgeCache();

        Assert.Equal([502, 200], (await Journal("/purge_cache")).Select(q => q.Status ?? 0));
    }
}

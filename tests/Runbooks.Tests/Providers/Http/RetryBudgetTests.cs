using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Runbooks.Core.Runs;
using Runbooks.Core.Sealing;
using Runbooks.Core.Secrets;
using Runbooks.Core.Timing;
using Runbooks.Providers;
using Runbooks.Providers.Http;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Providers.Http;

/// <summary>
/// The client retries while a real-world budget allows, waiting on the run's clock: a provider outage is ridden out,
/// or not, the same way at every drill scale. The outage is timed on the fake clock the client waits on, scaled as
/// a drill's simulator scales it.
/// </summary>
public sealed class RetryBudgetTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<string> _log = [];
    private int _attempts;

    [Fact]
    public async Task A_40_s_outage_is_ridden_out_at_scale_1_and_at_scale_0_02_with_the_same_attempts()
    {
        var (atOne, _) = await RideOut(scale: 1);
        var (atFiftieth, realWorld) = await RideOut(scale: 0.02);

        Assert.True(atOne > 3, $"{atOne} attempts: more than the old cap of 3 were needed to ride out 40 s");
        Assert.InRange(atFiftieth, atOne - 1, atOne + 1);
        // The waits were scaled: at 0.02 the call took a fiftieth of the real-world time it stands for.
        Assert.InRange(realWorld, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task An_outage_longer_than_the_budget_fails_naming_the_real_world_time_tried_and_the_attempts()
    {
        var clock = Clock(0.02);
        using var http = Client(clock, _ => new HttpResponseMessage(HttpStatusCode.BadGateway));

        var call = http.SendAsync(new ProviderRequest(HttpMethod.Get, "/deployments"), "listing deployments");
        // Steps of 250 ms of the real world: five minutes of it in 1,200 steps.
        var e = await Assert.ThrowsAsync<ProviderException>(() => _time.Drive(call, TimeSpan.FromMilliseconds(250) * 0.02, TimeSpan.FromMinutes(10) * 0.02));

        var m = Regex.Match(e.Message, @"^Cloudflare failed with HTTP 502 while listing deployments \((\d+) attempts over (\d+) min(?: (\d+) s)?\): HTTP 502$");
        Assert.True(m.Success, e.Message);
        Assert.Equal(_attempts, int.Parse(m.Groups[1].Value));
        var tried = TimeSpan.FromMinutes(int.Parse(m.Groups[2].Value)) + TimeSpan.FromSeconds(m.Groups[3].Success ? int.Parse(m.Groups[3].Value) : 0);
        // It stops when the next back-off (at most 15 s plus 1 s of jitter) would end past the 5 min budget.
        Assert.InRange(tried, TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(17), TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.InRange(_time.GetUtcNow() - _time.Start, (tried - TimeSpan.FromSeconds(1)) * 0.02, (tried + TimeSpan.FromSeconds(5)) * 0.02);
    }

    [Fact]
    public async Task Each_back_off_and_retry_after_is_waited_at_the_scale_and_recorded_on_the_clock()
    {
        var clock = Clock(0.02);
        var answers = new Queue<Func<HttpResponseMessage>>([
            () => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { { "Retry-After", "2" } } },
            () => new HttpResponseMessage(HttpStatusCode.BadGateway),
            () => new HttpResponseMessage(HttpStatusCode.OK),
        ]);
        using var http = Client(clock, _ => answers.Dequeue()(), new ProviderHttpOptions { MaxJitter = TimeSpan.Zero });

        await _time.Drive(http.SendAsync(new ProviderRequest(HttpMethod.Get, "/deployments"), "listing deployments"),
            TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10));

        Assert.Equal(["Cloudflare API Retry-After", "Cloudflare API retry back-off after HTTP 502"], clock.Waits.Select(w => w.What));
        // 2 s and 1 s (the second back-off doubles 0.5 s) in the real world, a fiftieth of that on the clock.
        Assert.InRange(Lasted(clock.Waits[0]), TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(42));
        Assert.InRange(Lasted(clock.Waits[1]), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(22));
        Assert.Contains("Cloudflare: HTTP 429; retrying in 2.0 s (attempt 2; 40 ms at time scale 0.02)", _log);
        Assert.Contains("Cloudflare: HTTP 502; retrying in 1.0 s (attempt 3; 20 ms at time scale 0.02)", _log);
    }

    [Fact]
    public async Task A_retry_after_is_compared_with_its_cap_in_real_world_seconds_at_any_scale()
    {
        using var http = Client(Clock(0.02), _ => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { { "Retry-After", "90" } } });

        var e = await Assert.ThrowsAsync<ProviderException>(() => http.SendAsync(new ProviderRequest(HttpMethod.Get, "/deployments"), "listing deployments"));

        Assert.Equal(1, _attempts);
        Assert.StartsWith("Cloudflare rate-limited the API token while listing deployments and asks to wait 90 s, longer than the 60 s", e.Message);
    }

    [Fact]
    public async Task The_attempt_timeout_is_not_scaled_because_a_round_trip_is_measured_work()
    {
        using var http = Client(Clock(0.02), _ => new HttpResponseMessage(HttpStatusCode.OK), answerAfter: TimeSpan.FromSeconds(1));

        await _time.Drive(http.SendAsync(new ProviderRequest(HttpMethod.Get, "/deployments"), "listing deployments"),
            TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10));

        Assert.Equal(1, _attempts); // 30 s scaled to 0.6 s would have abandoned this 1 s answer
    }

    [Fact]
    public async Task A_post_that_did_not_take_effect_is_sent_again_after_a_back_off_on_the_clock()
    {
        var clock = Clock(0.02);
        using var http = Client(clock, _ => new HttpResponseMessage(_attempts == 1 ? HttpStatusCode.BadGateway : HttpStatusCode.OK),
            new ProviderHttpOptions { MaxJitter = TimeSpan.Zero });
        var request = new ProviderRequest(HttpMethod.Post, "/deployments") { ReadBack = _ => Task.FromResult<ProviderResponse?>(null) };

        await _time.Drive(http.SendAsync(request, "deploying version v1 of worker api"), TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10));

        Assert.Equal(2, _attempts);
        Assert.Equal("Cloudflare API retry back-off after HTTP 502", Assert.Single(clock.Waits).What);
        Assert.Contains("Cloudflare: the state shows it did not take effect; sending it again in 500 ms (attempt 2; 10 ms at time scale 0.02)", _log);
    }

    // One 40 s (real-world) outage of 502s at the scale, timed on the fake clock; how many attempts it took and how
    // much real-world time the call stands for.
    private async Task<(int Attempts, TimeSpan RealWorld)> RideOut(double scale)
    {
        _attempts = 0;
        var clock = Clock(scale);
        var start = _time.GetTimestamp();
        var outage = clock.Scale.ToDrill(TimeSpan.FromSeconds(40));
        using var http = Client(clock, _ => new HttpResponseMessage(_time.GetElapsedTime(start) < outage ? HttpStatusCode.BadGateway : HttpStatusCode.OK));

        var response = await _time.Drive(http.SendAsync(new ProviderRequest(HttpMethod.Get, "/deployments"), "listing deployments"),
            Step(scale), TimeSpan.FromMinutes(2) * scale);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(_attempts - 1, clock.Waits.Count);
        Assert.All(clock.Waits, w => Assert.Equal("Cloudflare API retry back-off after HTTP 502", w.What));
        return (_attempts, clock.Scale.ToRealWorld(_time.GetElapsedTime(start)));
    }

    // 100 ms of the real world per step, so both scales see the same timeline to the same resolution.
    private static TimeSpan Step(double scale) => TimeSpan.FromMilliseconds(100) * scale;

    private TimeSpan Lasted(SimulatedWait wait) => TimeSpan.FromSeconds((wait.EndTimestamp - wait.StartTimestamp) / (double)_time.TimestampFrequency);

    private RunClock Clock(double scale) => new(new TimeScale(scale), _time);

    private ProviderHttpClient Client(RunClock clock, Func<HttpRequestMessage, HttpResponseMessage> answer, ProviderHttpOptions? options = null,
        TimeSpan? answerAfter = null) => new(
        new ProviderIdentity("Cloudflare", "CLOUDFLARE_API_TOKEN"), new Uri("http://127.0.0.1:9/client/v4"), () => "token-abcdef",
        options ?? ProviderHttpOptions.Default,
        new ProviderContext(new SecretStore(new SecretRedactor(), RunVariables.Sealed(new Dictionary<string, string>())), new ListLog(_log), clock: clock),
        _ => null, new StubHandler(async request =>
        {
            _attempts++;
            if (answerAfter is { } after) await Task.Delay(after, _time);
            return answer(request);
        }));

    private sealed class ListLog(List<string> lines) : IRunLog
    {
        public void Log(string message) { lock (lines) lines.Add(message); }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Runbooks.Drills.Load;

namespace Runbooks.Tests.Drills.Load;

/// <summary>
/// The open-model generator against a real HTTP endpoint on loopback. (HttpListener rather than Kestrel: a framework
/// reference to ASP.NET in this project would change which assemblies land beside the CLI the other tests start.)
/// </summary>
public sealed class OpenModelLoadRunnerTests : IAsyncLifetime
{
    private readonly HttpListener _listener = new();
    private volatile int _delayMs;
    private long _outageFrom = long.MaxValue, _outageTo = long.MaxValue;
    private Uri _url = null!;
    private Task _serving = Task.CompletedTask;
    private readonly HttpMessageInvoker _client = HttpLoad.CreateClient();

    public Task InitializeAsync()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _url = new Uri($"http://127.0.0.1:{port}/api/health");
        _serving = Task.Run(ServeAsync);
        return Task.CompletedTask;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            _ = Task.Run(async () =>
            {
                if (_delayMs > 0) await Task.Delay(_delayMs);
                var now = Stopwatch.GetTimestamp();
                var inOutage = now >= Interlocked.Read(ref _outageFrom) && now < Interlocked.Read(ref _outageTo);
                ctx.Response.StatusCode = inOutage ? 503 : 200;
                ctx.Response.ContentLength64 = 2;
                try { await ctx.Response.OutputStream.WriteAsync("ok"u8.ToArray()); ctx.Response.Close(); }
                catch (Exception) { }
            });
        }
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _listener.Stop();
        _listener.Close();
        await _serving;
    }

    [Fact]
    public async Task Start_SendsThePlannedArrivalsIntoBucketsOfIntendedTime()
    {
        var scenario = HttpLoad.Get("health", _url, _client).WithLoadSimulations(LoadSimulation.ConstantRate(500, TimeSpan.FromSeconds(1)));

        await using var run = new OpenModelLoadRunner().Start(scenario);
        await run.Completion;

        var buckets = run.AllBuckets();
        Assert.Equal(500, buckets.Sum(b => b.Planned));
        Assert.Equal(0, buckets.Sum(b => b.Errors));
        Assert.Equal(10, buckets.Count);
        Assert.All(buckets, b => Assert.InRange(b.Planned, 49, 51));
        Assert.Equal(500, run.Health().Planned);
    }

    [Fact]
    public async Task Start_AnOutageShowsUpInTheBucketsOfItsWindow()
    {
        // Warm the endpoint and the connection pool first, as a drill's healthy lead-in does: a cold start queues
        // the first requests behind connection set-up and JIT, and they would land in the outage.
        await using (var warmUp = new OpenModelLoadRunner().Start(HttpLoad.Get("warm", _url, _client)
            .WithLoadSimulations(LoadSimulation.ConstantRate(500, TimeSpan.FromSeconds(1)))))
            await warmUp.Completion;
        var scenario = HttpLoad.Get("health", _url, _client).WithLoadSimulations(LoadSimulation.ConstantRate(500, TimeSpan.FromSeconds(2)));

        // The outage is decided by the server's own clock, not by a test thread that a busy thread pool could delay.
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        Interlocked.Exchange(ref _outageFrom, start + System.Diagnostics.Stopwatch.Frequency / 2);
        Interlocked.Exchange(ref _outageTo, start + System.Diagnostics.Stopwatch.Frequency * 13 / 10);
        await using var run = new OpenModelLoadRunner().Start(scenario);
        await run.Completion;

        var failingBuckets = run.AllBuckets().Where(b => b.ToSample().ErrorRate > 0.5).Select(b => (int)(b.Start.TotalMilliseconds / 100)).ToList();
        var dump = string.Join(" ", run.AllBuckets().Select(b => $"{b.Start.TotalMilliseconds}:{b.Errors}/{b.Planned}"));
        // 800 ms of outage from 500 ms: every bucket of 5..12 fails, and the last failing one is 12 give or take one
        // (the recovery edge the RTO is measured on). Requests intended just before 500 ms may fail too when the
        // loaded machine queued them past the outage's start: they are charged to their intended time, as they should be.
        // When the machine stalls the scheduler thread itself, arrivals leave late and the outage is misplaced: the
        // generator must then say so (a drill marks such a run invalid) rather than report a wrong figure silently.
        var health = run.Health();
        if (health.Saturated) return;
        Assert.True(Enumerable.Range(5, 8).All(failingBuckets.Contains), $"{health} {dump}");
        Assert.True(failingBuckets.Max() is >= 11 and <= 13, dump);
        Assert.DoesNotContain(failingBuckets, b => b >= 14);
    }

    [Fact]
    public async Task FinalBuckets_OfAServiceThatHangsCountItsRequestsAsFailedOnceTheTimeoutHasPassed()
    {
        // The service answers after 1.5 s; the request timeout is 300 ms. A detector reading the final buckets must see
        // an outage, not an empty bucket: requests past the timeout are failures even before their cancellation lands.
        _delayMs = 1500;
        var scenario = HttpLoad.Get("health", _url, _client).WithLoadSimulations(LoadSimulation.ConstantRate(100, TimeSpan.FromSeconds(1)));
        await using var run = new OpenModelLoadRunner(new LoadRunnerOptions { RequestTimeout = TimeSpan.FromMilliseconds(300) }).Start(scenario);

        var deadline = Stopwatch.StartNew();
        IReadOnlyList<LoadBucket> final;
        while ((final = run.FinalBuckets()).Count < 3 && deadline.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(20);

        Assert.True(final.Count >= 3, $"{final.Count} final buckets after {deadline.Elapsed}");
        Assert.All(final.Take(3), b => Assert.Equal(1.0, b.ToSample().ErrorRate));
        await run.Completion;
        Assert.All(run.AllBuckets(), b => Assert.Equal(1.0, b.ToSample().ErrorRate));
    }

    [Fact]
    public async Task Start_OverTheInFlightCapCountsArrivalsAsDroppedFailuresNotQueued()
    {
        _delayMs = 300;
        var scenario = HttpLoad.Get("health", _url, _client).WithLoadSimulations(LoadSimulation.ConstantRate(100, TimeSpan.FromSeconds(1)));

        await using var run = new OpenModelLoadRunner(new LoadRunnerOptions { MaxInFlight = 5 }).Start(scenario);
        await run.Completion;

        var buckets = run.AllBuckets();
        var dropped = buckets.Sum(b => b.Dropped);
        Assert.Equal(100, buckets.Sum(b => b.Planned));
        Assert.InRange(dropped, 70, 95); // 5 in flight for 300 ms each admits about 17 of 100
        // Dropped arrivals are the generator's failure: apart from the service's errors, which here are none.
        Assert.Equal(0, buckets.Sum(b => b.Errors));
        Assert.Equal(dropped, buckets.Sum(b => b.ToSample().Dropped));
        Assert.Equal(100 - dropped, buckets.Sum(b => b.ToSample().Count));
        // Latency is measured from the intended send time, so it includes the server's 300 ms.
        Assert.True(buckets.Max(b => b.Latency.Percentile(50)) >= TimeSpan.FromMilliseconds(290));
    }

    [Fact]
    public async Task Start_AtAHighRateBatchesEveryDueArrivalIntoItsOwnBucket()
    {
        // 50,000 a second goes out in batches of about fifty per wake-up; every batch that straddles a bucket's edge
        // must still charge each arrival to the bucket of its own intended time. Steps that finish at once, fail at
        // once or throw before returning a task all count.
        var scenario = LoadScenario.Create("sync", (seq, _) => (seq % 10) switch
        {
            0 => throw new InvalidOperationException("refused"),
            1 => ValueTask.FromResult(LoadResponse.Fail("500")),
            2 => ValueTask.FromException<LoadResponse>(new TimeoutException()),
            _ => ValueTask.FromResult(LoadResponse.Ok("200")),
        }).WithLoadSimulations(LoadSimulation.ConstantRate(50_000, TimeSpan.FromSeconds(1)));

        await using var run = new OpenModelLoadRunner().Start(scenario);
        await run.Completion;

        var buckets = run.AllBuckets();
        Assert.Equal(10, buckets.Count);
        Assert.All(buckets, b => Assert.Equal(5_000, b.Planned));
        Assert.All(buckets, b => Assert.Equal(b.Planned, b.Completed));
        Assert.Equal(15_000, buckets.Sum(b => b.Errors));
        Assert.Equal(50_000, run.Health().Planned);
        Assert.Equal(50_000, run.Health().Sent);
        Assert.Equal(10, run.FinalBuckets().Count);
        // Once the run is over every bucket is final, and its timeout timer is gone.
        Assert.All(buckets, b => Assert.True(b.TimeoutReleased));
    }
}

using System.Net;
using Microsoft.Extensions.Time.Testing;
using Runbooks.Core.Errors;
using Runbooks.Core.Runs;
using Runbooks.Core.Sealing;
using Runbooks.Core.Secrets;
using Runbooks.Core.Timing;
using Runbooks.Providers;
using Runbooks.Providers.Http;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Providers.Http;

/// <summary><c>WaitUntilHealthy</c>'s deadline is real-world and runs on the run's clock; its poll interval does not.</summary>
public sealed class HttpProbeDeadlineTests
{
    private const string Url = "http://127.0.0.1:9/api/health";
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_60_s_deadline_at_scale_0_02_passes_after_1_2_s_and_the_sentence_names_60_s()
    {
        var polls = 0;
        using var probe = Probe(0.02, () => { polls++; return HttpStatusCode.ServiceUnavailable; });

        var wait = probe.WaitUntilHealthy(Url, TimeSpan.FromSeconds(60));
        var e = await Assert.ThrowsAsync<RunbookException>(() => _time.Drive(wait, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(10)));

        Assert.Equal($"{Url} did not become healthy within 60 s: the last of {polls} polls answered HTTP 503.", e.Message);
        // It gives up on the deadline itself (1.2 s), not a poll interval before it, after a last poll there.
        Assert.Equal(TimeSpan.FromSeconds(1.2), _time.GetUtcNow() - _time.Start);
        Assert.Equal(6, polls); // every 250 ms, unscaled: 0, 0.25, 0.5, 0.75, 1.0 and 1.2 s
    }

    [Fact]
    public async Task A_service_that_recovers_within_the_deadline_at_scale_1_also_does_at_scale_0_02()
    {
        foreach (var scale in new[] { 1, 0.02 })
        {
            var start = _time.GetTimestamp();
            var recovery = new TimeScale(scale).ToDrill(TimeSpan.FromSeconds(40));
            using var probe = Probe(scale, () => _time.GetElapsedTime(start) < recovery ? HttpStatusCode.BadGateway : HttpStatusCode.OK);

            var healthy = await _time.Drive(probe.WaitUntilHealthy(Url, TimeSpan.FromSeconds(60)), TimeSpan.FromMilliseconds(scale == 1 ? 100 : 10),
                TimeSpan.FromSeconds(70));

            Assert.InRange(healthy.TookTime, recovery, recovery + TimeSpan.FromMilliseconds(400));
        }
    }

    private HttpProbe Probe(double scale, Func<HttpStatusCode> answer) => new(
        new ProviderContext(new SecretStore(new SecretRedactor(), RunVariables.Sealed(new Dictionary<string, string>())), new NullLog(),
            clock: new RunClock(new TimeScale(scale), _time)),
        handler: new StubHandler(_ => Task.FromResult(new HttpResponseMessage(answer()))));

    private sealed class NullLog : IRunLog
    {
        public void Log(string message) { }
    }
}

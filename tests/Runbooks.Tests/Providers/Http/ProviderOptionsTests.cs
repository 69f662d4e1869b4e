using Runbooks.Drills.Environments.Simulator;
using Runbooks.Drills.Environments.Simulator.Model;
using Runbooks.Providers.Cloudflare;
using Runbooks.Providers.Http;
using Runbooks.Providers.Vercel;

namespace Runbooks.Tests.Providers.Http;

/// <summary>Invalid options are refused when a client or server is built, not on first use.</summary>
public sealed class ProviderOptionsTests
{
    [Fact]
    public void ProviderHttpOptions_WithoutAttempts_AreRefused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new ProviderHttpOptions { MaxAttempts = 0 }.Validate());

    [Fact]
    public void ProviderHttpOptions_ByDefault_RetryForFiveMinutesWithoutAnAttemptCap()
    {
        var d = ProviderHttpOptions.Default;
        Assert.Equal((TimeSpan.FromMinutes(5), null, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)), (d.RetryBudget, d.MaxAttempts, d.MaxDelay, d.AttemptTimeout));
    }

    [Fact]
    public void ProviderHttpOptions_WithoutABudget_OrWithAMaxDelayBelowTheBaseDelay_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProviderHttpOptions { RetryBudget = TimeSpan.Zero }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProviderHttpOptions { BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(1) }.Validate());
    }

    [Fact]
    public void CloudflareOptions_WithARelativeBaseUrl_AreRefused()
        => Assert.Throws<ArgumentException>(() => new CloudflareOptions { BaseUrl = new Uri("/client/v4", UriKind.Relative) }.Validate());

    [Fact]
    public void VercelOptions_WithoutPollInterval_AreRefused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new VercelOptions { PollInterval = TimeSpan.Zero }.Validate());

    [Fact]
    public void SimulatorOptions_WithANegativeJournal_AreRefused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatorOptions { RequestJournalSize = -1 }.Validate());

    [Fact]
    public void SimulatorOptions_WithNegativePropagation_AreRefused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatorOptions { Timings = ProviderTimings.Default.WithPropagation(TimeSpan.FromSeconds(-1)) }.Validate());

    [Fact]
    public void RetryAfter_ReadsSecondsAndHttpDates()
    {
        var now = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
        using var seconds = new HttpResponseMessage();
        seconds.Headers.Add("Retry-After", "12");
        using var date = new HttpResponseMessage();
        date.Headers.Add("Retry-After", now.AddSeconds(30).ToString("R"));

        Assert.Equal(TimeSpan.FromSeconds(12), RetryAfter.Read(seconds.Headers, now));
        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfter.Read(date.Headers, now));
    }
}

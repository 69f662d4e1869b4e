using System.Net;
using Polly;
using Polly.Timeout;

namespace Runbooks.Providers.Http;

/// <summary>
/// The one retry-and-timeout policy both providers share (wrangler's rules): retry 5xx, network errors, attempt
/// timeouts and 429; wait what <c>Retry-After</c> asks (seconds or date) plus jitter, but give up at once when it asks
/// for more than <see cref="ProviderHttpOptions.MaxRetryAfter"/>; never retry other 4xx. The pipeline only times each
/// attempt: the retries themselves are <see cref="ProviderHttpClient"/>'s loop, because their waits run on the run's
/// clock (scaled and recorded in a drill) and stop on a real-world budget, neither of which a Polly retry can do.
/// </summary>
internal static class ProviderResiliencePipeline
{
    /// <param name="options">The per-attempt timeout.</param>
    /// <param name="time">The clock the timeout runs on: unscaled, since a round trip is measured work.</param>
    public static ResiliencePipeline<HttpResponseMessage> Build(ProviderHttpOptions options, TimeProvider time)
    {
        options.Validate();
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout })
            .Build();
    }

    /// <summary>Whether an outcome is worth another attempt.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome, ProviderHttpOptions options, TimeProvider time)
    {
        if (outcome.Exception is not null) return outcome.Exception is HttpRequestException or TimeoutRejectedException or IOException;
        var response = outcome.Result!;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
            return (RetryAfter.Read(response.Headers, time.GetUtcNow()) ?? TimeSpan.Zero) <= options.MaxRetryAfter;
        return (int)response.StatusCode >= 500;
    }

    /// <summary>Whether an outcome proves the provider did not act on the request, so sending it again is safe.</summary>
    public static bool IsRefusedUnacted(Outcome<HttpResponseMessage> outcome, ProviderHttpOptions options, TimeProvider time)
    {
        if (outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
            return true;
        return outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } && IsTransient(outcome, options, time);
    }

    /// <summary>Whether an outcome leaves it unknown whether the provider acted (a timeout, a 5xx, a connection lost mid-request).</summary>
    public static bool IsAmbiguous(Outcome<HttpResponseMessage> outcome, ProviderHttpOptions options, TimeProvider time)
        => IsTransient(outcome, options, time) && !IsRefusedUnacted(outcome, options, time);

    /// <summary>
    /// The real-world wait before attempt <paramref name="attempts"/> + 1, jitter included: what <c>Retry-After</c> asks
    /// (a 429, or a 503 that says), else <see cref="ProviderHttpOptions.BaseDelay"/> doubled per retry up to
    /// <see cref="ProviderHttpOptions.MaxDelay"/>. <paramref name="asked"/> says whether the provider set it.
    /// </summary>
    public static TimeSpan NextDelay(Outcome<HttpResponseMessage> outcome, int attempts, ProviderHttpOptions options, TimeProvider time,
        out bool asked)
    {
        asked = false;
        if (outcome.Result is { } response && (response.StatusCode == HttpStatusCode.TooManyRequests
                || response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null))
        {
            var requested = RetryAfter.Read(response.Headers, time.GetUtcNow());
            asked = requested is not null;
            return (requested ?? options.RateLimitFallbackDelay) + Jitter(options);
        }
        var doubled = TimeSpan.FromTicks(options.BaseDelay.Ticks * (1L << Math.Min(attempts - 1, 16)));
        return (doubled < options.MaxDelay ? doubled : options.MaxDelay) + Jitter(options);
    }

    /// <summary>What an outcome was, for log lines: "HTTP 502", "no answer within the attempt timeout", the network error.</summary>
    public static string Describe(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        TimeoutRejectedException => "no answer within the attempt timeout",
        { } e => e.Message,
        null => $"HTTP {(int)outcome.Result!.StatusCode}",
    };

    /// <summary>The same, short enough to name a recorded wait: "HTTP 502", "no answer", "a network error".</summary>
    public static string Brief(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        TimeoutRejectedException => "no answer",
        { } => "a network error",
        null => $"HTTP {(int)outcome.Result!.StatusCode}",
    };

    private static TimeSpan Jitter(ProviderHttpOptions options)
        => options.MaxJitter <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * options.MaxJitter.Ticks));
}

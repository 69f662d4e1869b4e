using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Runbooks.Providers.Http;

/// <summary>
/// The one retry-and-timeout policy both providers share (wrangler's rules): retry 5xx, network errors, attempt
/// timeouts and 429; wait what <c>Retry-After</c> asks (seconds or date) plus jitter, but give up at once when it asks
/// for more than <see cref="ProviderHttpOptions.MaxRetryAfter"/>; never retry other 4xx.
/// </summary>
internal static class ProviderResiliencePipeline
{
    /// <param name="options">Timeouts and retry rules.</param>
    /// <param name="time">The clock retries wait on.</param>
    /// <param name="onRetry">Told of each retry, for the run's log.</param>
    /// <param name="idempotent">
    /// False for a request that must not be sent twice blindly: then only outcomes that prove the provider did not act
    /// (a 429, a connection never made) are retried here; the caller reads the state back before resending after the rest.
    /// </param>
    public static ResiliencePipeline<HttpResponseMessage> Build(ProviderHttpOptions options, TimeProvider time,
        Action<string>? onRetry = null, bool idempotent = true)
    {
        options.Validate();
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.MaxAttempts > 1)
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(idempotent ? IsTransient(args.Outcome, options, time) : IsRefusedUnacted(args.Outcome, options, time)),
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.BaseDelay,
                UseJitter = false,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    Delay(args.Outcome, args.AttemptNumber, options, time) + Jitter(options)),
                OnRetry = args =>
                {
                    onRetry?.Invoke(Describe(args.Outcome) + $"; retrying in {args.RetryDelay.TotalSeconds:0.0} s " +
                        $"(attempt {args.AttemptNumber + 2} of {options.MaxAttempts})");
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        return builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout }).Build();
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

    private static TimeSpan Delay(Outcome<HttpResponseMessage> outcome, int attempt, ProviderHttpOptions options, TimeProvider time)
    {
        if (outcome.Result is { } response && (response.StatusCode == HttpStatusCode.TooManyRequests
                || response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null))
        {
            var asked = RetryAfter.Read(response.Headers, time.GetUtcNow());
            return asked ?? options.RateLimitFallbackDelay;
        }
        return TimeSpan.FromTicks(options.BaseDelay.Ticks * (1L << Math.Min(attempt, 16)));
    }

    private static TimeSpan Jitter(ProviderHttpOptions options)
        => options.MaxJitter <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * options.MaxJitter.Ticks));

    private static string Describe(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        TimeoutRejectedException => "no answer within the attempt timeout",
        { } e => e.Message,
        null => $"HTTP {(int)outcome.Result!.StatusCode}",
    };
}

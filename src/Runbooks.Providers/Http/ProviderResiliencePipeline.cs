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
    public static ResiliencePipeline<HttpResponseMessage> Build(ProviderHttpOptions options, TimeProvider time,
        Action<string>? onRetry = null)
    {
        options.Validate();
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.MaxAttempts > 1)
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome, options, time)),
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

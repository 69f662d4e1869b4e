namespace Runbooks.Providers.Http;

/// <summary>
/// How a provider client sends a request: the per-attempt timeout and the retry rules wrangler and the Vercel CLI
/// follow (provider-apis.md, "client policy"). Immutable; <see cref="Validate"/> runs when a client is built.
/// </summary>
public sealed record ProviderHttpOptions
{
    /// <summary>The defaults: 30 s per attempt, 3 attempts, Retry-After honoured up to 60 s, up to 1 s of jitter.</summary>
    public static ProviderHttpOptions Default { get; } = new();

    /// <summary>How long one attempt may take before it is abandoned and, if attempts remain, retried.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts in all, the first included (wrangler: 3).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>First delay before retrying a 5xx or network error; doubles per attempt.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest <c>Retry-After</c> that is waited out. A provider that asks for more fails the call at once: at
    /// 3 a.m. a clear "rate-limited for 5 minutes" beats a runbook that silently hangs.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The wait after a 429 that carries no <c>Retry-After</c> (wrangler: at least 1 s).</summary>
    public TimeSpan RateLimitFallbackDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Random extra wait added to every retry delay, so parallel runs do not retry in step.</summary>
    public TimeSpan MaxJitter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public ProviderHttpOptions Validate()
    {
        if (AttemptTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), AttemptTimeout, "must be positive");
        if (MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "must be at least 1");
        if (BaseDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "must not be negative");
        if (MaxRetryAfter < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxRetryAfter), MaxRetryAfter, "must not be negative");
        if (RateLimitFallbackDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RateLimitFallbackDelay), RateLimitFallbackDelay, "must not be negative");
        if (MaxJitter < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxJitter), MaxJitter, "must not be negative");
        return this;
    }
}

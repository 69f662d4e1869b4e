namespace Runbooks.Providers.Http;

/// <summary>
/// How a provider client sends a request: the per-attempt timeout and the retry rules (provider-apis.md, "client
/// policy"). Every retry duration is a real-world one: in a drill the run's clock (<c>ProviderContext.Clock</c>) waits
/// it at the drill's scale, so an API outage is ridden out, or not, the same way at every scale. Immutable;
/// <see cref="Validate"/> runs when a client is built.
/// </summary>
public sealed record ProviderHttpOptions
{
    /// <summary>
    /// The defaults: 30 s per attempt; retries for up to 5 min with no cap on attempts, backing off from 0.5 s to 15 s
    /// plus up to 1 s of jitter; Retry-After honoured up to 60 s.
    /// </summary>
    public static ProviderHttpOptions Default { get; } = new();

    /// <summary>
    /// How long one attempt may take before it is abandoned and, if the budget allows, retried. A round trip is the
    /// runbook's own work, so this is never scaled, not even in a drill.
    /// </summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long, in the real world, a call keeps retrying from its first attempt: a provider's API outage lasts minutes,
    /// and a runbook that gives up after seconds at 3 a.m. leaves the operator to retry it by hand. No retry starts
    /// whose back-off would end past it.
    /// </summary>
    public TimeSpan RetryBudget { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts in all, the first included, or null for as many as <see cref="RetryBudget"/> allows.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>First delay before retrying a 5xx or network error; doubles per attempt up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest back-off between two attempts (before jitter), so a long outage is still polled often enough.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The longest <c>Retry-After</c> that is waited out. A provider that asks for more fails the call at once: at
    /// 3 a.m. a clear "rate-limited for 5 minutes" beats a runbook that silently hangs.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The wait after a 429 that carries no <c>Retry-After</c> (wrangler: at least 1 s).</summary>
    public TimeSpan RateLimitFallbackDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Random extra wait added to every retry delay, so parallel runs do not retry in step.</summary>
    public TimeSpan MaxJitter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Further attempts after <c>423 Locked</c>, which Neon answers while conflicting operations run on the project and
    /// documents as safe to retry (it did nothing, so a POST may be sent again); 0 for providers that never say it.
    /// </summary>
    public int LockedRetries { get; init; }

    /// <summary>The wait before each attempt after a <c>423</c> (neonctl: 3 s, five times).</summary>
    public TimeSpan LockedRetryDelay { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public ProviderHttpOptions Validate()
    {
        if (AttemptTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), AttemptTimeout, "must be positive");
        if (RetryBudget <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RetryBudget), RetryBudget, "The retry budget must be positive.");
        if (MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "must be at least 1");
        if (BaseDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "must not be negative");
        if (MaxDelay < BaseDelay)
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "The longest back-off (MaxDelay) must be at least the first one (BaseDelay).");
        if (MaxRetryAfter < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxRetryAfter), MaxRetryAfter, "must not be negative");
        if (RateLimitFallbackDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RateLimitFallbackDelay), RateLimitFallbackDelay, "must not be negative");
        if (LockedRetries < 0) throw new ArgumentOutOfRangeException(nameof(LockedRetries), LockedRetries, "must not be negative");
        if (LockedRetryDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(LockedRetryDelay), LockedRetryDelay, "must not be negative");
        if (MaxJitter < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxJitter), MaxJitter, "must not be negative");
        return this;
    }
}

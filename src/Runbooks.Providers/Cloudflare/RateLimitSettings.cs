namespace Runbooks.Providers.Cloudflare;

/// <summary>CF-20: the <c>ratelimit</c> of a rate-limit rule.</summary>
public sealed record RateLimitSettings
{
    /// <summary>What a client is counted by; <c>cf.colo.id</c> is mandatory.</summary>
    public IReadOnlyList<string> Characteristics { get; init; } = ["cf.colo.id", "ip.src"];

    /// <summary>The counting period, in seconds.</summary>
    public int Period { get; init; } = 60;

    /// <summary>Requests a client may make per period.</summary>
    public int RequestsPerPeriod { get; init; }

    /// <summary>How long, in seconds, a client stays limited after passing the limit.</summary>
    public int MitigationTimeout { get; init; }
}

namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>How a simulated provider API misbehaves.</summary>
public enum ApiFaultKind
{
    /// <summary>A 5xx (Cloudflare's edge sends an HTML page).</summary>
    ServerError,

    /// <summary>429 with <c>Retry-After</c>.</summary>
    RateLimit,

    /// <summary>The connection is reset before any answer.</summary>
    ConnectionReset,

    /// <summary>The token is refused (Cloudflare 10000, Vercel <c>invalidToken</c>).</summary>
    InvalidToken,
}

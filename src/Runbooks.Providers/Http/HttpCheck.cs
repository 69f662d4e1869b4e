using System.Net;

namespace Runbooks.Providers.Http;

/// <summary>One probe of a URL: what it answered and how long it took.</summary>
/// <param name="Url">The URL probed.</param>
/// <param name="Status">The HTTP status, or null when there was no answer.</param>
/// <param name="Elapsed">How long the probe took.</param>
/// <param name="Error">Why there was no answer (refused, timed out), or null.</param>
public sealed record HttpCheck(string Url, HttpStatusCode? Status, TimeSpan Elapsed, string? Error = null)
{
    /// <summary>The response headers (content headers included), names case-insensitive; empty when there was no answer.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The body (its first 64 KiB), or empty.</summary>
    public string Body { get; init; } = "";

    /// <summary>A response header's value, or null: <c>check.Header("cf-cache-status")</c>.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    /// <summary>Whether the URL answered 2xx (what <c>curl -f</c> calls success).</summary>
    public bool Healthy => Status is { } s && (int)s is >= 200 and < 300;

    /// <summary>"HTTP 503" or the reason there was no answer.</summary>
    public string Outcome => Status is { } s ? $"HTTP {(int)s}" : Error ?? "no answer";
}

/// <summary>The result of waiting for a URL to become healthy.</summary>
/// <param name="Url">The URL polled.</param>
/// <param name="TookTime">From the first poll to the first healthy answer.</param>
/// <param name="Polls">How many probes were sent.</param>
public sealed record HealthWait(string Url, TimeSpan TookTime, int Polls);

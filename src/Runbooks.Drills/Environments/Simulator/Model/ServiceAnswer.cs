namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>What a simulated service answers one request.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body (JSON, or the maintenance page).</param>
/// <param name="ContentType">The body's type.</param>
/// <param name="Delay">How long to wait before answering.</param>
/// <param name="Version">The version (or deployment) that served it, sent as <c>x-served-version</c>.</param>
/// <param name="RetryAfterSeconds">For a maintenance page, its <c>Retry-After</c>.</param>
/// <param name="Headers">Other headers the edge adds (<c>Location</c> of a redirect, <c>cf-cache-status</c>, <c>age</c>).</param>
public sealed record ServiceAnswer(int Status, string Body, string ContentType, TimeSpan Delay, string Version, int? RetryAfterSeconds = null,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>This answer with <paramref name="name"/> set to <paramref name="value"/> as well.</summary>
    public ServiceAnswer WithHeader(string name, string value)
        => this with { Headers = new Dictionary<string, string>(Headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase) { [name] = value } };
}

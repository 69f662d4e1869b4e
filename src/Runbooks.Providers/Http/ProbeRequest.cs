namespace Runbooks.Providers.Http;

/// <summary>
/// What a probe sends beyond a plain GET: the seeds' <c>curl -H "Authorization: Bearer $DEMO_TOKEN"</c>, a POST with a
/// body, other headers. A bearer token is registered as a secret before the probe is sent, so no journal or message
/// shows it.
/// </summary>
public sealed record ProbeRequest
{
    /// <summary>GET unless set.</summary>
    public string Method { get; init; } = "GET";

    /// <summary>Sent as <c>Authorization: Bearer ...</c> (typically <c>Secret("DEMO_TOKEN")</c>).</summary>
    public string? Bearer { get; init; }

    /// <summary>The body, for POST and PUT.</summary>
    public string? Body { get; init; }

    /// <summary>The body's type.</summary>
    public string ContentType { get; init; } = "application/json";

    /// <summary>Other request headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>A POST of <paramref name="json"/>.</summary>
    public static ProbeRequest Post(string json, string? bearer = null) => new() { Method = "POST", Body = json, Bearer = bearer };

    /// <summary>A GET with <c>Authorization: Bearer <paramref name="token"/></c>.</summary>
    public static ProbeRequest Authorized(string token) => new() { Bearer = token };
}

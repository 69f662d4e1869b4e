namespace Runbooks.Providers.Http;

/// <summary>
/// One API call: method, path and query below the provider's base URL, and a body factory (a retry needs a fresh
/// body, since a sent <see cref="HttpContent"/> cannot be sent again).
/// </summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">Below the base URL, starting with <c>/</c>, query included.</param>
/// <param name="Content">Builds the body for each attempt; null for none.</param>
public sealed record ProviderRequest(HttpMethod Method, string PathAndQuery, Func<HttpContent>? Content = null)
{
    /// <summary>
    /// Whether sending the request twice does no more than sending it once. <c>POST</c> and <c>PATCH</c> are not: a
    /// timed-out rollback sent again could roll back twice, so such a request is only sent again once the state shows
    /// it did not take effect (<see cref="ReadBack"/>).
    /// </summary>
    public bool IsIdempotent => SafeToRepeat ?? (Method != HttpMethod.Post && Method != HttpMethod.Patch);

    /// <summary>
    /// Says so for a <c>POST</c> or <c>PATCH</c> that sets state rather than adds to it (a cache purge, a PATCH that sets
    /// a rule's limit): sent again on a 5xx or timeout like a <c>GET</c>. Null: decided by the method.
    /// </summary>
    public bool? SafeToRepeat { get; init; }

    /// <summary>
    /// For a request that is not idempotent: reads the provider's state after an answer that leaves it unknown whether
    /// the request took effect (a timeout, a 5xx, a dropped connection). Returns the answer the request would have had
    /// when it did take effect, or null when it did not (then it is sent again). Without it, such a request is never
    /// sent again.
    /// </summary>
    public Func<CancellationToken, Task<ProviderResponse?>>? ReadBack { get; init; }
}

/// <summary>A successful answer: status and body text.</summary>
/// <param name="Status">The HTTP status (2xx).</param>
/// <param name="Body">The body, possibly empty.</param>
public sealed record ProviderResponse(System.Net.HttpStatusCode Status, string Body);

namespace Runbooks.Providers.Http;

/// <summary>
/// One API call: method, path and query below the provider's base URL, and a body factory (a retry needs a fresh
/// body, since a sent <see cref="HttpContent"/> cannot be sent again).
/// </summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">Below the base URL, starting with <c>/</c>, query included.</param>
/// <param name="Content">Builds the body for each attempt; null for none.</param>
public sealed record ProviderRequest(HttpMethod Method, string PathAndQuery, Func<HttpContent>? Content = null);

/// <summary>A successful answer: status and body text.</summary>
/// <param name="Status">The HTTP status (2xx).</param>
/// <param name="Body">The body, possibly empty.</param>
public sealed record ProviderResponse(System.Net.HttpStatusCode Status, string Body);

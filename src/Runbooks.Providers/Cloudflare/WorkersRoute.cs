namespace Runbooks.Providers.Cloudflare;

/// <summary>CF-16: a zone's Workers route: requests matching <see cref="Pattern"/> run <see cref="Script"/>.</summary>
public sealed record WorkersRoute
{
    /// <summary>The route id.</summary>
    public string Id { get; init; } = "";

    /// <summary>Host and path, <c>*</c> as a wildcard, e.g. <c>api.example.com/*</c>.</summary>
    public string Pattern { get; init; } = "";

    /// <summary>The Worker it runs; null for a route that runs none.</summary>
    public string? Script { get; init; }

    /// <summary>Whether the pattern covers every path of <paramref name="host"/> (<c>host/*</c>) or its root.</summary>
    public bool Covers(string host) => Pattern == host + "/*" || Pattern == host + "/" || Pattern == "*" + host + "/*";
}

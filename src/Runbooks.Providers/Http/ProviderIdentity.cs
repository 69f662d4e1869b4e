namespace Runbooks.Providers.Http;

/// <summary>Who a client talks to, as error sentences name it: the provider and the variable its token comes from.</summary>
/// <param name="Name">"Cloudflare", "Vercel".</param>
/// <param name="TokenVariable">The secret the token is read from, e.g. <c>CLOUDFLARE_API_TOKEN</c>.</param>
public sealed record ProviderIdentity(string Name, string TokenVariable)
{
    /// <summary>The Authorization scheme the token is sent with (<c>Bearer</c>; Statuspage takes <c>OAuth</c>); an empty token sends none.</summary>
    public string Scheme { get; init; } = "Bearer";
}

using Runbooks.Providers.Configuration;
using Runbooks.Providers.Http;

namespace Runbooks.Providers.Cloudflare;

/// <summary>
/// Where the Cloudflare client sends calls and for which account and zone. Built from the run's environment by
/// <see cref="FromContext"/>: <c>CLOUDFLARE_API_BASE_URL</c>, <c>CLOUDFLARE_ACCOUNT_ID</c>, <c>CLOUDFLARE_ZONE_ID</c>
/// win over <c>.config/environments.json</c>, which wins over the real API.
/// </summary>
public sealed record CloudflareOptions
{
    /// <summary>The real API, wrangler's default.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.cloudflare.com/client/v4");

    /// <summary>The secret the API token is read from.</summary>
    public const string TokenVariable = "CLOUDFLARE_API_TOKEN";

    /// <summary>The API base URL, <c>/client/v4</c> included.</summary>
    public Uri BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>The account the Workers, Pages projects and Hyperdrive configs belong to (32 hex digits).</summary>
    public string? AccountId { get; init; }

    /// <summary>The zone whose cache <c>PurgeCache</c> purges (32 hex digits).</summary>
    public string? ZoneId { get; init; }

    /// <summary>Timeouts and retries.</summary>
    public ProviderHttpOptions Http { get; init; } = ProviderHttpOptions.Default;

    /// <summary>Reads the options for the run's environment.</summary>
    public static CloudflareOptions FromContext(ProviderContext context)
    {
        var section = EnvironmentsFile.Section(context.ConfigDirectory, context.EnvironmentName, "cloudflare");
        return new CloudflareOptions
        {
            BaseUrl = new Uri(ProviderSetting.Resolve(context.Variables, section, "apiBaseUrl", DefaultBaseUrl.ToString(), "CLOUDFLARE_API_BASE_URL")!),
            AccountId = ProviderSetting.Resolve(context.Variables, section, "accountId", null, "CLOUDFLARE_ACCOUNT_ID"),
            ZoneId = ProviderSetting.Resolve(context.Variables, section, "zoneId", null, "CLOUDFLARE_ZONE_ID"),
        }.Validate();
    }

    /// <summary>Throws <see cref="ArgumentException"/> for a base URL that is not absolute http(s).</summary>
    public CloudflareOptions Validate()
    {
        if (!BaseUrl.IsAbsoluteUri || BaseUrl.Scheme is not ("http" or "https"))
            throw new ArgumentException($"The Cloudflare API base URL must be an absolute http(s) URL, not '{BaseUrl}'.", nameof(BaseUrl));
        Http.Validate();
        return this;
    }
}

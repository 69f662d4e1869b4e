using Runbooks.Providers.Configuration;
using Runbooks.Providers.Http;

namespace Runbooks.Providers.Vercel;

/// <summary>
/// Where the Vercel client sends calls and in which team. Built from the run's environment by <see cref="FromContext"/>:
/// <c>VERCEL_API_BASE_URL</c> and <c>VERCEL_TEAM_ID</c> (or the CLI's <c>VERCEL_ORG_ID</c>) win over
/// <c>.config/environments.json</c>, which wins over the real API.
/// </summary>
public sealed record VercelOptions
{
    /// <summary>The real API.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.vercel.com");

    /// <summary>The secret the token is read from.</summary>
    public const string TokenVariable = "VERCEL_TOKEN";

    /// <summary>The API base URL.</summary>
    public Uri BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>
    /// The team owning the projects; sent as <c>teamId</c> on every call when it starts with <c>team_</c>, as the CLI does
    /// (without it a team project answers 403/404).
    /// </summary>
    public string? TeamId { get; init; }

    /// <summary>How often rollback and promote poll the alias job (the CLI: 250 ms).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long rollback and promote wait for the alias job (the CLI: 3 min).</summary>
    public TimeSpan AliasTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Timeouts and retries.</summary>
    public ProviderHttpOptions Http { get; init; } = ProviderHttpOptions.Default;

    /// <summary>Reads the options for the run's environment.</summary>
    public static VercelOptions FromContext(ProviderContext context)
    {
        var section = EnvironmentsFile.Section(context.ConfigDirectory, context.EnvironmentName, "vercel");
        return new VercelOptions
        {
            BaseUrl = new Uri(ProviderSetting.Resolve(context.Variables, section, "apiBaseUrl", DefaultBaseUrl.ToString(), "VERCEL_API_BASE_URL")!),
            TeamId = ProviderSetting.Resolve(context.Variables, section, "teamId", null, "VERCEL_TEAM_ID", "VERCEL_ORG_ID"),
        }.Validate();
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public VercelOptions Validate()
    {
        if (!BaseUrl.IsAbsoluteUri || BaseUrl.Scheme is not ("http" or "https"))
            throw new ArgumentException($"The Vercel API base URL must be an absolute http(s) URL, not '{BaseUrl}'.", nameof(BaseUrl));
        if (PollInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "must be positive");
        if (AliasTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(AliasTimeout), AliasTimeout, "must be positive");
        Http.Validate();
        return this;
    }
}

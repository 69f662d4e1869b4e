using Runbooks.Providers.Configuration;
using Runbooks.Providers.Http;

namespace Runbooks.Providers.Neon;

/// <summary>
/// Where the Neon client sends calls and how it waits for operations. Built from the run's environment by
/// <see cref="FromContext"/>: <c>NEON_API_BASE_URL</c> wins over <c>.config/environments.json</c>, which wins over the real API.
/// </summary>
public sealed record NeonOptions
{
    /// <summary>The real API.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://console.neon.tech/api/v2");

    /// <summary>The secret the API key is read from.</summary>
    public const string TokenVariable = "NEON_API_KEY";

    /// <summary>The API base URL.</summary>
    public Uri BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>How often an operation is polled (Neon's docs: about every 5 s).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a restore's operations may run before the runbook gives up on them (real-world).</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Timeouts and retries: the shared policy, plus neonctl's five retries 3 s apart on <c>423 Locked</c>.</summary>
    public ProviderHttpOptions Http { get; init; } = ProviderHttpOptions.Default with { LockedRetries = 5 };

    /// <summary>Reads the options for the run's environment.</summary>
    public static NeonOptions FromContext(ProviderContext context)
    {
        var section = EnvironmentsFile.Section(context.ConfigDirectory, context.EnvironmentName, "neon");
        return new NeonOptions
        {
            BaseUrl = new Uri(ProviderSetting.Resolve(context.Variables, section, "apiBaseUrl", DefaultBaseUrl.ToString(), "NEON_API_BASE_URL")!),
        }.Validate();
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public NeonOptions Validate()
    {
        if (!BaseUrl.IsAbsoluteUri || BaseUrl.Scheme is not ("http" or "https"))
            throw new ArgumentException($"The Neon API base URL must be an absolute http(s) URL, not '{BaseUrl}'.", nameof(BaseUrl));
        if (PollInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "must be positive");
        if (OperationTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(OperationTimeout), OperationTimeout, "must be positive");
        Http.Validate();
        return this;
    }
}

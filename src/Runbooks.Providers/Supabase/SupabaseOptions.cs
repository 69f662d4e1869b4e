using Runbooks.Providers.Configuration;
using Runbooks.Providers.Http;

namespace Runbooks.Providers.Supabase;

/// <summary>
/// Where the Supabase Management API client sends calls and how it waits for a restore. Built from the run's environment
/// by <see cref="FromContext"/>: <c>SUPABASE_API_BASE_URL</c> wins over <c>.config/environments.json</c>, which wins over
/// the real API.
/// </summary>
public sealed record SupabaseOptions
{
    /// <summary>The real API.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.supabase.com");

    /// <summary>The secret the personal access token is read from.</summary>
    public const string TokenVariable = "SUPABASE_ACCESS_TOKEN";

    /// <summary>The API base URL.</summary>
    public Uri BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>How often the project's status is polled during a restore (60 requests a minute is the documented limit).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an in-place restore may take before the runbook gives up waiting (real-world).</summary>
    public TimeSpan RestoreTimeout { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>How long the project may still read healthy after the restore was accepted before the restore counts as not started.</summary>
    public TimeSpan StartGrace { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Timeouts and retries.</summary>
    public ProviderHttpOptions Http { get; init; } = ProviderHttpOptions.Default;

    /// <summary>Reads the options for the run's environment.</summary>
    public static SupabaseOptions FromContext(ProviderContext context)
    {
        var section = EnvironmentsFile.Section(context.ConfigDirectory, context.EnvironmentName, "supabase");
        return new SupabaseOptions
        {
            BaseUrl = new Uri(ProviderSetting.Resolve(context.Variables, section, "apiBaseUrl", DefaultBaseUrl.ToString(), "SUPABASE_API_BASE_URL")!),
        }.Validate();
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public SupabaseOptions Validate()
    {
        if (!BaseUrl.IsAbsoluteUri || BaseUrl.Scheme is not ("http" or "https"))
            throw new ArgumentException($"The Supabase API base URL must be an absolute http(s) URL, not '{BaseUrl}'.", nameof(BaseUrl));
        if (PollInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "must be positive");
        if (RestoreTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RestoreTimeout), RestoreTimeout, "must be positive");
        if (StartGrace <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(StartGrace), StartGrace, "must be positive");
        Http.Validate();
        return this;
    }
}

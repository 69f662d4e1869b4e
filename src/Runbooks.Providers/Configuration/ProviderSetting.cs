namespace Runbooks.Providers.Configuration;

/// <summary>
/// Resolves one provider setting the way wrangler does: an environment variable wins (e.g.
/// <c>CLOUDFLARE_API_BASE_URL</c>), then the chosen environment's section of <c>.config/environments.json</c>,
/// then the built-in default.
/// </summary>
public static class ProviderSetting
{
    /// <summary>The first non-empty of the variables, the config key, and <paramref name="fallback"/>.</summary>
    public static string? Resolve(IReadOnlyDictionary<string, string> section, string key, string? fallback, params string[] variables)
    {
        foreach (var variable in variables)
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value) return value;
        return section.TryGetValue(key, out var configured) && configured.Length > 0 ? configured : fallback;
    }
}
